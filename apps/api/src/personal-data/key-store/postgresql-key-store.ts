import pg from 'pg';
import { describeUrl, durableConnection, StoreUnavailableError, unavailableReason } from '#libs/event-store';
import { positionText, type IdNumberClaim, type KeyCandidate, type KeyOutcome, type KeyStore } from './key-store.port.js';

/**
 * `person_keys` is split by hash of the person id into this many partitions: an erasure rewrites only
 * its partition (`VACUUM FULL`), a small table, so the rewrite is short and blocks only the readers of
 * that sixteenth.
 */
export const KEY_PARTITIONS = 16;
/** First key of the two-key advisory locks taken per person (the event store's single-key lock is another space). */
const PERSON_LOCK_CLASS = 734_046;
/** Key of the advisory lock under which the schema is created by one process at a time. */
const SCHEMA_LOCK_KEY = '7340461273095312';
/** How long the rewrite after an erasure waits for readers of the partition before it gives up and is tried again. */
const VACUUM_LOCK_TIMEOUT = '2s';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS person_keys (person_id text NOT NULL PRIMARY KEY, key bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())
     PARTITION BY HASH (person_id)`,
  ...Array.from(
    { length: KEY_PARTITIONS },
    (_, index) => `CREATE TABLE IF NOT EXISTS person_keys_${index} PARTITION OF person_keys FOR VALUES WITH (MODULUS ${KEY_PARTITIONS}, REMAINDER ${index})`,
  ),
  // Person ids (random, no personal data) whose key was destroyed: no key is ever created for them again.
  'CREATE TABLE IF NOT EXISTS erased_persons (person_id text PRIMARY KEY, erased_at timestamptz NOT NULL DEFAULT now())',
  'CREATE TABLE IF NOT EXISTS erasures_begun (person_id text PRIMARY KEY, begun_at timestamptz NOT NULL DEFAULT clock_timestamp())',
  // Which person each ID number (its keyed hash) belongs to, split like the keys so that an erasure rewrites a sixteenth.
  `CREATE TABLE IF NOT EXISTS id_numbers (id_number_hash text NOT NULL PRIMARY KEY, person_id text NOT NULL, claimed_at timestamptz NOT NULL DEFAULT now())
     PARTITION BY HASH (id_number_hash)`,
  ...Array.from(
    { length: KEY_PARTITIONS },
    (_, index) => `CREATE TABLE IF NOT EXISTS id_numbers_${index} PARTITION OF id_numbers FOR VALUES WITH (MODULUS ${KEY_PARTITIONS}, REMAINDER ${index})`,
  ),
  'CREATE INDEX IF NOT EXISTS id_numbers_by_person ON id_numbers (person_id)',
  // Partitions of id_numbers an erasure deleted from and has still to rewrite (person ids and numbers only, no hash).
  'CREATE TABLE IF NOT EXISTS id_number_rewrites (person_id text NOT NULL, part int NOT NULL, PRIMARY KEY (person_id, part))',
  // How far the event log's erasures were applied to this database (KeyStore.erasuresAppliedThrough), as 20-digit text.
  'CREATE TABLE IF NOT EXISTS erasure_log (id int PRIMARY KEY CHECK (id = 1), applied_through text NOT NULL)',
];

/** Locks the persons in one order (by lock key) in every transaction: two groups never wait for each other in a circle. */
const LOCK_PERSONS = `SELECT pg_advisory_xact_lock(${PERSON_LOCK_CLASS}, h) FROM (SELECT DISTINCT hashtext(id) AS h FROM unnest($1::text[]) AS id ORDER BY h) AS locks`;

/**
 * The key store every api process shares, in PostgreSQL (the event store's server, or another:
 * `KEY_STORE_URL`). Commits with `synchronous_commit=on`. Keys are never cached: each read asks the
 * server, so an erasure committed by one process is seen by the next read of every other.
 *
 * A person's key is created and erased under a transaction-scoped advisory lock on that person: a
 * creation that raced an erasure either comes first (and the erasure destroys what it made) or sees the
 * person erased. An erasure overwrites the key with zeros, deletes the row, then rewrites the
 * partition (`VACUUM FULL`), so that no live file of the table keeps the old row version: a plain
 * VACUUM frees the space of a dead row but does not overwrite it.
 */
export class PostgresKeyStore implements KeyStore {
  readonly kind = 'postgresql';

  private constructor(
    private readonly pool: pg.Pool,
    private readonly where: string,
  ) {}

  static async connect(url: string): Promise<PostgresKeyStore> {
    const where = describeUrl(url);
    let pool: pg.Pool | undefined;
    try {
      pool = new pg.Pool({ ...durableConnection(url), max: 5, connectionTimeoutMillis: 5000 });
      // An idle connection that dies (server restart) is dropped by the pool; the next query reconnects.
      pool.on('error', () => undefined);
      await inTransaction(pool, async (client) => {
        await client.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK_KEY})`);
        for (const statement of SCHEMA) await client.query(statement);
      });
      return new PostgresKeyStore(pool, where);
    } catch (error) {
      await pool?.end().catch(() => undefined);
      const reason = unavailableReason(error) ?? (error instanceof Error ? error.message.split('\n')[0] : String(error));
      throw new StoreUnavailableError(`cannot open the PostgreSQL key store at ${where}: ${reason}`, { cause: error });
    }
  }

  async getKeys(personIds: readonly string[]): Promise<Map<string, Buffer>> {
    if (personIds.length === 0) return new Map();
    const { rows } = await this.query<{ person_id: string; key: Buffer }>('SELECT person_id, key FROM person_keys WHERE person_id = ANY($1::text[])', [personIds]);
    return new Map(rows.map((row) => [row.person_id, row.key]));
  }

  async createKeys(candidates: readonly KeyCandidate[]): Promise<KeyOutcome[]> {
    const ids = candidates.map((c) => c.personId);
    return this.transaction(async (client) => {
      await client.query(LOCK_PERSONS, [ids]);
      await client.query(
        `INSERT INTO person_keys (person_id, key)
         SELECT c.id, c.key FROM unnest($1::text[], $2::bytea[]) AS c(id, key)
         WHERE NOT EXISTS (SELECT 1 FROM erased_persons e WHERE e.person_id = c.id)
         ON CONFLICT (person_id) DO NOTHING`,
        [ids, candidates.map((c) => c.candidate)],
      );
      const keys = await client.query<{ person_id: string; key: Buffer }>('SELECT person_id, key FROM person_keys WHERE person_id = ANY($1::text[])', [ids]);
      const erased = await client.query<{ person_id: string }>('SELECT person_id FROM erased_persons WHERE person_id = ANY($1::text[])', [ids]);
      const keyOf = new Map(keys.rows.map((row) => [row.person_id, row.key]));
      const wasErased = new Set(erased.rows.map((row) => row.person_id));
      return candidates.map(({ personId }): KeyOutcome => {
        if (wasErased.has(personId)) return { erased: true };
        const key = keyOf.get(personId);
        return key ? { key } : { error: new Error('key store: a created key cannot be read back') };
      });
    });
  }

  async findIdNumber(idNumberHash: string): Promise<string | null> {
    const { rows } = await this.query<{ person_id: string }>('SELECT person_id FROM id_numbers WHERE id_number_hash = $1', [idNumberHash]);
    return rows[0]?.person_id ?? null;
  }

  /**
   * Under the claiming person's lock (ordered against an erasure of that person): insert unless the hash
   * has an owner. A concurrent claim of the same hash waits on the unique key and then does nothing
   * (`ON CONFLICT DO NOTHING`, never a duplicate-key error); the read after it, a new snapshot under READ
   * COMMITTED, sees whichever claim committed.
   */
  async claimIdNumber(idNumberHash: string, personId: string): Promise<IdNumberClaim> {
    return this.transaction(async (client) => {
      await client.query(LOCK_PERSONS, [[personId]]);
      await client.query(
        `INSERT INTO id_numbers (id_number_hash, person_id) SELECT $1, $2
         WHERE NOT EXISTS (SELECT 1 FROM erased_persons WHERE person_id = $2)
         ON CONFLICT (id_number_hash) DO NOTHING`,
        [idNumberHash, personId],
      );
      const { rows } = await client.query<{ person_id: string }>('SELECT person_id FROM id_numbers WHERE id_number_hash = $1', [idNumberHash]);
      return rows[0] ? { personId: rows[0].person_id } : { erased: true };
    });
  }

  async beginErasure(personId: string): Promise<void> {
    await this.query('INSERT INTO erasures_begun (person_id) VALUES ($1) ON CONFLICT (person_id) DO NOTHING', [personId]);
  }

  async abandonErasure(personId: string): Promise<void> {
    await this.query('DELETE FROM erasures_begun WHERE person_id = $1', [personId]);
  }

  async erasuresBegun(): Promise<string[]> {
    return (await this.query<{ person_id: string }>('SELECT person_id FROM erasures_begun ORDER BY begun_at, person_id')).rows.map((row) => row.person_id);
  }

  async wasErased(personId: string): Promise<boolean> {
    return (await this.query('SELECT 1 FROM erased_persons WHERE person_id = $1', [personId])).rowCount! > 0;
  }

  async erasuresAppliedThrough(): Promise<bigint | null> {
    const { rows } = await this.query<{ applied_through: string }>('SELECT applied_through FROM erasure_log WHERE id = 1');
    return rows.length === 0 ? null : BigInt(rows[0]!.applied_through);
  }

  async recordErasuresAppliedThrough(position: bigint): Promise<void> {
    await this.query(
      `INSERT INTO erasure_log (id, applied_through) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET applied_through = greatest(erasure_log.applied_through, excluded.applied_through)`,
      [positionText(position)],
    );
  }

  /**
   * Overwrite and delete the key, delete the person's ID-number entries, and remember, in one
   * transaction under the person's lock (unreadable for every process once it commits); then the key's
   * partition and each partition of `id_numbers` an entry lived in are rewritten. A transaction still open elsewhere whose
   * snapshot may see the old row would have it copied into the new files: while one exists, or while
   * readers keep the partition locked longer than `VACUUM_LOCK_TIMEOUT`, the answer is false and the
   * caller tries again (the note of the erasure stays until then).
   */
  async tryErase(personId: string): Promise<boolean> {
    const partition = await this.transaction(async (client) => {
      await client.query(LOCK_PERSONS, [[personId]]);
      await client.query(`UPDATE person_keys SET key = '\\x${'00'.repeat(32)}'::bytea WHERE person_id = $1`, [personId]);
      await client.query('DELETE FROM person_keys WHERE person_id = $1', [personId]);
      await client.query('INSERT INTO erased_persons (person_id) VALUES ($1) ON CONFLICT (person_id) DO NOTHING', [personId]);
      // The ID number goes with the key; the partitions it lived in are rewritten below (remembered for a retry).
      await client.query(
        `WITH gone AS (DELETE FROM id_numbers WHERE person_id = $1 RETURNING id_number_hash)
         INSERT INTO id_number_rewrites (person_id, part)
         SELECT DISTINCT $1, i FROM gone, generate_series(0, ${KEY_PARTITIONS - 1}) AS i
         WHERE satisfies_hash_partition('id_numbers'::regclass, ${KEY_PARTITIONS}, i, gone.id_number_hash)
         ON CONFLICT DO NOTHING`,
        [personId],
      );
      const found = await client.query<{ partition: number }>(
        `SELECT i AS partition FROM generate_series(0, ${KEY_PARTITIONS - 1}) AS i WHERE satisfies_hash_partition('person_keys'::regclass, ${KEY_PARTITIONS}, i, $1::text)`,
        [personId],
      );
      return found.rows[0].partition;
    });
    const client = await this.connect();
    try {
      const committedAt = (await client.query<{ now: string }>('SELECT clock_timestamp()::text AS now')).rows[0].now;
      // A transaction open since before the erasure committed may hold a snapshot that still sees the row.
      const older = await client.query(
        `SELECT 1 FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL AND xact_start < $1::timestamptz`,
        [committedAt],
      );
      if (older.rowCount! > 0) return false;
      await client.query(`SET lock_timeout = '${VACUUM_LOCK_TIMEOUT}'`);
      const rewrites = await client.query<{ part: number }>('SELECT part FROM id_number_rewrites WHERE person_id = $1', [personId]);
      try {
        await client.query(`VACUUM (FULL) person_keys_${partition}`);
        for (const { part } of rewrites.rows) await client.query(`VACUUM (FULL) id_numbers_${Number(part)}`);
      } catch (error) {
        if ((error as { code?: string }).code === '55P03') return false;
        throw error;
      } finally {
        await client.query('RESET lock_timeout').catch(() => undefined);
      }
      await client.query('DELETE FROM id_number_rewrites WHERE person_id = $1', [personId]);
      await client.query('DELETE FROM erasures_begun WHERE person_id = $1', [personId]);
      return true;
    } catch (error) {
      throw this.unavailableOr(error);
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      throw this.unavailableOr(error);
    }
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw this.unavailableOr(error);
    }
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(this.pool, work);
    } catch (error) {
      throw this.unavailableOr(error);
    }
  }

  private unavailableOr(error: unknown): unknown {
    if (error instanceof StoreUnavailableError) return error;
    const reason = unavailableReason(error);
    return reason === undefined ? error : new StoreUnavailableError(`key store ${this.where} unavailable: ${reason}`, { cause: error });
  }
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
