import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Bookkeeping tables start with `_`, which collection names cannot. */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS _checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS _unfinished_batches (projection TEXT PRIMARY KEY, through INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS _active_versions (projection TEXT PRIMARY KEY, version INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS _leases (lease TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);
`;

/** How long a statement waits for another connection's write lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/** Pages in the WAL after which a commit copies them into the database (1 MiB in pages of 16 KiB). */
export const WAL_CHECKPOINT_PAGES = 64;

/**
 * A connection to the read store's file, the same for the store and its writer thread. `synchronous
 * = NORMAL` in WAL: a power cut may lose the last batches, documents and checkpoint together (they
 * share a transaction), and the projector replays them.
 */
export function openReadDatabase(file: string): Database.Database {
  if (file !== ':memory:') {
    // Owner-only (0600) before SQLite opens it: its -wal and -shm files take the same mode.
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
  }
  const db = new Database(file);
  // Only a new file takes it (before WAL): documents of a few hundred bytes to a few KB written in
  // 16 KiB pages cost about a quarter less CPU and I/O than in the default 4 KiB (bench/rebuild).
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // SQLite checkpoints the WAL at 1000 pages: 16 MB in pages of 16 KiB, each live batch of each
  // projection appending a few of them. On a small or nearly full disk the WAL then took every byte
  // freed (a full DATA_DIR of 4 MB: the space freed was gone again within three commands, which then
  // failed). At 64 pages (1 MiB), truncated back to that after a larger batch, it stays about the
  // size of SQLite's own default in bytes divided by four, plus the batch being written.
  db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  db.pragma(`journal_size_limit = ${WAL_CHECKPOINT_PAGES * 16384}`);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.exec(SCHEMA);
  return db;
}
