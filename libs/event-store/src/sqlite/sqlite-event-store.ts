import type Database from 'better-sqlite3';
import { validateMultiAppend } from '../append-validation.js';
import {
  StoreUnavailableError,
  type AppendRequest,
  type AppendResult,
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
import { SqliteAppendWriter } from './sqlite-append-writer.js';
import { PAGE_SIZE, SqliteEventReader } from './sqlite-event-reader.js';
import { openEventsDatabase } from './sqlite-schema.js';
import { CommitSignal, SqliteSubscription } from './sqlite-subscription.js';

export interface SqliteEventStoreOptions {
  /** The store lives in `<dataDir>/events.sqlite`. */
  dataDir: string;
  /** Default true. Off: one transaction (one fsync) per append; the benchmark compares both. */
  groupCommit?: boolean;
  /** How often a live subscription looks for commits made by another process. Default 250 ms. */
  pollIntervalMs?: number;
  /** The store's clock for `recordedAt`. */
  clock?: () => Date;
}

/** The embedded event store: one SQLite file, WAL, fsync at every commit. */
export class SqliteEventStore implements EventStore {
  readonly adapter = 'sqlite';
  private readonly reader: SqliteEventReader;
  private readonly writer: SqliteAppendWriter;
  private readonly signal = new CommitSignal();
  private readonly subscriptions = new Set<SqliteSubscription>();
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    private readonly options: SqliteEventStoreOptions,
  ) {
    this.reader = new SqliteEventReader(db, file);
    this.writer = new SqliteAppendWriter(db, file, {
      groupCommit: options.groupCommit ?? true,
      clock: options.clock ?? (() => new Date()),
      onCommit: () => this.signal.notify(),
    });
  }

  /** Opens or creates the store; an unusable `dataDir` fails with a one-line `StoreUnavailableError`. */
  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const { db, file } = openEventsDatabase(options.dataDir);
    return new SqliteEventStore(db, file, options);
  }

  /** Transactions committed and appends they carried since the store was opened. */
  get stats(): { commits: number; appends: number } {
    return { ...this.writer.stats };
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
    if (this.closing) throw new StoreUnavailableError(`event store ${this.file} is closed`);
    return new Promise<AppendResult[]>((resolve, reject) => this.writer.enqueue({ parts, resolve, reject }));
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    const from = options.fromRevision ?? (forwards ? 0 : Number.MAX_SAFE_INTEGER);
    yield* this.reader.stream(streamId, forwards, from, options.maxCount ?? Number.POSITIVE_INFINITY);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (remaining <= 0) return;
    // No page larger than asked for: the projector's head is `maxCount: 1`, asked at every /health and batch.
    const pageSize = Math.min(PAGE_SIZE, remaining);
    const events =
      (options.direction ?? 'forwards') === 'forwards'
        ? this.reader.forwards(options.after ?? 0n, this.reader.lastPosition(), options.filter, pageSize)
        : this.reader.backwards(options.after ?? this.reader.lastPosition() + 1n, options.filter, pageSize);
    for await (const event of events) {
      yield event;
      if (--remaining === 0) return;
    }
  }

  subscribeAll(options: SubscribeAllOptions): Subscription {
    if (this.closing) throw new StoreUnavailableError(`event store ${this.file} is closed`);
    const { from } = options;
    const after = from === 'start' ? 0n : from === 'end' ? this.reader.lastPosition() : from.after;
    const subscription = new SqliteSubscription(this.reader, this.signal, after, options.filter, this.options.pollIntervalMs ?? 250, (closed) =>
      this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async streamRevision(streamId: string): Promise<number | null> {
    return this.reader.lastRevision(streamId);
  }

  async lastPosition(): Promise<bigint> {
    return this.reader.lastPosition();
  }

  async health(): Promise<StoreHealth> {
    try {
      return { ok: true, adapter: this.adapter, detail: this.file, lastPosition: this.reader.lastPosition().toString() };
    } catch (error) {
      return { ok: false, adapter: this.adapter, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.writer.drain();
      await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
      this.db.close();
    })();
    return this.closing;
  }
}
