import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Bookkeeping tables start with `_`, which collection names cannot. */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS _checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS _unfinished_batches (projection TEXT PRIMARY KEY, through INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS _active_versions (projection TEXT PRIMARY KEY, version INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS _leases (lease TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);
`;

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
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return db;
}
