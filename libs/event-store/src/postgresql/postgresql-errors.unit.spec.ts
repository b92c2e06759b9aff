import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { StoreUnavailableError } from '../event-store.port.js';
import { describeUrl, toStoreError } from './postgresql-errors.js';

const pgError = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('PostgreSQL toStoreError', () => {
  it('turns a refused connection (a real one, from node-postgres) into a one-line StoreUnavailableError that keeps the cause', async () => {
    const client = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:1/events' });
    const thrown = await client.connect().then(
      () => null,
      (error: unknown) => error,
    );
    const mapped = toStoreError(thrown, 'postgresql://127.0.0.1:1/events');
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect((mapped as Error).message).toBe('event store postgresql://127.0.0.1:1/events unavailable: the server refused the connection (ECONNREFUSED)');
    expect((mapped as Error).cause).toBe(thrown);
  });

  it.each([
    ['57P01', 'terminating connection due to administrator command', 'the server is shutting down or starting up'],
    ['57P03', 'the database system is starting up', 'the server is shutting down or starting up'],
    ['53100', 'could not extend file: No space left on device', 'the disk is full'],
    ['08006', 'connection failure', 'connection exception'],
    ['25006', 'cannot execute INSERT in a read-only transaction', 'the server is read-only'],
  ])('maps SQLSTATE %s to store unavailable', (code, message, reason) => {
    const mapped = toStoreError(pgError(code, message), 'db');
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect((mapped as Error).message).toBe(`event store db unavailable: ${reason} (${code})`);
  });

  it('maps a connection lost mid-query, which node-postgres reports by message only', () => {
    const mapped = toStoreError(new Error('Connection terminated unexpectedly'), 'db');
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
  });

  it('leaves other errors as they are: a constraint or a syntax error is a bug, not an outage', () => {
    for (const error of [pgError('23505', 'duplicate key value'), pgError('42601', 'syntax error'), new TypeError('x')]) {
      expect(toStoreError(error, 'db')).toBe(error);
    }
  });

  it('names host, port and database of a URL, never the password', () => {
    expect(describeUrl('postgresql://app:s3cret@db.internal:5433/events?sslmode=require')).toBe('postgresql://db.internal:5433/events');
    expect(describeUrl('not a url')).not.toContain('not a url');
  });
});
