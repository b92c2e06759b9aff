/**
 * The MongoDB read store (a FerretDB of this test's own) stopped under the api: queries answer 503
 * `store_unavailable` with Retry-After within a few seconds (the driver's server selection is bounded,
 * not its 30 s default), never a 500, and answer again once the server is back, without a restart.
 * Every answer is checked against the OpenAPI document. Needs the FerretDB binary
 * (`scripts/ferretdb.sh start` builds it); without it the suite says that it skipped.
 */
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { freePort } from './support/api-process.js';
import { FerretDbInstance, ferretDbBinary } from './support/ferretdb-instance.js';
import { waitFor } from './support/wait-for.js';

/** What a query may take to say that the store is away: the selection timeout and the answer. */
const PROMPT_MS = 4_000;
const binary = ferretDbBinary();

if (binary) {
  describe('the MongoDB read store stopped under the api', () => {
    let ferret: FerretDbInstance;
    let t: TestApp;

    beforeAll(async () => {
      ferret = new FerretDbInstance(binary, await freePort());
      await ferret.start();
      t = await startTestApp({ READ_STORE: 'mongodb', MONGODB_URL: ferret.url('safety_skills_outage') }, { validateContract: true });
    }, 60_000);
    afterAll(async () => {
      // Back up for the test app to drop its database.
      if (!(await ferret.ping())) await ferret.start();
      await t?.close();
      await ferret.stop();
    }, 60_000);

    it('answers 503 store_unavailable with Retry-After promptly while it is down, and 200 once it is back', async () => {
      const auditor = { Authorization: `Bearer ${await t.token('auditor')}` };
      await t.http.get('/api/v1/milestones').set(auditor).expect(200);
      await t.http.get('/api/v1/compliance?groupBy=county').set(auditor).expect(200);

      await ferret.stop();
      for (const path of ['/api/v1/milestones', '/api/v1/compliance?groupBy=county', '/api/v1/rectification-orders']) {
        const started = Date.now();
        const refused = await t.http.get(path).set(auditor);
        const took = Date.now() - started;
        expect({ path, status: refused.status, body: refused.body as unknown }).toMatchObject({ path, status: 503, body: { status: 503, code: 'store_unavailable' } });
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        expect(took).toBeLessThan(PROMPT_MS);
      }
      // /health says so too, as promptly.
      const started = Date.now();
      await t.http.get('/health').expect(503);
      expect(Date.now() - started).toBeLessThan(PROMPT_MS);

      await ferret.start();
      await waitFor('the queries to answer again', async () => (await t.http.get('/api/v1/milestones').set(auditor)).status === 200, 15_000, 200);
      expect(t.contract?.mismatches).toEqual([]);
    }, 90_000);
  });
} else {
  process.stdout.write('SKIPPED MongoDB read store outage under the api: no FerretDB binary (`scripts/ferretdb.sh start` builds it into .tools/)\n');
  describe('the MongoDB read store stopped under the api', () => {
    it.skip('SKIPPED, no FerretDB binary', () => undefined);
  });
}
