import { StoreUnavailableError } from '../event-store.port.js';

/** SQLite result codes that mean the file cannot be written or read: the store is down, not the input wrong. */
const UNAVAILABLE: Record<string, string> = {
  SQLITE_READONLY: 'the database is read-only',
  SQLITE_FULL: 'the disk is full',
  SQLITE_IOERR: 'an I/O error occurred',
  SQLITE_CANTOPEN: 'the database file cannot be opened',
  SQLITE_CORRUPT: 'the database file is corrupt',
  SQLITE_NOTADB: 'the file is not a SQLite database',
  SQLITE_BUSY: 'the database is locked by another process',
};

/**
 * Turns a disk-level SQLite error into a one-line `StoreUnavailableError` (the original is kept as
 * `cause`); any other error is returned as it is.
 */
export const toStoreError = (error: unknown, file: string): unknown => {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  const reason = UNAVAILABLE[code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')];
  if (reason === undefined) return error;
  return new StoreUnavailableError(`event store ${file} unavailable: ${reason} (${code})`, { cause: error });
};
