import type { Pool } from 'pg';
import type { SerialisedEvent } from '../append-validation.js';
import { InvalidAppendError, WrongExpectedRevisionError, type AppendResult, type ExpectedRevision } from '../event-store.port.js';
import { toStoreError } from './postgresql-errors.js';

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

export interface PostgresAppendWriterOptions {
  /** Send the appends queued while the previous group committed as one call (one transaction) instead of one each. */
  groupCommit: boolean;
  clock: () => Date;
  /** Resolves once everything that must be ordered before the next append (a subscription's 'end') is settled. */
  barrier: () => Promise<unknown>;
  /** Called after each call that committed something: wakes this process's live subscriptions at once. */
  onCommit: () => void;
  /** host:port/database, for error messages. */
  where: string;
}

/** Appends per call at most: bounds the statement's size and the time the append lock is held. */
const MAX_GROUP = 1000;

const APPEND_SQL = 'SELECT append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) AS results';

/**
 * The single writer of this process. One group is in flight at a time: appends that arrive while it
 * commits queue up and go together in the next call of `append_events`, one transaction and one round
 * trip (PostgreSQL's own group commit then shares the WAL flush between processes). Promises settle
 * only after the call returned, i.e. after COMMIT.
 */
export class PostgresAppendWriter {
  /** Calls (transactions) committed and appends they carried; the tests and the benchmark read them. */
  readonly stats = { commits: 0, appends: 0 };
  private queue: PendingAppend[] = [];
  private running = false;
  private drainWaiters: Array<() => void> = [];

  constructor(
    private readonly pool: Pool,
    private readonly options: PostgresAppendWriterOptions,
  ) {}

  enqueue(append: PendingAppend): void {
    this.queue.push(append);
    if (!this.running) {
      this.running = true;
      setImmediate(() => void this.run());
    }
  }

  /** Resolves once every queued append has been committed or refused. */
  drain(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0) {
      await this.options.barrier();
      await this.commitGroup(this.queue.splice(0, this.options.groupCommit ? MAX_GROUP : 1));
    }
    this.running = false;
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  private async commitGroup(group: PendingAppend[]): Promise<void> {
    const columns = {
      append: [] as number[],
      stream: [] as string[],
      category: [] as string[],
      expected: [] as string[],
      count: [] as number[],
      id: [] as string[],
      type: [] as string[],
      data: [] as string[],
      metadata: [] as string[],
    };
    group.forEach((append, index) => {
      for (const part of append.parts) {
        columns.append.push(index);
        columns.stream.push(part.streamId);
        columns.category.push(part.category);
        columns.expected.push(String(part.expected));
        columns.count.push(part.events.length);
        for (const event of part.events) {
          columns.id.push(event.id);
          columns.type.push(event.type);
          columns.data.push(event.data);
          columns.metadata.push(event.metadata);
        }
      }
    });
    let results: string[];
    try {
      const { rows } = await this.pool.query<{ results: string[] }>({
        name: 'append_events',
        text: APPEND_SQL,
        values: [
          columns.append,
          columns.stream,
          columns.category,
          columns.expected,
          columns.count,
          columns.id,
          columns.type,
          columns.data,
          columns.metadata,
          this.options.clock().toISOString(),
        ],
      });
      results = rows[0].results;
    } catch (error) {
      // Nothing of the group was written: the call is one transaction.
      const mapped = toStoreError(error, this.options.where);
      for (const append of group) append.reject(mapped);
      return;
    }
    this.stats.commits++;
    this.stats.appends += group.length;
    let committed = false;
    group.forEach((append, index) => {
      const outcome = results[index];
      try {
        append.resolve(parseOutcome(outcome, append));
        committed = true;
      } catch (error) {
        append.reject(error);
      }
    });
    if (committed) this.options.onCommit();
  }
}

const parseOutcome = (outcome: string, append: PendingAppend): AppendResult[] => {
  if (outcome.startsWith('SS409 ')) {
    const { part, actual } = JSON.parse(outcome.slice(6)) as { part: number; actual: number | null };
    const failed = append.parts[part];
    throw new WrongExpectedRevisionError(failed.streamId, failed.expected, actual);
  }
  if (outcome.startsWith('SS422 ')) {
    const { part } = JSON.parse(outcome.slice(6)) as { part: number };
    const failed = append.parts[part];
    throw new InvalidAppendError('event_id_reused', `append to ${failed.streamId}: an event id of this append is already used by another event`);
  }
  return outcome.split(',').map((pair, index) => {
    const [revision, position] = pair.split(':');
    return { streamId: append.parts[index].streamId, revision: Number(revision), position: BigInt(position) };
  });
};
