import pg from 'pg';

/**
 * Fails at once, naming the cause, when the PostgreSQL server at `url` has fewer than `needed` free
 * connections (`max_connections` less every backend in `pg_stat_activity`): the server is shared with
 * other work, and a test that runs out of connections half-way fails later with a confusing timeout.
 */
export async function requireFreeConnections(url: string, needed: number, what: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`${what} needs ${needed} PostgreSQL connections, but the server refused even one: ${(error as Error).message.split('\n')[0]}`);
  }
  try {
    const { rows } = await client.query<{ max: number; used: number }>(
      `SELECT current_setting('max_connections')::int AS max, (SELECT count(*) FROM pg_stat_activity)::int AS used`,
    );
    const { max, used } = rows[0]!;
    const free = max - used;
    if (free < needed) {
      throw new Error(
        `${what} needs ${needed} PostgreSQL connections, but the server has ${free} free (max_connections ${max}, ${used} in pg_stat_activity): other work holds them; run it again when they are released`,
      );
    }
  } finally {
    await client.end();
  }
}
