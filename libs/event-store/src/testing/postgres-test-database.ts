import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** One statement on `url`'s server, on a connection of its own (CREATE/DROP DATABASE cannot run in a pool's transaction). */
export async function postgresAdmin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `url` with its database replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const own = new URL(url);
  own.pathname = `/${database}`;
  return own.href;
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own on `url`'s server, for one test: named `<base>_<prefix>_<random>` (the base is the
 * database `url` names, so that whoever shares the server can tell whose it is), and how to drop it.
 */
export async function createPostgresDatabase(url: string, prefix = 'e2e_events'): Promise<TestDatabase> {
  const base = decodeURIComponent(new URL(url).pathname.slice(1)).replace(/[^a-z0-9_]/gi, '').toLowerCase();
  const own = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  // PostgreSQL names are at most 63 bytes: the base is shortened, never the random part.
  const name = base ? `${base.slice(0, 62 - own.length)}_${own}` : own;
  await postgresAdmin(url, `CREATE DATABASE ${name}`);
  return { name, url: withDatabase(url, name), drop: () => postgresAdmin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
