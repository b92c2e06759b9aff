import pg from 'pg';
import { validateMultiAppend } from '../append-validation.js';
import {
  StoreUnavailableError,
  type AppendRequest,
  type AppendResult,
  type EventFilter,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoreHealth,
  type SubscribeAllOptions,
  type Subscription,
} from '../event-store.port.js';
import { PostgresAppendWriter } from './postgresql-append-writer.js';
import { PostgresReadBatcher, type StreamRow } from './postgresql-read-batcher.js';
import { describeUrl, toStoreError, unavailableReason } from './postgresql-errors.js';
import { APPEND_FUNCTION, APPEND_LOCK_KEY, EVENTS_TABLE } from './postgresql-schema.js';
import { CommitListener, PostgresSubscription, type LivePage, type LiveReader } from './postgresql-subscription.js';

export interface PostgresEventStoreOptions {
  /** `postgresql://user:password@host:5432/database` (node-postgres connection string). */
  url: string;
  /** Default true. Off: one call (one transaction) per append; the benchmark compares both. */
  groupCommit?: boolean;
  /** Default true. Off: one query per stream read instead of the reads queued meanwhile sharing one. */
  batchReads?: boolean;
  /** Connections for reads (the writer uses one of them). Default 10. */
  poolSize?: number;
  /** How often a live subscription reads while the LISTEN connection is down. Default 1000 ms. */
  pollIntervalMs?: number;
  /** The store's clock for `recordedAt`. */
  clock?: () => Date;
}

/** Rows fetched per query: a huge stream or a rebuild never sits in memory at once. */
const PAGE_SIZE = 500;
/** While LISTEN works, a subscription still reads this often: a safety net, not the wake-up. */
const LISTENING_POLL_MS = 30_000;
const MAX_POSITION = '9223372036854775807';
/** Batched stream reads on the wire at once (the pool's other connections serve appends and everything else). */
const READS_IN_FLIGHT = 2;

interface EventRow extends StreamRow {
  stream_id: string;
}

const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, recorded_at';
const FILTER = '($2::text[] IS NULL OR type = ANY($2)) AND ($3::text[] IS NULL OR category = ANY($3))';

/** Named: each connection of the pool parses and plans them once (node-postgres prepares a named query on first use). */
const SQL = {
  streamBackwards: `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3`,
  allForwards: `SELECT ${COLUMNS} FROM events WHERE position > $1 AND ${FILTER} ORDER BY position LIMIT $4`,
  allBackwards: `SELECT ${COLUMNS} FROM events WHERE position < $1 AND ${FILTER} ORDER BY position DESC LIMIT $4`,
  // One statement, one snapshot: the page and the head it was read against.
  live: `SELECT h.head, e.* FROM (SELECT coalesce(max(position), 0) AS head FROM events) h
         LEFT JOIN LATERAL (SELECT ${COLUMNS} FROM events WHERE position > $1 AND position <= h.head AND ${FILTER} ORDER BY position LIMIT $4) e ON true`,
  lastPosition: 'SELECT coalesce(max(position), 0) AS position FROM events',
  lastRevision: 'SELECT max(revision) AS revision FROM events WHERE stream_id = $1',
};

/**
 * The server event store on PostgreSQL: one `events` table, appends through the `append_events`
 * function (group commit: one transaction and one round trip per group), live subscriptions woken by
 * LISTEN/NOTIFY. Any number of processes may append to the same database at once.
 */
export class PostgresEventStore implements EventStore, LiveReader {
  readonly adapter = 'postgresql';
  private readonly writer: PostgresAppendWriter;
  private readonly reads: PostgresReadBatcher;
  private readonly subscriptions = new Set<PostgresSubscription>();
  /** Reads of 'end' for new subscriptions: appends wait for them, so 'end' is before any later append. */
  private readonly pendingStarts = new Set<Promise<unknown>>();
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly listener: CommitListener,
    private readonly where: string,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.writer = new PostgresAppendWriter(pool, {
      groupCommit: options.groupCommit ?? true,
      clock: options.clock ?? (() => new Date()),
      barrier: () => (this.pendingStarts.size === 0 ? Promise.resolve() : Promise.allSettled([...this.pendingStarts])),
      onCommit: () => listener.notify(),
      where,
    });
    this.reads = new PostgresReadBatcher(pool, { batch: options.batchReads ?? true, maxInFlight: READS_IN_FLIGHT, where });
  }

  /**
   * Connects, creates the table and the append function if they are missing, and starts listening.
   * An unreachable server or a wrong URL fails here with a one-line `StoreUnavailableError`.
   */
  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const where = describeUrl(options.url);
    let pool: pg.Pool | undefined;
    let listener: CommitListener | undefined;
    try {
      pool = new pg.Pool({ ...durableConnection(options.url), max: options.poolSize ?? 10, connectionTimeoutMillis: 5000 });
      // An idle connection that dies (server restart) is dropped by the pool; the next query reconnects.
      pool.on('error', () => undefined);
      await createSchema(pool);
      listener = new CommitListener(options.url);
      await listener.start();
      return new PostgresEventStore(pool, listener, where, options);
    } catch (error) {
      await listener?.close();
      await pool?.end().catch(() => undefined);
      const reason = unavailableReason(error) ?? (error instanceof Error ? error.message.split('\n')[0] : String(error));
      throw new StoreUnavailableError(`cannot open the PostgreSQL event store at ${where}: ${reason}`, { cause: error });
    }
  }

  /** Calls committed and appends they carried, stream-read queries sent and the reads they answered, since the store was opened. */
  get stats(): { commits: number; appends: number; readQueries: number; reads: number } {
    return { ...this.writer.stats, readQueries: this.reads.stats.queries, reads: this.reads.stats.reads };
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const [result] = await this.appendMulti([{ streamId, events, expected }]);
    return result;
  }

  async appendMulti(requests: AppendRequest[]): Promise<AppendResult[]> {
    const parts = validateMultiAppend(requests).map(({ request, validated }) => ({
      streamId: request.streamId,
      category: validated.category,
      events: validated.events,
      expected: request.expected,
    }));
    if (this.closing) throw new StoreUnavailableError(`event store ${this.where} is closed`);
    return new Promise<AppendResult[]>((resolve, reject) => this.writer.enqueue({ parts, resolve, reject }));
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    let next = options.fromRevision ?? (forwards ? 0 : 2 ** 31 - 1);
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0 && next >= 0) {
      const limit = Math.min(PAGE_SIZE, remaining);
      const from = Math.min(next, 2 ** 31 - 1);
      const rows = forwards ? await this.forwardsPage(streamId, from, limit) : await this.query<EventRow>('streamBackwards', [streamId, from, limit]);
      for (const row of rows) yield toRecorded(row, streamId);
      if (rows.length < limit) return;
      remaining -= rows.length;
      next = rows[rows.length - 1].revision + (forwards ? 1 : -1);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    let from = options.after !== undefined ? options.after.toString() : forwards ? '0' : MAX_POSITION;
    const [types, categories] = filterParams(options.filter);
    while (remaining > 0) {
      // No page larger than asked for: the projector's head is `maxCount: 1`.
      const limit = Math.min(PAGE_SIZE, remaining);
      const rows = await this.query<EventRow>(forwards ? 'allForwards' : 'allBackwards', [from, types, categories, limit]);
      for (const row of rows) yield toRecorded(row, row.stream_id);
      if (rows.length < limit) return;
      remaining -= rows.length;
      from = rows[rows.length - 1].position;
    }
  }

  async livePage(after: bigint, filter: EventFilter | undefined, limit: number): Promise<LivePage> {
    const [types, categories] = filterParams(filter);
    const rows = await this.query<EventRow & { head: string }>('live', [after.toString(), types, categories, limit]);
    return {
      head: BigInt(rows[0]?.head ?? '0'),
      events: rows.filter((row) => row.position !== null).map((row) => toRecorded(row, row.stream_id)),
    };
  }

  subscribeAll(options: SubscribeAllOptions): Subscription {
    if (this.closing) throw new StoreUnavailableError(`event store ${this.where} is closed`);
    const { from } = options;
    let start: Promise<bigint>;
    if (from === 'end') {
      start = this.lastPosition();
      this.pendingStarts.add(start);
      const settled = (): void => void this.pendingStarts.delete(start);
      start.then(settled, settled);
    } else {
      start = Promise.resolve(from === 'start' ? 0n : from.after);
    }
    const subscription = new PostgresSubscription(
      this,
      this.listener,
      start,
      options.filter,
      { pageSize: PAGE_SIZE, pollIntervalMs: this.options.pollIntervalMs ?? 1000, listeningPollIntervalMs: LISTENING_POLL_MS },
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async streamRevision(streamId: string): Promise<number | null> {
    const [row] = await this.query<{ revision: number | null }>('lastRevision', [streamId]);
    return row?.revision ?? null;
  }

  async lastPosition(): Promise<bigint> {
    const [row] = await this.query<{ position: string }>('lastPosition', []);
    return BigInt(row.position);
  }

  async health(): Promise<StoreHealth> {
    try {
      return { ok: true, adapter: this.adapter, detail: this.where, lastPosition: (await this.lastPosition()).toString() };
    } catch (error) {
      return { ok: false, adapter: this.adapter, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.writer.drain();
      await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
      await this.listener.close();
      await this.pool.end();
    })();
    return this.closing;
  }

  /** A page of a stream forwards: through the read batcher, or a query of its own. */
  private forwardsPage(streamId: string, from: number, limit: number): Promise<StreamRow[]> {
    if (this.closing) return Promise.reject(new StoreUnavailableError(`event store ${this.where} is closed`));
    return this.reads.read(streamId, from, limit);
  }

  /** A statement of `SQL` (named: prepared once per connection) or any other text. */
  private async query<T extends object>(statement: keyof typeof SQL | string, values: unknown[]): Promise<T[]> {
    if (this.closing) throw new StoreUnavailableError(`event store ${this.where} is closed`);
    const named = Object.hasOwn(SQL, statement) ? { name: `ss_${statement}`, text: SQL[statement as keyof typeof SQL] } : { text: statement };
    try {
      return (await this.pool.query<T>({ ...named, values })).rows;
    } catch (error) {
      throw toStoreError(error, this.where);
    }
  }
}

/** Creates the table and the function under the append lock, so that processes starting together do not race. */
const createSchema = async (pool: pg.Pool): Promise<void> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY})`);
    await client.query(EVENTS_TABLE);
    await client.query(APPEND_FUNCTION);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};

const filterParams = (filter: EventFilter | undefined): [string[] | null, string[] | null] => [
  filter?.eventTypes?.length ? filter.eventTypes : null,
  filter?.streamCategories?.length ? filter.streamCategories : null,
];

const toRecorded = (row: StreamRow, streamId: string): RecordedEvent => ({
  id: row.event_id,
  type: row.type,
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata),
  streamId,
  revision: row.revision,
  position: BigInt(row.position),
  recordedAt: row.recorded_at.toISOString(),
});

/**
 * Acknowledged means flushed to disk, whatever the server's or the URL's default: every connection
 * starts with `synchronous_commit=on` in its startup packet, after any `options` the URL gives (the
 * last setting wins), so no query can run on a connection before it holds.
 */
export function durableConnection(url: string): { connectionString: string; options: string } {
  const target = new URL(url);
  const given = target.searchParams.get('options');
  target.searchParams.delete('options');
  return { connectionString: target.href, options: [given, '-c synchronous_commit=on'].filter(Boolean).join(' ') };
}
