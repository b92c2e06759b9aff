import type { Pool } from 'pg';
import { StoreUnavailableError } from '../event-store.port.js';
import { toStoreError } from './postgresql-errors.js';

/** A stream's row as the reads return it (`position` is a bigint, sent as text). */
export interface StreamRow {
  position: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: Date;
}

export interface PostgresReadBatcherOptions {
  /** Off: every read is a query of its own, sent at once. */
  batch: boolean;
  /** Batched queries on the wire at once; reads arriving meanwhile wait for the next. */
  maxInFlight: number;
  /** host:port/database, for error messages. */
  where: string;
}

interface PendingRead {
  streamId: string;
  fromRevision: number;
  limit: number;
  resolve(rows: StreamRow[]): void;
  reject(error: unknown): void;
}

/** Reads per query at most: bounds the statement and the rows it returns (each read asks for a page at most). */
const MAX_BATCH = 256;

const STREAM_COLUMNS = 'position, revision, event_id, type, data, metadata, recorded_at';

/** One stream's page, forwards: the query of a read that has no company. */
const SINGLE = {
  name: 'ss_read_stream',
  text: `SELECT ${STREAM_COLUMNS} FROM events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
};

/**
 * Many streams' pages in one statement: each read is a row of the arrays (stream, first revision,
 * limit), answered by its own index scan; `ord` says which read a row belongs to.
 */
const BATCH = {
  name: 'ss_read_streams',
  text: `SELECT r.ord::integer AS ord, e.position, e.revision, e.event_id, e.type, e.data, e.metadata, e.recorded_at
           FROM unnest($1::text[], $2::integer[], $3::integer[]) WITH ORDINALITY AS r(stream_id, from_revision, max_rows, ord)
           CROSS JOIN LATERAL (
             SELECT ${STREAM_COLUMNS} FROM events
              WHERE events.stream_id = r.stream_id AND events.revision >= r.from_revision
              ORDER BY events.revision LIMIT r.max_rows) e`,
};

/**
 * Coalesces the forward stream reads of this process, as the append writer coalesces appends: reads
 * that arrive while `maxInFlight` batches are on the wire queue up and go together as one query (one
 * round trip, one statement in the server) when a batch returns.
 *
 * Consistency: a read joins only a batch that has not been sent yet, and a batch is sent after every
 * read in it was asked for. Its statement's snapshot is therefore taken after the read started, and
 * sees every append acknowledged (committed) before it: batching changes no read's answer.
 *
 * A batch that fails for a reason other than the server being unavailable (one read's bad input, say)
 * is asked again read by read, so each read gets its own answer and one bad read fails alone.
 */
export class PostgresReadBatcher {
  /** Queries sent and reads they answered; the tests and the benchmark read them. */
  readonly stats = { queries: 0, reads: 0 };
  private queue: PendingRead[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly pool: Pool,
    private readonly options: PostgresReadBatcherOptions,
  ) {}

  /** Up to `limit` events of `streamId` from `fromRevision` on, in revision order. */
  read(streamId: string, fromRevision: number, limit: number): Promise<StreamRow[]> {
    return new Promise((resolve, reject) => {
      const read = { streamId, fromRevision, limit, resolve, reject };
      if (this.options.batch) {
        this.queue.push(read);
        this.schedule();
      } else {
        void this.send([read]);
      }
    });
  }

  /** Sends at the next turn of the event loop, so that reads asked for in the same turn share a query. */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
        const batch = this.queue.splice(0, MAX_BATCH);
        this.inFlight++;
        void this.send(batch).finally(() => {
          this.inFlight--;
          if (this.queue.length > 0) this.schedule();
        });
      }
    });
  }

  private async send(batch: PendingRead[]): Promise<void> {
    if (batch.length === 1) {
      const [read] = batch;
      try {
        read.resolve(await this.single(read));
      } catch (error) {
        read.reject(toStoreError(error, this.options.where));
      }
      return;
    }
    let rows: Array<StreamRow & { ord: number }>;
    try {
      this.stats.queries++;
      this.stats.reads += batch.length;
      rows = (
        await this.pool.query<StreamRow & { ord: number }>({
          ...BATCH,
          values: [batch.map((read) => read.streamId), batch.map((read) => read.fromRevision), batch.map((read) => read.limit)],
        })
      ).rows;
    } catch (error) {
      const mapped = toStoreError(error, this.options.where);
      if (mapped instanceof StoreUnavailableError) {
        for (const read of batch) read.reject(mapped);
        return;
      }
      // Not the server: some read's input. Each read again on its own, so that only that one fails.
      await Promise.all(batch.map((read) => this.single(read).then(read.resolve, (single) => read.reject(toStoreError(single, this.options.where)))));
      return;
    }
    const answers: StreamRow[][] = batch.map(() => []);
    for (const row of rows) answers[row.ord - 1].push(row);
    batch.forEach((read, index) => {
      const answer = answers[index];
      // Each read's rows come from its own ordered index scan; sorted again only if the plan interleaved them.
      for (let i = 1; i < answer.length; i++) {
        if (answer[i].revision < answer[i - 1].revision) {
          answer.sort((a, b) => a.revision - b.revision);
          break;
        }
      }
      read.resolve(answer);
    });
  }

  private async single(read: PendingRead): Promise<StreamRow[]> {
    this.stats.queries++;
    this.stats.reads++;
    return (await this.pool.query<StreamRow>({ ...SINGLE, values: [read.streamId, read.fromRevision, read.limit] })).rows;
  }
}
