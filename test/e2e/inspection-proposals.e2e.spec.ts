import { enrollWorker, registerEnterprise } from './support/worker-steps.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * An inspection proposes what the state as of its day shows; the officer confirms or drops each
 * proposal, orders rectification on what was confirmed, and the county sees the order go overdue.
 */
describe('inspections propose findings from the state as of their day', () => {
  let t: TestApp;
  let officer: string;
  let enterpriseId: string;
  let untrained: string;
  let uncertified: string;
  let uncertifiedPost: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    const enterprise = await registerEnterprise(t, { countyCode: '430903' });
    enterpriseId = enterprise.id;
    await t.http.post(`/api/v1/enterprises/${enterpriseId}/training-plans`).set(auth(enterprise.token)).send({ year: 2021, submittedOn: '2021-01-20' }).expect(200);
    untrained = (await enrollWorker(t, enterprise)).workerId;
    uncertified = (await enrollWorker(t, enterprise)).workerId;
    await t.http.post(`/api/v1/workers/${untrained}/posts`).set(auth(enterprise.token)).send({ enterpriseId, title: '操作工', startsOn: '2021-03-01' }).expect(200);
    await t.http
      .post(`/api/v1/workers/${uncertified}/exams`)
      .set(auth(enterprise.token))
      .send({ kind: 'pre_post', theoryScore: 90, practicalScore: 90, keySafetySkillsPassed: true, examinedOn: '2021-02-01' })
      .expect(200);
    const post = await t.http
      .post(`/api/v1/workers/${uncertified}/posts`)
      .set(auth(enterprise.token))
      .send({ enterpriseId, title: '电工', startsOn: '2021-03-01', specialOperationCode: '1.2' });
    uncertifiedPost = post.body.postId;
    officer = await t.token('enforcement_officer', { county: '430903' });
  });
  afterAll(() => t.close());

  it('proposes the untrained worker on post and the special-operation post without a certificate, not before the posts began', async () => {
    const before = await t.http.post('/api/v1/inspections').set(auth(officer)).send({ enterpriseId, inspectedOn: '2021-02-15', checks: ['certificates'], findings: [] });
    expect(before.status).toBe(201);
    expect(before.body.proposedFindings).toEqual([]);

    const opened = await t.http.post('/api/v1/inspections').set(auth(officer)).send({ enterpriseId, inspectedOn: '2021-06-01', checks: ['training_archive', 'certificates'], findings: [] });
    expect(opened.status).toBe(201);
    const proposals = opened.body.proposedFindings as Array<{ findingId: string; kind: string; workerId?: string; postId?: string }>;
    expect(proposals.map(({ kind, workerId }) => ({ kind, workerId }))).toEqual(
      expect.arrayContaining([
        { kind: 'untrained_on_post', workerId: untrained },
        { kind: 'uncertified_special_operation', workerId: uncertified },
      ]),
    );
    expect(proposals).toHaveLength(2);
    expect(proposals.find((p) => p.kind === 'uncertified_special_operation')?.postId).toBe(uncertifiedPost);

    // The officer confirms one, drops the other, and orders rectification on what was confirmed.
    const [first, second] = proposals;
    await t.http.post(`/api/v1/inspections/${opened.body.id}/findings/${first.findingId}/confirmation`).set(auth(officer)).send({ on: '2021-06-01' }).expect(200);
    await t.http.post(`/api/v1/inspections/${opened.body.id}/findings/${second.findingId}/dismissal`).set(auth(officer)).send({ on: '2021-06-01', reason: 'certificate shown on site' }).expect(200);
    const order = await t.http.post(`/api/v1/inspections/${opened.body.id}/rectification-orders`).set(auth(officer)).send({ deadline: '2021-07-01', fine: 20000, orderedOn: '2021-06-02' });
    expect(order.status).toBe(201);

    const inspection = await t.http.get(`/api/v1/inspections/${opened.body.id}`).set(auth(officer)).set('X-Min-Position', order.body.position);
    expect(inspection.status).toBe(200);
    expect(inspection.body.findings.map((f: { findingId: string; status: string }) => [f.findingId, f.status])).toEqual([
      [first.findingId, 'confirmed'],
      [second.findingId, 'dropped'],
    ]);

    const asOf = async (day: string, status?: string) =>
      (
        await t.http
          .get(`/api/v1/rectification-orders?asOf=${day}${status ? `&status=${status}` : ''}`)
          .set(auth(officer))
          .set('X-Min-Position', order.body.position)
      ).body;
    expect((await asOf('2021-06-15')).items.map((o: { orderId: string; status: string }) => [o.orderId, o.status])).toEqual([[order.body.id, 'open']]);
    expect((await asOf('2021-07-02', 'overdue')).items.map((o: { orderId: string }) => o.orderId)).toEqual([order.body.id]);
    expect((await asOf('2021-06-01')).items).toEqual([]);
    const elsewhere = await t.token('enforcement_officer', { county: '430921' });
    const theirs = await t.http.get('/api/v1/rectification-orders?asOf=2021-07-02').set(auth(elsewhere)).set('X-Min-Position', order.body.position);
    expect(theirs.body.items).toEqual([]);
    await t.http.get('/api/v1/rectification-orders?countyCode=430903').set(auth(elsewhere)).expect(403);
    await t.http.get(`/api/v1/inspections/${opened.body.id}`).set(auth(elsewhere)).expect(403);
  });
});
