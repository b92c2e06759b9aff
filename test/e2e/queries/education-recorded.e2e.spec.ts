import type { EventStore } from '#libs/event-store';
import { EVENT_STORE } from '../../../apps/api/src/infrastructure/stores.module.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { enrollWorker, registerEnterprise, type Party } from '../support/worker-steps.js';

/**
 * POST /workers/{id}/education: a team leader who starts secondary-vocational or higher study after
 * enrolment counts for M4 from that day, in the enterprise's answer (computed from the facts) and in the
 * aggregate's (kept by increments) alike.
 */
describe('POST /workers/{id}/education (RecordEducation) and M4', () => {
  let t: TestApp;
  let enterprise: Party;
  let city: string;
  beforeAll(async () => {
    t = await startTestApp();
    city = await t.token('city_admin');
  });
  // Each test its own enterprise, so that its M4 counts only its own team leader.
  beforeEach(async () => {
    enterprise = await registerEnterprise(t);
  });
  afterAll(() => t.close());

  const record = (workerId: string, token: string, body: object) =>
    t.http.post(`/api/v1/workers/${workerId}/education`).set('Authorization', `Bearer ${token}`).send(body);
  const position = async () => String(await t.app.get<EventStore>(EVENT_STORE).lastPosition());
  const teamLeader = async () => {
    const worker = await enrollWorker(t, enterprise, { enrolledOn: '2020-03-01', educationLevel: 'junior_middle' });
    await t.http
      .post(`/api/v1/workers/${worker.workerId}/posts`)
      .set('Authorization', `Bearer ${enterprise.token}`)
      .send({ enterpriseId: enterprise.id, title: '班组长', startsOn: '2020-03-01', teamLeader: true })
      .expect(200);
    return worker.workerId;
  };
  type M4 = { numerator: number; denominator: number };
  const enterpriseM4 = async (asOf: string): Promise<M4> =>
    (await t.http.get(`/api/v1/enterprises/${enterprise.id}/compliance?asOf=${asOf}`).set('Authorization', `Bearer ${city}`).set('X-Min-Position', await position()).expect(200)).body
      .metrics.M4;
  const aggregateM4 = async (asOf: string): Promise<M4> => {
    const body = (await t.http.get(`/api/v1/compliance?groupBy=enterprise&asOf=${asOf}`).set('Authorization', `Bearer ${city}`).set('X-Min-Position', await position()).expect(200)).body;
    return body.groups.find((g: { key: string }) => g.key === enterprise.id).metrics.M4;
  };

  it('counts secondary-vocational study from its since day, in both answers', async () => {
    const workerId = await teamLeader();
    expect(await enterpriseM4('2021-06-01')).toMatchObject({ numerator: 0, denominator: 1 });

    const response = await record(workerId, enterprise.token, { enterpriseId: enterprise.id, level: 'secondary_vocational', since: '2021-06-01' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: workerId, revision: expect.any(Number), position: expect.any(String) });

    const account = await t.http.get(`/api/v1/workers/${workerId}`).set('Authorization', `Bearer ${enterprise.token}`).set('X-Min-Position', await position()).expect(200);
    expect(account.body).toMatchObject({ educationLevel: 'junior_middle', educations: [{ level: 'secondary_vocational', since: '2021-06-01' }] });

    for (const m4 of [enterpriseM4, aggregateM4]) {
      expect(await m4('2021-05-31')).toMatchObject({ numerator: 0, denominator: 1 });
      expect(await m4('2021-06-01')).toMatchObject({ numerator: 1, denominator: 1 });
    }
  });

  it('answers a retried Idempotency-Key with the first result, and 412 for a stale If-Match', async () => {
    const workerId = await teamLeader();
    const body = { enterpriseId: enterprise.id, level: 'bachelor', since: '2021-09-01' };
    const first = await record(workerId, city, body).set('Idempotency-Key', 'edu-1');
    expect(first.status).toBe(200);
    const retry = await t.http.post(`/api/v1/workers/${workerId}/education`).set('Authorization', `Bearer ${city}`).set('Idempotency-Key', 'edu-1').send(body);
    expect(retry.body).toEqual(first.body);
    const stale = await record(workerId, city, { ...body, since: '2021-10-01' }).set('If-Match', `"${first.body.revision - 1}"`);
    expect(stale.status).toBe(412);
    const audit = await t.http.get(`/api/v1/audit-trail?streamId=worker-${workerId}`).set('Authorization', `Bearer ${await t.token('auditor')}`).set('X-Min-Position', await position());
    expect(audit.status).toBe(200);
    expect(audit.body.items.filter((e: { type: string }) => e.type === 'EducationRecorded')).toHaveLength(1);
  });

  it('refuses an unknown level (400 naming level), another enterprise (403) and an erased person (422), recording nothing', async () => {
    const workerId = await teamLeader();
    const unknown = await record(workerId, enterprise.token, { enterpriseId: enterprise.id, level: 'doctorate', since: '2021-06-01' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { path: string }) => e.path)).toContain('level');

    const other = await registerEnterprise(t);
    const elsewhere = await record(workerId, other.token, { enterpriseId: enterprise.id, level: 'secondary_vocational', since: '2021-06-01' });
    expect(elsewhere.status).toBe(403);
    const notTheirs = await record(workerId, other.token, { enterpriseId: other.id, level: 'secondary_vocational', since: '2021-06-01' });
    expect(notTheirs.status).toBe(403);

    await t.http.post(`/api/v1/workers/${workerId}/erasure`).set('Authorization', `Bearer ${city}`).expect(200);
    const erased = await record(workerId, enterprise.token, { enterpriseId: enterprise.id, level: 'secondary_vocational', since: '2021-06-01' });
    expect(erased.status).toBe(422);
    expect(erased.body.code).toBe('already_erased');

    expect(await enterpriseM4('2021-06-01')).toMatchObject({ numerator: 0 });
  });
});
