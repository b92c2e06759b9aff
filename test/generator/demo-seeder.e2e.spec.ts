import { createApiClient } from '#libs/api-client';
import { seedDemo, type DemoSummary } from '../../bench/generator/seed-demo.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';

/** The refusals the seeder makes on purpose (bench/generator/seed-demo.ts); any other is a request the api refused by mistake. */
const DELIBERATE = /^POST \/(certificates 422 no_passed_exam|subsidy-claims 422 (no_labor_contract|claimed_by_other_claimant))$/;

/**
 * `npm run demo` seeds through the typed client generated from the api's document (libs/api-client):
 * against a started api, every answer checked against the served document, and what the dashboard
 * then shows (its tiles, milestones and enterprise table, read as the city administrator signs in) is
 * what was seeded.
 */
describe('the demo seeder, through the generated client, against a started api', () => {
  let t: TestApp;
  let baseUrl: string;
  let summary: DemoSummary;

  beforeAll(async () => {
    // The seeder signs in as one subject per role: the public's per-subject rate limit would only make it wait.
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '10000000' }, { validateContract: true });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    summary = await seedDemo({ baseUrl, size: 'tiny', seed: 11, progress: null, concurrency: 4 });
  }, 600_000);
  afterAll(() => t?.close());

  it('sends every command as the document describes it, and the api refuses only the deliberate mistakes', () => {
    expect(summary).toMatchObject({ enterprises: 8, workers: 160 });
    expect(summary.commands).toBeGreaterThan(1000);
    expect(Object.keys(summary.refused).filter((key) => !DELIBERATE.test(key))).toEqual([]);
    expect(t.contract?.mismatches).toEqual([]);
  });

  it("the dashboard's figures are the seeded city: every enterprise, every worker on post, the counties' documents and the demonstration base", async () => {
    const api = createApiClient(baseUrl, { token: await t.token('city_admin') });
    // Everything seeded is applied before the read answers.
    const header = { 'X-Min-Position': summary.position };

    const byEnterprise = await api.GET('/api/v1/compliance', { params: { query: { groupBy: 'enterprise', asOf: '2022-06-30' }, header } });
    expect(byEnterprise.data?.groups).toHaveLength(8);
    // M1's denominator is the workers on a post: by mid-2022 every seeded worker has taken one.
    const city = await api.GET('/api/v1/compliance', { params: { query: { groupBy: 'city', asOf: '2022-06-30' }, header } });
    const m1 = city.data?.groups[0]?.metrics.M1;
    expect(m1?.denominator).toBe(160);
    expect(m1?.numerator).toBeGreaterThan(0);
    expect(m1?.numerator).toBeLessThan(160);

    const milestones = await api.GET('/api/v1/milestones', { params: { query: { asOf: '2022-06-30' }, header } });
    const tally = (id: string) =>
      (milestones.data?.items ?? [])
        .filter((item) => item.milestone === id)
        .reduce<Record<string, number>>((counts, item) => ({ ...counts, [item.status]: (counts[item.status] ?? 0) + 1 }), {});
    // As seeded: the counties' plans five on time, two late, one never; their summaries four on time, three late, one never.
    expect(tally('county_implementation_plan')).toEqual({ done_on_time: 5, done_late: 2, overdue: 1 });
    expect(tally('county_summary')).toEqual({ done_on_time: 4, done_late: 3, overdue: 1 });
    // The city's base for practical exams (2021-06-18) came after its school (2020-10-16): done on the base's day.
    expect(milestones.data?.items.find((item) => item.milestone === 'demonstration_base_and_school')?.doneOn).toBe('2021-06-18');
    expect(t.contract?.mismatches).toEqual([]);
  });
});
