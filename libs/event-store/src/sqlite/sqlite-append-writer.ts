import type Database from 'better-sqlite3';
import type { SerialisedEvent } from '../append-validation.js';
import { canonicalJson } from '../hash-chain.js';
import {
  InvalidAppendError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendResult,
  type ExpectedRevision,
} from '../event-store.port.js';
import { toStoreError } from './sqlite-errors.js';

export interface StreamAppend {
  streamId: string;
  category: string;
  events: SerialisedEvent[];
  expected: ExpectedRevision;
}

/** One caller's append: one stream, or several written atomically (all or none). */
export interface PendingAppend {
  parts: StreamAppend[];
  resolve(results: AppendResult[]): void;
  reject(error: unknown): void;
}

export interface AppendWriterOptions {
  /** Commit the appends queued in one event-loop turn in one transaction (one fsync) instead of one each. */
  groupCommit: boolean;
  clock: () => Date;
  /** Called after each COMMIT that wrote something: wakes the live subscriptions of this process. */
  onCommit: () => void;
}

interface StoredEventRow {
  event_id: string;
  revision: number;
  position: number;
  type: string;
  data: string;
  metadata: string;
}

/** Appends per transaction at most: bounds the time the write lock is held and the WAL grows at once. */
const MAX_GROUP = 1000;

/**
 * The single writer of the store. better-sqlite3 is synchronous, so a COMMIT (and its fsync) blocks the
 * event loop: appends arriving meanwhile queue up and are flushed together on the next turn. Each
 * append runs inside its own SAVEPOINT, so a wrong revision fails that append alone; promises settle only
 * after the COMMIT returned, i.e. once the events are on disk.
 */
export class SqliteAppendWriter {
  /** Transactions committed and appends they carried; the tests and the benchmark read them. */
  readonly stats = { commits: 0, appends: 0 };
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private drainWaiters: Array<() => void> = [];
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    private readonly options: AppendWriterOptions,
  ) {
    this.statements = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT append'),
      release: db.prepare('RELEASE append'),
      rollbackToSavepoint: db.prepare('ROLLBACK TO append'),
      lastRevision: db.prepare<[string], number>('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1').pluck(),
      range: db.prepare<[string, number, number], StoredEventRow>(
        'SELECT event_id, revision, position, type, data, metadata FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      insert: db.prepare(
        'INSERT INTO events (stream_id, revision, category, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  enqueue(append: PendingAppend): void {
    this.queue.push(append);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  /** Resolves once every queued append has been committed or refused. */
  drain(): Promise<void> {
    if (!this.flushScheduled) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    while (this.queue.length > 0) this.commitGroup(this.queue.splice(0, this.options.groupCommit ? MAX_GROUP : 1));
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  };

  private commitGroup(group: PendingAppend[]): void {
    const { statements } = this;
    const recordedAt = this.options.clock().toISOString();
    const outcomes: Array<{ result: AppendResult[] } | { error: unknown }> = [];
    try {
      statements.begin.run();
      for (const append of group) {
        statements.savepoint.run();
        try {
          outcomes.push({ result: append.parts.map((part) => this.write(part, recordedAt)) });
          statements.release.run();
        } catch (error) {
          const mapped = toStoreError(error, this.file);
          // A disk error may have rolled the whole transaction back: the group fails as one.
          if (mapped instanceof StoreUnavailableError) throw mapped;
          statements.rollbackToSavepoint.run();
          statements.release.run();
          outcomes.push({ error: mapped });
        }
      }
      statements.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.rollbackQuietly();
      const mapped = toStoreError(error, this.file);
      for (const append of group) append.reject(mapped);
      return;
    }
    this.stats.commits++;
    this.stats.appends += group.length;
    group.forEach((append, index) => {
      const outcome = outcomes[index];
      if ('result' in outcome) append.resolve(outcome.result);
      else append.reject(outcome.error);
    });
    if (outcomes.some((outcome) => 'result' in outcome)) this.options.onCommit();
  }

  private rollbackQuietly(): void {
    try {
      this.statements.rollback.run();
    } catch {
      // The connection already rolled back on its own (SQLITE_FULL, SQLITE_IOERR do): nothing to undo.
    }
  }

  private write(append: StreamAppend, recordedAt: string): AppendResult {
    const { streamId, category, events, expected } = append;
    const current = this.statements.lastRevision.get(streamId) ?? null;
    const retry = this.findRetry(append, current);
    if (retry !== null) return retry;
    if (!satisfies(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current);
    let revision = current ?? -1;
    let position = 0;
    for (const event of events) {
      revision++;
      const info = this.statements.insert.run(streamId, revision, category, event.id, event.type, event.data, event.metadata, recordedAt);
      position = Number(info.lastInsertRowid);
    }
    return { streamId, revision, position: BigInt(position) };
  }

  /**
   * Recognises a retry as KurrentDB does: the stream already holds these ids where the expected revision
   * put them (right after it; for `any`/`exists`, as the last events of the stream). A true retry gets the
   * original result and writes nothing; one of these ids with other content is refused.
   */
  private findRetry(append: StreamAppend, current: number | null): AppendResult | null {
    const { streamId, events, expected } = append;
    if (current === null) return null;
    const first =
      expected === 'no_stream' ? 0 : typeof expected === 'number' ? expected + 1 : current - events.length + 1;
    // An exact revision that matches cannot be a retry: nothing was written after it.
    if (first < 0 || first > current) return null;
    const rows = this.statements.range.all(streamId, first, events.length);
    if (rows.length !== events.length || rows.some((row, index) => row.event_id !== events[index].id)) return null;
    rows.forEach((row, index) => {
      const event = events[index];
      if (row.type !== event.type || !sameJson(row.data, event.data) || !sameJson(row.metadata, event.metadata)) {
        throw new InvalidAppendError('event_id_reused', `append to ${streamId}: event id ${event.id} is already used by another event`);
      }
    });
    const last = rows[rows.length - 1];
    return { streamId, revision: last.revision, position: BigInt(last.position) };
  }
}

const satisfies = (expected: ExpectedRevision, current: number | null): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === null;
    case 'exists':
      return current !== null;
    default:
      return current === expected;
  }
};

const sameJson = (stored: string, appended: string): boolean =>
  stored === appended || canonicalJson(JSON.parse(stored)) === canonicalJson(JSON.parse(appended));
