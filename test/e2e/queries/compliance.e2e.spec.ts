import type { TestApp } from '../support/test-app.js';
import { startQueryTestApp } from './support/query-test-app.js';
import { reader } from './support/reader.js';
import { buildScenario, type Scenario } from './support/scenario.js';

describe('compliance and milestones over HTTP', () => {
  let t: TestApp;
  let s: Scenario;
  let get: ReturnType<typeof reader>;
  beforeAll(async () => {
    t = await startQueryTestApp();
    s = await buildScenario(t);
    get = reader(t, () => s.last);
  });
  afterAll(() => t.close());

  const groupsOf = async (query: string) => {
    const response = await get(`/compliance?${query}`, 'city_admin');
    expect(response.status).toBe(200);
    return Object.fromEntries(response.body.groups.map((g: { key: string; metrics: unknown }) => [g.key, g.metrics]));
  };

  it('records the untrained post with a warning, and M1 counts it: 2 of 4 in E1, 2 of 5 city-wide', async () => {
    expect(s.warnings.B).toContain('not_trained_before_post');
    const byEnterprise = await groupsOf('groupBy=enterprise&asOf=2021-06-01');
    expect(byEnterprise[s.e1].M1).toEqual({ numerator: 2, denominator: 4, ratio: 0.5, target: 1, met: false, status: 'not_yet_met', due: '2021-12-31' });
    expect(byEnterprise[s.e2].M1).toEqual({ numerator: 0, denominator: 1, ratio: 0, target: 1, met: false, status: 'not_yet_met', due: '2021-12-31' });
    const city = await groupsOf('groupBy=city&asOf=2021-06-01');
    expect(city['430900'].M1).toMatchObject({ numerator: 2, denominator: 5, ratio: 0.4 });
  });

  it('leaves a post out before it starts: on 2021-02-15 B is not on post yet (2 of 3 in E1)', async () => {
    const byEnterprise = await groupsOf('groupBy=enterprise&asOf=2021-02-15');
    expect(byEnterprise[s.e1].M1).toMatchObject({ numerator: 2, denominator: 3 });
  });

  it('drops M2 on the day after the review was due, with no event: 1/1 on 2021-05-31, 0/1 on 2021-06-01', async () => {
    expect((await groupsOf('groupBy=county&asOf=2021-05-31'))['430903'].M2).toEqual({ numerator: 1, denominator: 1, ratio: 1, target: 1, met: true, status: 'met', due: '2021-12-31' });
    expect((await groupsOf('groupBy=county&asOf=2021-06-01'))['430903'].M2).toEqual({ numerator: 0, denominator: 1, ratio: 0, target: 1, met: false, status: 'not_yet_met', due: '2021-12-31' });
  });

  it('measures team leaders: M3 1 of 2 trained; M4 the qualified share against the 2020-01-01 baseline', async () => {
    const after = (await groupsOf('groupBy=sector&asOf=2021-06-01'))['hazardous_chemicals'];
    expect(after.M3).toMatchObject({ numerator: 1, denominator: 2, ratio: 0.5, met: false });
    // Baseline: C (secondary vocational) of C and D = 0.5; now D holds a skill-level certificate too = 1.0.
    expect(after.M4).toMatchObject({ numerator: 2, denominator: 2, ratio: 1, target: 0.2, met: true, baseline: { asOf: '2020-01-01', numerator: 1, denominator: 2, ratio: 0.5 }, increase: 0.5 });
    const before = (await groupsOf('groupBy=sector&asOf=2021-02-01'))['hazardous_chemicals'];
    expect(before.M4).toMatchObject({ numerator: 1, denominator: 2, increase: 0, met: false });
    expect(before.M3).toMatchObject({ numerator: 0, denominator: 2 });
  });

  it('counts M5 certificate holders among hazardous-chemicals workers (1 of 4, below 30%) and has nothing to measure for M6, M7', async () => {
    const e1 = (await groupsOf('groupBy=enterprise&asOf=2021-06-01'))[s.e1];
    expect(e1.M5).toEqual({ numerator: 1, denominator: 4, ratio: 0.25, target: 0.3, met: false, status: 'not_yet_met', due: '2021-12-31' });
    expect(e1.M6).toEqual({ numerator: 0, denominator: 0, ratio: null, target: 0.1, met: null, status: 'no_data', due: '2021-12-31' });
    expect(e1.M7).toMatchObject({ numerator: 0, denominator: 0, ratio: null, target: null, status: 'no_target', due: '2021-12-31' });
  });

  it('tells not yet met from missed: below target reads not_yet_met before 2021-12-31, missed on and after it; M7 has no target', async () => {
    const before = (await groupsOf('groupBy=enterprise&asOf=2021-12-30'))[s.e1];
    expect(before.M1).toMatchObject({ met: false, status: 'not_yet_met', due: '2021-12-31' });
    expect(before.M7).toMatchObject({ target: null, met: null, status: 'no_target', due: '2021-12-31' });
    const onDue = (await groupsOf('groupBy=enterprise&asOf=2021-12-31'))[s.e1];
    expect(onDue.M1).toMatchObject({ met: false, status: 'missed', due: '2021-12-31' });
    expect(onDue.M4).toMatchObject({ met: true, status: 'met', due: '2021-12-31' });
    const openapi = await t.http.get('/api/docs-json');
    expect(openapi.status).toBe(200);
    expect(openapi.body.components.schemas.Compliance.properties.groups.items.properties.metrics.properties.M1.properties.status.enum).toEqual(['met', 'not_yet_met', 'missed', 'no_target', 'no_data']);
  });

  it('filters by county and sector, and keeps county officers and enterprise admins in their scope', async () => {
    const filtered = await get('/compliance?groupBy=enterprise&asOf=2021-06-01&countyCode=430921', 'city_admin');
    expect(filtered.body.groups.map((g: { key: string }) => g.key)).toEqual([s.e2]);
    const officer = await get('/compliance?groupBy=enterprise&asOf=2021-06-01', 'em_officer', { county: '430903' });
    expect(officer.body.groups.map((g: { key: string }) => g.key)).toEqual([s.e1]);
    expect((await get('/compliance?groupBy=county&countyCode=430921', 'em_officer', { county: '430903' })).status).toBe(403);
    const own = await get('/compliance?groupBy=city&asOf=2021-06-01', 'enterprise_admin', { enterprise: s.e2 });
    expect(own.body.groups[0].metrics.M1).toMatchObject({ numerator: 0, denominator: 1 });
    expect((await get('/compliance?groupBy=city', 'training_provider', { provider: 'p1' })).status).toBe(403);
  });

  it.each([
    ['groupBy=street', 'groupBy'],
    ['asOf=2021-06-01', 'groupBy'],
    ['groupBy=city&asOf=2021-02-30', 'asOf'],
    ['groupBy=city&sector=banking', 'sector'],
    ['groupBy=city&countyCode=43x', 'countyCode'],
  ])('answers 400 problem+json for %s', async (query, field) => {
    const response = await get(`/compliance?${query}`, 'viewer');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors[0].path).toBe(field);
  });

  it('tells each milestone per unit as of a day: done late, on time, overdue, pending', async () => {
    const items = async (query: string) => (await get(`/milestones?${query}`, 'viewer')).body.items as Array<{ milestone: string; unit: string; status: string; doneOn: string | null }>;
    const april = await items('asOf=2020-04-10');
    expect(april).toContainEqual(expect.objectContaining({ milestone: 'county_implementation_plan', unit: '430903', doneOn: '2020-04-02', status: 'done_late' }));
    expect(april).toContainEqual(expect.objectContaining({ milestone: 'county_implementation_plan', unit: '430902', doneOn: null, status: 'overdue' }));
    expect(april).toContainEqual(expect.objectContaining({ milestone: 'enterprise_training_plan', unit: s.e1, status: 'pending' }));
    const march = await items('asOf=2020-03-01&countyCode=430903');
    expect(march.filter((i) => i.milestone === 'county_implementation_plan')).toEqual([expect.objectContaining({ unit: '430903', status: 'pending' })]);
    const june = await items('asOf=2020-06-15&countyCode=430903');
    expect(june).toContainEqual(expect.objectContaining({ milestone: 'enterprise_training_plan', unit: s.e1, doneOn: '2020-05-20', status: 'done_on_time' }));
    expect(june.some((i) => i.unit === s.e2)).toBe(false);
    const late2021 = await items('asOf=2021-12-01&countyCode=430903');
    // 2021-10-31 ends the implementation phase: each enterprise's progress, never overdue for a ratio below its target.
    const progress = late2021.find((i) => i.milestone === 'enterprise_implementation' && i.unit === s.e1) as unknown as { status: string; doneOn: null; progress: { metrics: Record<string, { standing: string }> } };
    expect(progress).toMatchObject({ status: 'progress', doneOn: null });
    const compliance = (await get(`/enterprises/${s.e1}/compliance?asOf=2021-12-01`, 'city_admin')).body.metrics as Record<string, { met: boolean | null }>;
    for (const [id, metric] of Object.entries(compliance)) {
      if (metric.met === null) expect(progress.progress.metrics[id]).toBeUndefined();
      else expect(progress.progress.metrics[id]!.standing).toBe(metric.met ? 'met' : 'not_yet_met');
    }
    expect(Object.values(progress.progress.metrics).some((m) => m.standing === 'not_yet_met')).toBe(true);
    const after = (await items('asOf=2022-01-05&countyCode=430903')).find((i) => i.milestone === 'enterprise_implementation' && i.unit === s.e1) as unknown as { progress: { metrics: Record<string, { standing: string }> } };
    expect(Object.values(after.progress.metrics).map((m) => m.standing)).not.toContain('not_yet_met');
    expect(late2021.filter((i) => i.milestone === 'enterprise_implementation').map((i) => i.status)).not.toContain('overdue');
    expect(late2021).toContainEqual(expect.objectContaining({ milestone: 'county_summary', unit: '430903', status: 'overdue' }));
  });

  it("filters the milestones by enterprise: only that enterprise's rows, the same as the county's answer holds for it", async () => {
    const own = await get(`/milestones?asOf=2021-12-01&enterpriseId=${s.e1}`, 'viewer');
    expect(own.status).toBe(200);
    const county = (await get('/milestones?asOf=2021-12-01&countyCode=430903', 'viewer')).body.items as Array<{ unit: string }>;
    expect(own.body.items).toEqual(county.filter((i) => i.unit === s.e1));
    expect(own.body.items.map((i: { milestone: string }) => i.milestone)).toEqual(['enterprise_training_plan', 'enterprise_implementation', 'enterprise_summary']);
    expect(own.body.items[1]).toMatchObject({ status: 'progress', progress: { metrics: expect.any(Object) } });
    const other = (await get(`/milestones?asOf=2021-12-01&enterpriseId=${s.e2}`, 'viewer')).body.items as Array<{ unit: string }>;
    expect(other.map((i) => i.unit)).toEqual([s.e2, s.e2, s.e2]);
    // In another county than asked, or unknown: 404; not an id: 400.
    expect((await get(`/milestones?asOf=2021-12-01&enterpriseId=${s.e1}&countyCode=430921`, 'viewer')).status).toBe(404);
    expect((await get('/milestones?enterpriseId=ffffffffffffffffffffffffffffffff', 'viewer')).status).toBe(404);
    const bad = await get('/milestones?enterpriseId=a%20b', 'viewer');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('enterpriseId');
  });
});
