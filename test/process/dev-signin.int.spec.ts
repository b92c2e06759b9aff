/**
 * The dashboard's sign-in form (`POST /api/v1/dev/tokens`, any role) is for the embedded default, a
 * laptop demo. An api on server stores (a deployment others share) starts without it unless
 * `DASHBOARD_DEV_SIGNIN` names a mode. Needs POSTGRES_URL (the event store on a server); without it, it
 * says it skipped.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildDist, freePort, kill, startApi, type ApiProcess } from '../fault/support/api-process.js';
import { postgresAdmin, withDatabase } from '../../libs/event-store/src/testing/postgres-test-database.js';

const POSTGRES_URL = process.env['POSTGRES_URL'];
const PREFIX = process.env['TEST_DATABASE_PREFIX'] ?? 'dev_signin';

if (!POSTGRES_URL) {
  const how = 'POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres npm test -- test/process/dev-signin';
  process.stdout.write(`SKIPPED the dev sign-in test: POSTGRES_URL is not set. To run it: ${how}\n`);
  describe('the dev sign-in on server stores', () => {
    it.skip(`SKIPPED, POSTGRES_URL is not set: ${how}`, () => undefined);
  });
} else {
  describe('the dashboard sign-in form on a PostgreSQL event store', () => {
    let dataDir: string;
    let database: string;
    let env: NodeJS.ProcessEnv;
    let api: ApiProcess | undefined;

    const signIn = (running: ApiProcess) =>
      fetch(`${running.baseUrl}/api/v1/dev/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'city_admin' }) });

    beforeAll(async () => {
      buildDist();
      database = `${PREFIX}_events_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
      await postgresAdmin(POSTGRES_URL, `CREATE DATABASE ${database}`);
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-dev-signin-'));
      env = { EVENT_STORE: 'postgresql', POSTGRES_URL: withDatabase(POSTGRES_URL, database), READ_STORE: 'sqlite', KEY_STORE: 'sqlite', DASHBOARD_DEV_SIGNIN: undefined, AUTH_JWKS_URL: undefined };
    }, 120_000);

    afterEach(async () => {
      if (api) await kill(api, 'SIGTERM');
      api = undefined;
    });

    afterAll(async () => {
      await postgresAdmin(POSTGRES_URL, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    }, 60_000);

    it('is not there by default: 404 from the server itself', async () => {
      api = await startApi(dataDir, await freePort(), env, 120_000);
      const answer = await signIn(api);
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }, 180_000);

    it('is there when DASHBOARD_DEV_SIGNIN names it', async () => {
      api = await startApi(dataDir, await freePort(), { ...env, DASHBOARD_DEV_SIGNIN: 'loopback' }, 120_000);
      const answer = await signIn(api);
      expect(answer.status).toBe(201);
      expect(((await answer.json()) as { role: string }).role).toBe('city_admin');
    }, 180_000);
  });
}
