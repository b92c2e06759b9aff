import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertCollectionName } from '../collection-names.js';
import { assertFieldPath, assertPaging, type DocumentFilter } from '../document-filter.js';
import type { AnyFields, FindOptions, ReadStore, ReadStoreHealth, StoredDocument, WriteOp } from '../read-store.port.js';
import { assertWriteBatch } from '../write-batch.js';
import { encodeOps, SqliteBatchWriter } from './sqlite-batch-writer.js';
import { openReadDatabase } from './sqlite-read-database.js';
import { SqliteWriterThread } from './sqlite-writer-thread.js';
import { orderBySql, valueExpression, whereSql } from './sqlite-query.js';

interface DocumentRow {
  id: string;
  position: bigint;
  doc: string;
}

/** Bound on cached prepared statements: filters with `$in` lists of many lengths make many shapes. */
const STATEMENT_CACHE_LIMIT = 500;

export interface SqliteReadStoreOptions {
  /**
   * Batch writes on a thread of their own, so that the projector projects one batch while another
   * is written: a rebuild spends about as long writing as projecting. For the projector's process.
   */
  writerThread?: boolean;
}

/**
 * Read models in `<dataDir>/read.sqlite`, one table per collection holding documents as JSON text.
 * A batch (documents and checkpoint) is one transaction (`openReadDatabase` for durability).
 */
export class SqliteReadStore implements ReadStore {
  readonly adapter = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly tables = new Set<string>();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly batches: BatchWrites;

  constructor(dataDir: string, options: SqliteReadStoreOptions = {}) {
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'read.sqlite');
    this.db = openReadDatabase(file);
    this.batches = options.writerThread ? new SqliteWriterThread(file) : inline(new SqliteBatchWriter(this.db));
  }

  async get<T = AnyFields>(collection: string, id: string): Promise<StoredDocument<T> | null> {
    if (!this.hasTable(collection)) return null;
    const row = this.statement(`SELECT id, position, doc FROM "${collection}" WHERE id = ?`, true).get(id) as DocumentRow | undefined;
    return row ? toDocument<T>(row) : null;
  }

  async getMany<T = AnyFields>(collection: string, ids: readonly string[]): Promise<StoredDocument<T>[]> {
    if (ids.length === 0 || !this.hasTable(collection)) return [];
    const statement = this.statement(`SELECT id, position, doc FROM "${collection}" WHERE id IN (SELECT value FROM json_each(?))`, true);
    return (statement.all(JSON.stringify(ids)) as DocumentRow[]).map((row) => toDocument<T>(row));
  }

  async find<T = AnyFields>(collection: string, options: FindOptions = {}): Promise<StoredDocument<T>[]> {
    assertPaging(options.limit, options.skip);
    const where = whereSql(options.filter);
    const orderBy = orderBySql(options.sort);
    if (!this.hasTable(collection)) return [];
    // SQLite needs a LIMIT before an OFFSET; -1 means none.
    const paging = options.limit === undefined && options.skip === undefined ? '' : ` LIMIT ${options.limit ?? -1} OFFSET ${options.skip ?? 0}`;
    const sql = `SELECT id, position, doc FROM "${collection}"${where.sql}${orderBy}${paging}`;
    const rows = this.statement(sql, true).all(...where.params) as DocumentRow[];
    return rows.map((row) => toDocument<T>(row));
  }

  async count(collection: string, filter?: DocumentFilter): Promise<number> {
    const where = whereSql(filter);
    if (!this.hasTable(collection)) return 0;
    const row = this.statement(`SELECT count(*) AS n FROM "${collection}"${where.sql}`).get(...where.params) as { n: number };
    return row.n;
  }

  async ensureIndex(collection: string, fields: readonly string[]): Promise<void> {
    fields.forEach(assertFieldPath);
    this.ensureTable(collection);
    const name = `${collection}__${fields.join('__').replaceAll('.', '_')}`;
    this.db.exec(`CREATE INDEX IF NOT EXISTS "${name}" ON "${collection}" (${fields.map(valueExpression).join(', ')})`);
  }

  async applyBatch(projection: string, ops: readonly WriteOp[], checkpoint: bigint): Promise<void> {
    assertWriteBatch(ops);
    await this.batches.applyBatch(projection, encodeOps(ops), checkpoint);
  }

  async applyPartialBatch(projection: string, ops: readonly WriteOp[], through: bigint): Promise<void> {
    assertWriteBatch(ops);
    await this.batches.applyPartialBatch(projection, encodeOps(ops), through);
  }

  async getUnfinishedBatch(projection: string): Promise<bigint | null> {
    const row = this.statement('SELECT through FROM _unfinished_batches WHERE projection = ?', true).get(projection) as { through: bigint } | undefined;
    return row?.through ?? null;
  }

  async getCheckpoint(projection: string): Promise<bigint | null> {
    const row = this.statement('SELECT position FROM _checkpoints WHERE projection = ?', true).get(projection) as { position: bigint } | undefined;
    return row?.position ?? null;
  }

  async deleteCheckpoint(projection: string): Promise<void> {
    this.db.transaction(() => {
      this.statement('DELETE FROM _checkpoints WHERE projection = ?').run(projection);
      this.statement('DELETE FROM _unfinished_batches WHERE projection = ?').run(projection);
    })();
  }

  async listCollections(prefix = ''): Promise<string[]> {
    const rows = this.statement(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND substr(name, 1, ?) = ? ORDER BY name`,
    ).all(prefix.length, prefix) as { name: string }[];
    return rows.map((row) => row.name);
  }

  async dropCollections(prefix: string): Promise<void> {
    const names = await this.listCollections(prefix);
    await this.batches.dropCollections(names);
    for (const name of names) this.tables.delete(name);
    // Dropping tables invalidates statements prepared against them.
    this.statements.clear();
  }

  async getActiveVersion(projection: string): Promise<number | null> {
    const row = this.statement('SELECT version FROM _active_versions WHERE projection = ?').get(projection) as { version: number } | undefined;
    return row?.version ?? null;
  }

  async setActiveVersion(projection: string, version: number): Promise<void> {
    this.statement(
      'INSERT INTO _active_versions (projection, version) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET version = excluded.version',
    ).run(projection, version);
  }

  /** On the batch writes' connection (`SqliteBatchWriter.tryAcquireLease` says why). */
  async tryAcquireLease(lease: string, owner: string, ttlMs: number, nowMs: number): Promise<boolean> {
    return this.batches.tryAcquireLease(lease, owner, ttlMs, nowMs);
  }

  async releaseLease(lease: string, owner: string): Promise<void> {
    await this.batches.releaseLease(lease, owner);
  }

  async health(): Promise<ReadStoreHealth> {
    try {
      this.db.prepare('SELECT 1').get();
      return { ok: true, adapter: this.adapter };
    } catch (error) {
      return { ok: false, adapter: this.adapter, detail: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    await this.batches.close();
    if (this.db.open) this.db.close();
  }

  private hasTable(collection: string): boolean {
    assertCollectionName(collection);
    if (this.tables.has(collection)) return true;
    const found = this.statement(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(collection) !== undefined;
    if (found) this.tables.add(collection);
    return found;
  }

  private ensureTable(collection: string): void {
    if (this.hasTable(collection)) return;
    this.db.exec(`CREATE TABLE IF NOT EXISTS "${collection}" (id TEXT PRIMARY KEY, position INTEGER NOT NULL, doc TEXT NOT NULL)`);
    this.tables.add(collection);
  }

  private statement(sql: string, safeIntegers = false): Database.Statement {
    const key = `${safeIntegers ? 'b' : 'n'}${sql}`;
    let statement = this.statements.get(key);
    if (!statement) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      statement = this.db.prepare(sql).safeIntegers(safeIntegers);
      this.statements.set(key, statement);
    }
    return statement;
  }
}

/** What the store's batch writes go through: its own connection, or a writer thread's. */
type BatchWrites = Pick<SqliteWriterThread, 'applyBatch' | 'applyPartialBatch' | 'dropCollections' | 'tryAcquireLease' | 'releaseLease' | 'close'>;

function inline(writer: SqliteBatchWriter): BatchWrites {
  return {
    applyBatch: async (...args) => writer.applyBatch(...args),
    applyPartialBatch: async (...args) => writer.applyPartialBatch(...args),
    dropCollections: async (...args) => writer.dropCollections(...args),
    tryAcquireLease: async (...args) => writer.tryAcquireLease(...args),
    releaseLease: async (...args) => writer.releaseLease(...args),
    close: async () => undefined,
  };
}

function toDocument<T>(row: DocumentRow): StoredDocument<T> {
  return { id: row.id, ...(JSON.parse(row.doc) as object), _position: row.position } as StoredDocument<T>;
}
