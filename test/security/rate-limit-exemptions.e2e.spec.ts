import { startTestApp, type TestApp } from '../e2e/support/test-app.js';

/**
 * A dashboard of probes (`/health`, `/metrics`) and readers of the document (`/api/docs`,
 * `/api/docs-json`) are never throttled, and spend no budget of the clients sharing their address.
 */
describe('the rate limit spares the probes and the document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(() => t.close());

  it('answers many probes in a row from one address, then still grants that address its whole budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      for (const path of ['/health', '/metrics', '/api/docs-json', '/api/docs', '/health/']) statuses.push((await t.http.get(path)).status);
    }
    expect(statuses.filter((status) => status === 429)).toEqual([]);
    expect(new Set(statuses)).toEqual(new Set([200, 301].filter((status) => statuses.includes(status))));
    // The same address (no token: counted by address) still has its 2 requests, then 429.
    const api: number[] = [];
    for (let i = 0; i < 3; i++) api.push((await t.http.get('/api/v1/milestones')).status);
    expect(api).toEqual([401, 401, 429]);
    // And once that address is spent, the probes still answer.
    await t.http.get('/health').expect(200);
    await t.http.get('/metrics').expect(200);
    await t.http.get('/api/docs-json').expect(200);
  });
});
