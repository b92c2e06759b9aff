import { createHash } from 'node:crypto';
import { certifiedTrainee, claimBody, traineeOf } from '../e2e/support/claim-steps.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { registerEnterprise, wholeLogText } from '../e2e/support/worker-steps.js';

/** What a subsidy claim lets slip: the name in an uploaded file's name, and whether another unit's class is claimed. */
describe('subsidy claims that keep no name and tell no other unit anything', () => {
  let t: TestApp;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("keeps no trace of the person's name from laborContract.fileName, in the claim, the list, the history, both exports and the log", async () => {
    const story = await certifiedTrainee(t);
    const sha256 = createHash('sha256').update('contract').digest('hex');
    const trainee = { ...traineeOf(story), laborContract: { fileName: '劳动合同-张三.PDF', sha256 } };
    const submitted = await t.http
      .post('/api/v1/subsidy-claims')
      .set(auth(story.provider.token))
      .send(claimBody(story.classId, { kind: 'provider', id: story.provider.id }, [trainee]));
    expect(submitted.status).toBe(201);
    const erased = await t.http.post(`/api/v1/workers/${story.worker.workerId}/erasure`).set(auth(await t.token('city_admin')));
    expect(erased.status).toBe(200);

    const auditor = await t.token('auditor');
    const at = erased.body.position;
    const claimId = submitted.body.id;
    const answers = [
      await t.http.get(`/api/v1/subsidy-claims/${claimId}`).set(auth(auditor)).set('X-Min-Position', at),
      await t.http.get('/api/v1/subsidy-claims').set(auth(story.provider.token)).set('X-Min-Position', at),
      await t.http.get(`/api/v1/subsidy-claims/${claimId}/history`).set(auth(auditor)).set('X-Min-Position', at),
      await t.http.get(`/api/v1/subsidy-claims/${claimId}/history/export?format=json`).set(auth(auditor)).set('X-Min-Position', at),
      await t.http.get(`/api/v1/subsidy-claims/${claimId}/history/export?format=csv`).set(auth(auditor)).set('X-Min-Position', at),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain('张三');
    }
    // The copy is still identified: by its hash, under a name made of it.
    expect(answers[0].text).toContain(sha256);
    expect(answers[0].text).toContain(`labor-contract-${sha256.slice(0, 16)}.pdf`);
    expect(await wholeLogText(t)).not.toContain('张三');
  });

  it("answers another enterprise naming a claimed class exactly as an unclaimed one (403): it learns nothing of the class", async () => {
    const claimed = await certifiedTrainee(t);
    await t.http
      .post('/api/v1/subsidy-claims')
      .set(auth(claimed.provider.token))
      .send(claimBody(claimed.classId, { kind: 'provider', id: claimed.provider.id }, [traineeOf(claimed)]))
      .expect(201);
    const unclaimed = await certifiedTrainee(t);
    const attacker = await registerEnterprise(t);
    const probe = (story: typeof claimed) =>
      t.http
        .post('/api/v1/subsidy-claims')
        .set(auth(attacker.token))
        .send(claimBody(story.classId, { kind: 'enterprise', id: attacker.id }, [traineeOf(story)]));
    const [onClaimed, onUnclaimed] = [await probe(claimed), await probe(unclaimed)];
    expect([onClaimed.status, onClaimed.body.code]).toEqual([403, 'forbidden']);
    expect({ ...onClaimed.body, instance: undefined }).toEqual({ ...onUnclaimed.body, instance: undefined });
  });
});
