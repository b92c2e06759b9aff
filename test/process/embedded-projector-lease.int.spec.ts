/**
 * Two api processes with their embedded projectors (no `PROJECTOR=external`) on server stores: the
 * PostgreSQL event and key stores and one MongoDB read store. Only one of them applies events (the one
 * holding the lease in the read store); the other stands by, still answers a read with `X-Min-Position`
 * from the read store's checkpoints, and takes over when the first stops. Needs POSTGRES_URL and
 * MONGODB_URL; without them, it says it skipped.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { signEmbeddedToken } from '../../apps/api/src/auth/tokens.js';
import { newCreditCode } from '../e2e/support/fixtures.js';
import { buildDist, freePort, kill, sleep, startApi, type ApiProcess } from '../fault/support/api-process.js';
import { waitFor } from '../fault/support/wait-for.js';
import { postgresAdmin, withDatabase } from '../../libs/event-store/src/testing/postgres-test-database.js';

const POSTGRES_URL = process.env['POSTGRES_URL'];
const MONGODB_URL = process.env['MONGODB_URL'];
const PREFIX = process.env['TEST_DATABASE_PREFIX'] ?? 'embedded_lease';
const LEASE_MS = 3000;
const COUNTY = '430903';

if (!POSTGRES_URL || !MONGODB_URL) {
  const how = 'POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres MONGODB_URL=mongodb://127.0.0.1:27017/ npm test -- test/process/embedded-projector-lease';
  process.stdout.write(`SKIPPED the embedded projector lease test: POSTGRES_URL and MONGODB_URL are needed. To run it: ${how}\n`);
  describe('embedded projectors on server stores', () => {
    it.skip(`SKIPPED, POSTGRES_URL or MONGODB_URL is not set: ${how}`, () => undefined);
  });
} else {
  describe('two apis with embedded projectors on server stores', () => {
    const dirs: string[] = [];
    const running = new Set<ApiProcess>();
    let database: string;
    let readsDatabase: string;
    let env: NodeJS.ProcessEnv;
    let admin: string;
    let a: ApiProcess;
    let b: ApiProcess;

    const start = async (): Promise<ApiProcess> => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-embedded-lease-'));
      dirs.push(dir);
      const api = await startApi(dir, await freePort(), env, 120_000);
      running.add(api);
      return api;
    };
    /** The projections an api's embedded projector runs now, as `/health` shows an operator: none while it stands by. */
    const projecting = async (api: ApiProcess): Promise<number> => {
      const response = await fetch(`${api.baseUrl}/health`, { headers: { authorization: `Bearer ${admin}` } });
      const body = (await response.json()) as { projector: { mode: string; lag: unknown[] } };
      expect(body.projector.mode).toBe('embedded');
      return body.projector.lag.length;
    };

    beforeAll(async () => {
      buildDist();
      database = `${PREFIX}_events_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
      await postgresAdmin(POSTGRES_URL, `CREATE DATABASE ${database}`);
      readsDatabase = `${PREFIX}_reads_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
      const hex = (): string => randomBytes(32).toString('hex');
      const secrets = { ID_HMAC_KEY: hex(), REQUEST_HMAC_KEY: hex(), TOKEN_SECRET: hex() };
      const mongo = new URL(MONGODB_URL);
      mongo.searchParams.set('maxPoolSize', '4');
      env = {
        EVENT_STORE: 'postgresql',
        POSTGRES_URL: withDatabase(POSTGRES_URL, database),
        KEY_STORE: 'postgresql',
        KEY_STORE_URL: undefined,
        READ_STORE: 'mongodb',
        MONGODB_URL: mongo.href,
        MONGODB_DATABASE: readsDatabase,
        PROJECTOR: undefined,
        PROJECTOR_LEASE_MS: String(LEASE_MS),
        ...secrets,
      };
      admin = await signEmbeddedToken(Buffer.from(secrets.TOKEN_SECRET, 'hex'), 'safety-skills-embedded', { sub: 'embedded-lease-admin', role: 'city_admin' });
      a = await start();
      b = await start();
    }, 300_000);

    afterAll(async () => {
      for (const api of running) await kill(api, 'SIGKILL');
      await postgresAdmin(POSTGRES_URL, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      const client = new MongoClient(MONGODB_URL);
      await client.db(readsDatabase).dropDatabase().finally(() => client.close());
      dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
    }, 60_000);

    it('one embedded projector applies, the other stands by, and reads through either wait for the write', async () => {
      await waitFor('an embedded projector to take the lease', async () => (await projecting(a)) + (await projecting(b)) > 0, 30_000);
      // Sampled for a while: never both (without the lease, both would project into the one read store).
      for (let sample = 0; sample < 6; sample++) {
        const counts = [await projecting(a), await projecting(b)];
        expect(counts.filter((count) => count > 0)).toHaveLength(1);
        await sleep(500);
      }
      const standby = (await projecting(a)) > 0 ? b : a;
      const registered = await fetch(`${standby.baseUrl}/api/v1/enterprises`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: '益阳某化工有限公司', creditCode: newCreditCode(COUNTY), sector: 'hazardous_chemicals', countyCode: COUNTY }),
      });
      expect(registered.status).toBe(201);
      const { id, position } = (await registered.json()) as { id: string; position: string };
      const read = await fetch(`${standby.baseUrl}/api/v1/enterprises/${id}/compliance`, { headers: { authorization: `Bearer ${admin}`, 'x-min-position': position } });
      expect(read.status).toBe(200);
    }, 120_000);

    it('when the api applying stops, the other takes over within the lease', async () => {
      const holder = (await projecting(a)) > 0 ? a : b;
      const other = holder === a ? b : a;
      await kill(holder, 'SIGKILL');
      running.delete(holder);
      await waitFor('the other api to take the lease over', async () => (await projecting(other)) > 0, LEASE_MS * 3);
    }, 60_000);
  });
}
