import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Creates `file` readable and writable by its owner alone (0600), or takes an existing one down to 0600,
 * before SQLite opens it: SQLite gives its `-wal` and `-shm` files the database file's mode, so they
 * are private too. The directory it creates is 0700.
 */
export function ensurePrivateFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}
