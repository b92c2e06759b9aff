import Database from 'better-sqlite3';
import { join } from 'node:path';
import { EVENTS_SCHEMA } from '../../libs/event-store/src/sqlite/sqlite-schema.js';
import { syntheticHistory } from './synthetic-history.js';

const ROWS_PER_TRANSACTION = 20_000;

/**
 * The fast path: rows straight into `<dataDir>/events.sqlite` in large transactions without fsync
 * (the store's own append path is measured by bench:append). Returns the number of events in the store.
 * With `already`, the store holds the history's first `already` events (an earlier call's answer), and
 * only the rest are appended.
 */
export function seedEventStore(dataDir: string, total: number, already = 0): number {
  const db = new Database(join(dataDir, 'events.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.exec(EVENTS_SCHEMA);
  const insert = db.prepare('INSERT INTO events (stream_id, revision, category, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  let rows: Parameters<typeof insert.run>[] = [];
  const flush = db.transaction((batch: Parameters<typeof insert.run>[]) => {
    for (const row of batch) insert.run(...row);
  });
  let count = 0;
  for (const e of syntheticHistory(total)) {
    if (count++ < already) continue;
    rows.push([e.streamId, e.revision, e.streamId.slice(0, e.streamId.indexOf('-')), e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), e.recordedAt]);
    if (rows.length === ROWS_PER_TRANSACTION) {
      flush(rows);
      rows = [];
    }
  }
  flush(rows);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return count;
}
