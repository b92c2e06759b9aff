import { startTestApp, type TestApp } from '../support/test-app.js';
import { reader } from './support/reader.js';
import { buildScenario, type Scenario } from './support/scenario.js';

/** The inspection file's view of one enterprise (E1 of the scenario), hand-computed from scenario.ts. */
describe('GET /enterprises/{id}/compliance?asOf=&knownAt=', () => {
  let t: TestApp;
  let s: Scenario;
  let get: ReturnType<typeof reader>;
  beforeAll(async () => {
    t = await startTestApp();
    s = await buildScenario(t);
    get = reader(t, () => s.last);
  });
  afterAll(() => t.close());

  const ids = (entries: Array<{ workerId: string }>) => entries.map((e) => e.workerId).sort();

  it('lists the workers behind each shortfall as of 2021-06-01, with names for the inspector', async () => {
    const response = await get(`/enterprises/${s.e1}/compliance?asOf=2021-06-01`, 'enforcement_officer', { county: '430903' });
    expect(response.status).toBe(200);
    const { metrics, shortfalls, name, countyCode } = response.body;
    expect({ name, countyCode }).toEqual({ name: '益阳某化工有限公司', countyCode: '430903' });
    // M1: A assessed before the post, C (on post) assessed by T; B and D never assessed.
    expect(metrics.M1).toMatchObject({ numerator: 2, denominator: 4, met: false });
    expect(ids(shortfalls.M1)).toEqual([s.workers.B, s.workers.D].sort());
    expect(shortfalls.M1.map((e: { name: string }) => e.name).sort()).toEqual(['李四', '赵六'].sort());
    // M2: A's certificate went overdue for review on 2021-06-01, with no event; the post is named.
    expect(shortfalls.M2).toEqual([{ workerId: s.workers.A, postId: s.posts.A, postTitle: '低压电工', specialOperationCode: '1.2', name: '张三' }]);
    // M3: team leader D has no team-leader training; M4: both leaders qualified (C by education, D by certificate).
    expect(ids(shortfalls.M3)).toEqual([s.workers.D]);
    expect(shortfalls.M4).toEqual([]);
    // M5: of E1's four workers only D holds a skill-level certificate.
    expect(ids(shortfalls.M5)).toEqual([s.workers.A, s.workers.B, s.workers.C].sort());
    for (const metric of ['M1', 'M2', 'M3', 'M5', 'M6'] as const) {
      expect(shortfalls[metric]).toHaveLength(metrics[metric].denominator - metrics[metric].numerator);
    }
  });

  it('has no M2 shortfall the day before the review was due', async () => {
    const { metrics, shortfalls } = (await get(`/enterprises/${s.e1}/compliance?asOf=2021-05-31`, 'enforcement_officer', { county: '430903' })).body;
    expect(metrics.M2).toMatchObject({ numerator: 1, denominator: 1, met: true });
    expect(shortfalls.M2).toEqual([]);
  });

  it('as known long before anything was recorded: nothing to measure', async () => {
    const { metrics, shortfalls, knownAt } = (await get(`/enterprises/${s.e1}/compliance?asOf=2021-06-01&knownAt=2019-01-01T00:00:00Z`, 'auditor')).body;
    expect(knownAt).toBe('2019-01-01T00:00:00.000Z');
    expect(metrics.M1).toMatchObject({ numerator: 0, denominator: 0, ratio: null });
    expect(shortfalls.M1).toEqual([]);
  });

  it('shows workers without names to city-wide roles, and keeps other scopes out', async () => {
    const city = await get(`/enterprises/${s.e1}/compliance?asOf=2021-06-01`, 'city_admin');
    expect(city.status).toBe(200);
    expect(JSON.stringify(city.body)).not.toContain('李四');
    expect(ids(city.body.shortfalls.M1)).toEqual([s.workers.B, s.workers.D].sort());
    expect((await get(`/enterprises/${s.e1}/compliance`, 'enterprise_admin', { enterprise: s.e1 })).status).toBe(200);
    expect((await get(`/enterprises/${s.e1}/compliance`, 'enterprise_admin', { enterprise: s.e2 })).status).toBe(403);
    expect((await get(`/enterprises/${s.e1}/compliance`, 'em_officer', { county: '430921' })).status).toBe(403);
    expect((await get(`/enterprises/${s.e1}/compliance`, 'viewer')).status).toBe(403);
    expect((await get('/enterprises/ffffffffffffffffffffffffffffffff/compliance', 'auditor')).status).toBe(404);
    expect((await get(`/enterprises/${s.e1}/compliance?asOf=2021-02-30`, 'auditor')).status).toBe(400);
  });
});
