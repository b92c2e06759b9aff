import type Database from 'better-sqlite3';
import { StoreUnavailableError, type EventFilter, type RecordedEvent } from '../event-store.port.js';
import { toStoreError } from './sqlite-errors.js';

/** Rows fetched per query: a huge stream or a 10-million-event rebuild never sits in memory at once. */
export const PAGE_SIZE = 500;

/**
 * Positions scanned per query when a filter is set: a filter that matches little must not turn one
 * query into a scan of the whole log. Positions have no gaps, so this also bounds the rows read.
 */
const FILTER_WINDOW = 20_000;

interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

interface RangeParams {
  from: number;
  to: number;
  types: string | null;
  categories: string | null;
  limit: number;
}

const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, recorded_at';
const FILTER = `(@types IS NULL OR type IN (SELECT value FROM json_each(@types)))
  AND (@categories IS NULL OR category IN (SELECT value FROM json_each(@categories)))`;

/** Paged, bounded queries over the events table. Every generator fetches one page at a time. */
export class SqliteEventReader {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {
    this.statements = {
      lastPosition: db.prepare<[], number | null>('SELECT max(position) FROM events').pluck(),
      lastRevision: db.prepare<[string], number>('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1').pluck(),
      streamForwards: db.prepare<[string, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      ),
      streamBackwards: db.prepare<[string, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      ),
      allForwards: db.prepare<[RangeParams], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE position > @from AND position <= @to AND ${FILTER} ORDER BY position LIMIT @limit`,
      ),
      allBackwards: db.prepare<[RangeParams], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE position < @from AND position >= @to AND ${FILTER} ORDER BY position DESC LIMIT @limit`,
      ),
    };
  }

  lastPosition(): bigint {
    return BigInt(this.query(() => this.statements.lastPosition.get()) ?? 0);
  }

  lastRevision(streamId: string): number | null {
    return this.query(() => this.statements.lastRevision.get(streamId)) ?? null;
  }

  async *stream(streamId: string, forwards: boolean, fromRevision: number, maxCount: number): AsyncGenerator<RecordedEvent> {
    const statement = forwards ? this.statements.streamForwards : this.statements.streamBackwards;
    let next = fromRevision;
    let remaining = maxCount;
    while (remaining > 0 && next >= 0) {
      const limit = Math.min(PAGE_SIZE, remaining);
      const rows = this.query(() => statement.all(streamId, next, limit));
      for (const row of rows) yield toRecorded(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      next = rows[rows.length - 1].revision + (forwards ? 1 : -1);
    }
  }

  /**
   * Events with `after < position <= upTo` that pass the filter, in position order, `pageSize` rows per
   * query (a caller that wants one event, the projector's head, reads one row, not a page).
   */
  async *forwards(after: bigint, upTo: bigint, filter: EventFilter | undefined, pageSize = PAGE_SIZE): AsyncGenerator<RecordedEvent> {
    const filtered = isFiltered(filter);
    let from = Number(after);
    const end = Number(upTo);
    while (from < end) {
      const to = filtered ? Math.min(end, from + FILTER_WINDOW) : end;
      const rows = this.query(() => this.statements.allForwards.all(rangeParams(from, to, filter, pageSize)));
      for (const row of rows) yield toRecorded(row);
      from = rows.length === pageSize ? rows[rows.length - 1].position : to;
    }
  }

  /** Events with `position < before` that pass the filter, newest first, `pageSize` rows per query. */
  async *backwards(before: bigint, filter: EventFilter | undefined, pageSize = PAGE_SIZE): AsyncGenerator<RecordedEvent> {
    const filtered = isFiltered(filter);
    let from = Number(before);
    while (from > 1) {
      const to = filtered ? Math.max(1, from - FILTER_WINDOW) : 1;
      const rows = this.query(() => this.statements.allBackwards.all(rangeParams(from, to, filter, pageSize)));
      for (const row of rows) yield toRecorded(row);
      from = rows.length === pageSize ? rows[rows.length - 1].position : to;
    }
  }

  private query<T>(run: () => T): T {
    if (!this.db.open) throw new StoreUnavailableError(`event store ${this.file} is closed`);
    try {
      return run();
    } catch (error) {
      throw toStoreError(error, this.file);
    }
  }
}

const isFiltered = (filter: EventFilter | undefined): boolean =>
  Boolean(filter?.eventTypes?.length || filter?.streamCategories?.length);

const rangeParams = (from: number, to: number, filter: EventFilter | undefined, limit: number): RangeParams => ({
  from,
  to,
  types: filter?.eventTypes?.length ? JSON.stringify(filter.eventTypes) : null,
  categories: filter?.streamCategories?.length ? JSON.stringify(filter.streamCategories) : null,
  limit,
});

const toRecorded = (row: EventRow): RecordedEvent => ({
  id: row.event_id,
  type: row.type,
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata),
  streamId: row.stream_id,
  revision: row.revision,
  position: BigInt(row.position),
  recordedAt: row.recorded_at,
});
