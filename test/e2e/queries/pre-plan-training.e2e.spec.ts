import type { EventStore } from '#libs/event-store';
import { EVENT_STORE } from '../../../apps/api/src/infrastructure/stores.module.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addTrainee, completeTraining, enrollWorker, openClass, registerEnterprise, registerProvider } from '../support/worker-steps.js';

/**
 * M3 and M6 count team-leader and skill-upgrade training from the plan's start (reference/targets.json,
 * planStartedOn): a class completed before it does not count unless the targets say so.
 */
describe('M3 and M6 leave out training from before the plan', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('counts a team leader and key-position worker only once trained again after the plan began', async () => {
    const enterprise = await registerEnterprise(t);
    const provider = await registerProvider(t);
    const worker = await enrollWorker(t, enterprise, { enrolledOn: '2019-09-01', hireType: 'on_post' });
    await t.http
      .post(`/api/v1/workers/${worker.workerId}/posts`)
      .set('Authorization', `Bearer ${enterprise.token}`)
      .send({ enterpriseId: enterprise.id, title: '班组长', startsOn: '2019-09-01', teamLeader: true, keyPosition: true })
      .expect(200);
    const trainedIn = async (kind: string, startsOn: string, endsOn: string) => {
      const classId = await openClass(t, provider, { kind, startsOn, endsOn, theoryHours: 16, practicalHours: 8 });
      await addTrainee(t, provider, classId, worker.workerId);
      await completeTraining(t, provider, classId, worker.workerId, { hoursAttended: 24, completedOn: endsOn });
    };
    await trainedIn('team_leader', '2019-11-01', '2019-11-05');
    await trainedIn('skill_upgrade', '2019-12-01', '2019-12-05');
    const city = await t.token('city_admin');
    const metrics = async (asOf: string) =>
      (
        await t.http
          .get(`/api/v1/enterprises/${enterprise.id}/compliance?asOf=${asOf}`)
          .set('Authorization', `Bearer ${city}`)
          .set('X-Min-Position', String(await t.app.get<EventStore>(EVENT_STORE).lastPosition()))
          .expect(200)
      ).body as {
        metrics: Record<string, { numerator: number; denominator: number }>;
        shortfalls: Record<string, Array<{ workerId: string }>>;
      };
    const before = await metrics('2021-06-01');
    expect(before.metrics.M3).toMatchObject({ numerator: 0, denominator: 1 });
    expect(before.metrics.M6).toMatchObject({ numerator: 0, denominator: 1 });
    expect(before.shortfalls.M3!.map((s) => s.workerId)).toEqual([worker.workerId]);

    await trainedIn('team_leader', '2020-09-01', '2020-09-05');
    await trainedIn('skill_upgrade', '2020-10-01', '2020-10-05');
    const after = await metrics('2021-06-01');
    expect(after.metrics.M3).toMatchObject({ numerator: 1, denominator: 1 });
    expect(after.metrics.M6).toMatchObject({ numerator: 1, denominator: 1 });
    expect((await metrics('2020-09-04')).metrics.M3).toMatchObject({ numerator: 0, denominator: 1 });
  });
});
