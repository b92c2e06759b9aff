/**
 * The PostgreSQL event store refusing connections under the api: commands answer 503
 * `store_unavailable` with Retry-After (never 500) and write nothing, and go through again once the
 * server accepts connections, without a restart. The server is reached through a TCP relay that the
 * test closes (connections cut, new ones refused) and opens again, as a stopped and restarted server.
 * Needs POSTGRES_URL (CI sets it); without it the suite says that it skipped.
 */
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { postgresAdmin, withDatabase } from '../../libs/event-store/src/testing/postgres-test-database.js';
import { relay } from '../../libs/event-store/src/testing/tcp-relay.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { newCreditCode } from '../e2e/support/fixtures.js';
import { registerEnterprise } from '../e2e/support/worker-steps.js';
import { requireFreeConnections } from './support/postgres-capacity.js';

const url = process.env['POSTGRES_URL'];
/** The api's pool: the server's connections are shared with every other process and test. */
const POOL_SIZE = 2;
/** The pool, the api's LISTEN connection, and this test's own one at a time. */
const CONNECTIONS = POOL_SIZE + 2;

const admin = (sql: string): Promise<void> => postgresAdmin(url!, sql);

if (url) {
  describe('the PostgreSQL event store refusing connections under the api', () => {
    const database = `fault_pg_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    let through: Awaited<ReturnType<typeof relay>>;
    let t: TestApp;
    let created = false;

    beforeAll(async () => {
      await requireFreeConnections(url, CONNECTIONS, 'The PostgreSQL outage test');
      await admin(`CREATE DATABASE ${database}`);
      created = true;
      through = await relay(new URL(withDatabase(url, database)));
      t = await startTestApp({ EVENT_STORE: 'postgresql', POSTGRES_URL: through.url, POSTGRES_POOL_SIZE: String(POOL_SIZE) }, { validateContract: true });
    }, 60_000);

    afterAll(async () => {
      await t?.close();
      await through?.close();
      if (created) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    });

    it('answers 503 store_unavailable with Retry-After while it is down, writes nothing, and serves again once it is back', async () => {
      const before = await registerEnterprise(t);
      const cityAdmin = await t.token('city_admin');
      const register = () =>
        t.http
          .post('/api/v1/enterprises')
          .set('Authorization', `Bearer ${cityAdmin}`)
          .send({ name: '断线期间登记企业', creditCode: newCreditCode('430903'), sector: 'fireworks', countyCode: '430903' });

      await through.refuse();
      const refused = await register();
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ status: 503, code: 'store_unavailable' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

      await through.accept();
      const after = await register();
      expect(after.status).toBe(201);
      // The refused command wrote nothing: the log holds the two registrations that were answered 201.
      const client = new pg.Client({ connectionString: withDatabase(url!, database) });
      await client.connect();
      const { rows } = await client.query<{ stream_id: string }>(`SELECT stream_id FROM events WHERE type = 'EnterpriseRegistered' ORDER BY position`);
      await client.end();
      expect(rows.map((row) => row.stream_id)).toEqual([`enterprise-${before.id}`, `enterprise-${after.body.id}`]);
      // The 503 and its code are the ones the document declares for the command.
      expect(t.contract?.mismatches).toEqual([]);
    }, 60_000);
  });
} else {
  process.stdout.write('SKIPPED PostgreSQL outage under the api: POSTGRES_URL is not set (CI sets it; or createdb a database and set POSTGRES_URL)\n');
  describe('the PostgreSQL event store refusing connections under the api', () => {
    it.skip('SKIPPED, POSTGRES_URL is not set', () => undefined);
  });
}
