import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../event-store.port.js';
import { ensurePrivateFile } from '../files/private-file.js';

/**
 * One table, one row per event. `position` is the rowid: a single writer appends at max(rowid)+1 and
 * nothing is ever deleted, so positions increase in commit order with no gaps (a rolled-back row
 * frees its number again). Event ids are not indexed: a retry is recognised where KurrentDB looks for
 * it, in the stream at the expected revision, and a unique index on random UUIDs would cost a page
 * write per event at every commit. See docs/decisions/0001-sqlite-event-store-durability.md.
 */
export const EVENTS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY,
    stream_id   TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    category    TEXT    NOT NULL,
    event_id    TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream_id, revision);
`;

/**
 * WAL with synchronous=FULL: every COMMIT fsyncs the WAL before it returns, so an acknowledged append
 * survives a power cut (NORMAL would only survive a process crash). busy_timeout lets a second
 * process (a separate projector reading, a CLI) wait for the lock instead of failing at once.
 */
export const applyDurablePragmas = (db: Database.Database): void => {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
};

/** Opens (and creates) `<dataDir>/events.sqlite`; any failure is a one-line `StoreUnavailableError`. */
export const openEventsDatabase = (dataDir: string): { db: Database.Database; file: string } => {
  const file = join(dataDir, 'events.sqlite');
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    ensurePrivateFile(file);
    const db = new Database(file);
    try {
      applyDurablePragmas(db);
      db.exec(EVENTS_SCHEMA);
    } catch (error) {
      db.close();
      throw error;
    }
    return { db, file };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new StoreUnavailableError(`cannot open the event store in ${dataDir}: ${reason}`, { cause: error });
  }
};
