import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../event-store.port.js';
import { toStoreError } from './sqlite-errors.js';

describe('toStoreError', () => {
  it('turns a real SQLITE_FULL into a one-line StoreUnavailableError that keeps the cause', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (v TEXT)');
    db.pragma('max_page_count = 2');
    let thrown: unknown;
    try {
      db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000));
    } catch (error) {
      thrown = error;
    }
    db.close();
    expect((thrown as { code?: string }).code).toBe('SQLITE_FULL');
    const mapped = toStoreError(thrown, '/data/events.sqlite');
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect((mapped as Error).message).toBe('event store /data/events.sqlite unavailable: the disk is full (SQLITE_FULL)');
    expect((mapped as Error).cause).toBe(thrown);
  });

  it('maps extended codes by their primary code and leaves other errors alone', () => {
    const ioError = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_FSYNC' });
    expect(toStoreError(ioError, 'f')).toMatchObject({ name: 'StoreUnavailableError', message: expect.stringContaining('SQLITE_IOERR_FSYNC') });
    const readOnly = Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY_DBMOVED' });
    expect(toStoreError(readOnly, 'f')).toBeInstanceOf(StoreUnavailableError);
    const constraint = Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(toStoreError(constraint, 'f')).toBe(constraint);
    const plain = new TypeError('x');
    expect(toStoreError(plain, 'f')).toBe(plain);
  });
});
