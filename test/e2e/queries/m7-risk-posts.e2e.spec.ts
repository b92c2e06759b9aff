import type { EventStore } from '#libs/event-store';
import { EVENT_STORE } from '../../../apps/api/src/infrastructure/stores.module.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { enrollWorker, registerEnterprise } from '../support/worker-steps.js';

/** M7 counts new hires on the posts the seed names (riskPost), not every new hire of an underground-mine enterprise. */
describe('M7 over HTTP: new hires on the higher-risk posts the plan names', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('counts an underground post and leaves out a surface post of the same mine; refuses an unknown riskPost', async () => {
    const mine = await registerEnterprise(t, { sector: 'non_coal_mining' });
    const assign = async (body: object) => {
      const worker = await enrollWorker(t, mine);
      return t.http
        .post(`/api/v1/workers/${worker.workerId}/posts`)
        .set('Authorization', `Bearer ${mine.token}`)
        .send({ enterpriseId: mine.id, title: '井下凿岩工', startsOn: '2020-08-01', ...body });
    };
    expect((await assign({ riskPost: 'underground_mining', apprenticeship: true })).status).toBe(200);
    expect((await assign({ riskPost: 'underground_mining' })).status).toBe(200);
    expect((await assign({ title: '地面机修工' })).status).toBe(200);
    const bad = await assign({ riskPost: 'office_work' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('riskPost');

    const city = await t.token('city_admin');
    const answer = await t.http
      .get(`/api/v1/enterprises/${mine.id}/compliance?asOf=2021-06-01`)
      .set('Authorization', `Bearer ${city}`)
      .set('X-Min-Position', String(await t.app.get<EventStore>(EVENT_STORE).lastPosition()))
      .expect(200);
    expect(answer.body.metrics.M7).toMatchObject({ numerator: 1, denominator: 2, target: null });
    expect(answer.body.shortfalls.M7).toHaveLength(1);
    expect(answer.body.shortfalls.M7[0]).toMatchObject({ postTitle: '井下凿岩工' });
  });
});
