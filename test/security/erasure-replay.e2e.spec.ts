import type { Projector } from '#libs/projections';
import { PROJECTOR } from '../../apps/api/src/read-models/shared/read-model.tokens.js';
import { certifiedTrainee, claimBody, traineeOf } from '../e2e/support/claim-steps.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';

/**
 * Erasing a person (crypto-shredding) must not break what was built on their facts: the subsidy claim
 * that included them still replays and verifies, the officers' queries still answer (showing the person
 * as erased), and a rebuild of the read models keeps them erased.
 */
describe('an erased person inside a subsidy claim', () => {
  let t: TestApp;
  let claimId: string;
  let workerId: string;
  let enterpriseId: string;
  let last = '0';
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const get = async (path: string, token: string) => t.http.get(`/api/v1${path}`).set(auth(token)).set('X-Min-Position', last);

  beforeAll(async () => {
    t = await startTestApp();
    const story = await certifiedTrainee(t);
    workerId = story.worker.workerId;
    enterpriseId = story.enterprise.id;
    const submitted = await t.http
      .post('/api/v1/subsidy-claims')
      .set(auth(story.provider.token))
      .send(claimBody(story.classId, { kind: 'provider', id: story.provider.id }, [traineeOf(story)]));
    expect(submitted.status).toBe(201);
    claimId = submitted.body.id;
    const erased = await t.http.post(`/api/v1/workers/${workerId}/erasure`).set(auth(await t.token('city_admin')));
    expect(erased.status).toBe(200);
    last = erased.body.position;
  });
  afterAll(() => t.close());

  it('the claim still replays with its evidence, and its hash chain still verifies', async () => {
    const history = await get(`/subsidy-claims/${claimId}/history`, await t.token('auditor'));
    expect(history.status).toBe(200);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['SubsidyClaimSubmitted']);
    expect(history.body.events[0].data.trainees[0].workerId).toBe(workerId);
    expect(history.body.evidence.map((e: { relation: string }) => e.relation)).toEqual(expect.arrayContaining(['training_class', 'exam', 'certificate', 'reservation']));
    expect(history.body.integrity.verified).toBe(true);
  });

  it('every endpoint that shows the person shows them erased, and still answers', async () => {
    const officer = await t.token('enforcement_officer', { county: '430903' });
    const record = await get(`/workers/${workerId}`, officer);
    expect(record.status).toBe(200);
    expect(record.body.erased).toBe(true);
    expect(record.body.name).toBeUndefined();
    expect(record.body.idNumber).toBeUndefined();
    const certification = await get(`/workers/${workerId}/certification?asOf=2020-12-01`, officer);
    expect(certification.status).toBe(200);
    expect(certification.body.certificates).toHaveLength(1);
    const compliance = await get(`/enterprises/${enterpriseId}/compliance?asOf=2020-12-01`, officer);
    expect(compliance.status).toBe(200);
    const mentions = (Object.values(compliance.body.shortfalls) as Array<Array<{ workerId: string; name?: string; erased?: boolean }>>)
      .flat()
      .filter((entry) => entry.workerId === workerId);
    // M5: an employee of a hazardous-chemicals enterprise without a vocational certificate.
    expect(mentions.length).toBeGreaterThan(0);
    for (const entry of mentions) expect([entry.erased, entry.name]).toEqual([true, undefined]);
  });

  it('a rebuild of the workers read model keeps the person erased', async () => {
    const projector = t.app.get<Projector>(PROJECTOR);
    await projector.rebuild('workers');
    expect(await projector.waitForPosition(BigInt(last), 10_000)).toBe(true);
    const record = await get(`/workers/${workerId}`, await t.token('city_admin'));
    expect(record.status).toBe(200);
    expect(record.body.erased).toBe(true);
  });
});
