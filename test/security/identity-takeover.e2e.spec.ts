import { createHash } from 'node:crypto';
import { canonicalJson } from '#libs/event-store';
import { certifiedTrainee } from '../e2e/support/claim-steps.js';
import { newIdNumber } from '../e2e/support/fixtures.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { enrollWorker, registerEnterprise, streamEvents, type Party } from '../e2e/support/worker-steps.js';

/**
 * One enterprise knows the ID number of another's worker (from a roster, a contract, a leak) and tries
 * to take over the person's lifelong account: enrol it under another name, read what the other employer
 * recorded, keep reading after the employment ended.
 */
describe('accounts that cannot be taken over', () => {
  let t: TestApp;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const enrolBody = (enterprise: Party, idNumber: string, name: string, enrolledOn = '2021-03-01') => ({
    enterpriseId: enterprise.id,
    name,
    idNumber,
    employmentType: 'employee',
    hireType: 'new_hire',
    enrolledOn,
  });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses a known ID number under another name (422 identity_mismatch), revealing nothing and changing nothing', async () => {
    const story = await certifiedTrainee(t);
    const victim = story.worker;
    const attacker = await registerEnterprise(t, { countyCode: '430921' });
    const before = await streamEvents(t, `worker-${victim.workerId}`);

    for (const headers of [{}, { 'If-Match': '"0"' }, { 'Idempotency-Key': 'takeover-1' }]) {
      const response = await t.http.post('/api/v1/workers').set(auth(attacker.token)).set(headers).send(enrolBody(attacker, victim.idNumber, '李四'));
      expect([response.status, response.body.code]).toEqual([422, 'identity_mismatch']);
      const text = JSON.stringify(response.body);
      expect(text).not.toContain(victim.workerId);
      expect(text).not.toContain('张三');
      expect(text).not.toContain(story.enterprise.id);
      expect(response.body.errors).toEqual([{ path: 'name', message: expect.any(String) }]);
    }
    // The same answer as for an ID number that exists under any other name: it tells nothing about the holder.
    expect(await streamEvents(t, `worker-${victim.workerId}`)).toHaveLength(before.length);

    const record = await t.http.get(`/api/v1/workers/${victim.workerId}`).set(auth(story.enterprise.token));
    expect(record.body.name).toBe('张三');
    const byAttacker = await t.http.get(`/api/v1/workers/${victim.workerId}`).set(auth(attacker.token));
    expect(byAttacker.status).toBe(403);
    const officer = await t.token('em_officer', { county: '430921' });
    expect((await t.http.get(`/api/v1/workers/${victim.workerId}/certification`).set(auth(officer))).status).toBe(403);
  });

  it('links a matching enrolment to the lifelong account, changes no name, and shows the new employer its own employment and the certificates only', async () => {
    const story = await certifiedTrainee(t);
    const second = await registerEnterprise(t);
    // The same name written decomposed (NFD) and with spaces around it is the same name.
    const linked = await t.http.post('/api/v1/workers').set(auth(second.token)).send(enrolBody(second, story.worker.idNumber, ' 张三 '.normalize('NFD')));
    expect(linked.status).toBe(200);
    expect(linked.body.id).toBe(story.worker.workerId);
    await t.http
      .post(`/api/v1/workers/${story.worker.workerId}/posts`)
      .set(auth(story.enterprise.token))
      .send({ enterpriseId: story.enterprise.id, title: '氯化工艺操作工', startsOn: '2020-07-01', specialOperationCode: '9.1' })
      .expect(200);

    const record = await t.http.get(`/api/v1/workers/${story.worker.workerId}`).set(auth(second.token)).set('X-Min-Position', linked.body.position);
    expect(record.status).toBe(200);
    expect(record.body.name).toBe('张三');
    expect(record.body.employments.map((e: { enterpriseId: string }) => e.enterpriseId)).toEqual([second.id]);
    expect(record.body.posts).toEqual([]);
    expect(record.body.certificates.map((c: { id: string }) => c.id)).toEqual([story.certificateId]);
    expect(JSON.stringify(record.body)).not.toContain(story.enterprise.id);
  });

  it('shows a former employer nothing once its employment has ended', async () => {
    const enterprise = await registerEnterprise(t);
    const worker = await enrollWorker(t, enterprise);
    const ended = await t.http
      .post(`/api/v1/workers/${worker.workerId}/employment-end`)
      .set(auth(enterprise.token))
      .send({ enterpriseId: enterprise.id, endsOn: '2021-01-31' });
    expect(ended.status).toBe(200);
    const record = await t.http.get(`/api/v1/workers/${worker.workerId}`).set(auth(enterprise.token)).set('X-Min-Position', ended.body.position);
    expect(record.status).toBe(403);
    expect(JSON.stringify(record.body)).not.toContain('张三');
  });

  it('stores the request hash of a retried enrolment as a keyed hash: the plain SHA-256 of a guessed body does not find it', async () => {
    const enterprise = await registerEnterprise(t);
    const idNumber = newIdNumber('1988-02-03');
    const body = enrolBody(enterprise, idNumber, '吴十');
    const first = await t.http.post('/api/v1/workers').set(auth(enterprise.token)).set('Idempotency-Key', 'hash-1').send(body);
    expect(first.status).toBe(201);
    const [enrolled] = await streamEvents(t, `worker-${first.body.id}`);
    const stored = enrolled.metadata.requestHash!;
    const plain = createHash('sha256').update(`POST /api/v1/workers\n${canonicalJson(body)}`).digest('hex');
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toBe(plain);
    // Still an exact check: the same body answers the first result, another one is refused.
    const replay = await t.http.post('/api/v1/workers').set(auth(enterprise.token)).set('Idempotency-Key', 'hash-1').send(body);
    expect([replay.status, replay.body.id]).toEqual([201, first.body.id]);
    const guessed = await t.http.post('/api/v1/workers').set(auth(enterprise.token)).set('Idempotency-Key', 'hash-1').send({ ...body, name: '吴十一' });
    expect([guessed.status, guessed.body.code]).toEqual([422, 'idempotency_key_reused']);
  });

  it('changes a name only through its own command, by the city administrator: the account then answers to the new name alone', async () => {
    const enterprise = await registerEnterprise(t);
    const worker = await enrollWorker(t, enterprise, { name: '郑一' });
    const rename = (token: string, body: object) => t.http.post(`/api/v1/workers/${worker.workerId}/name`).set(auth(token)).send(body);
    // The employer may not, and nor may an officer.
    expect((await rename(enterprise.token, { name: '郑二', renamedOn: '2021-03-01' })).status).toBe(403);
    expect((await rename(await t.token('em_officer', { county: enterprise.countyCode }), { name: '郑二', renamedOn: '2021-03-01' })).status).toBe(403);
    const admin = await t.token('city_admin');
    expect((await rename(admin, { name: '郑一', renamedOn: '2021-03-01' })).body.code).toBe('name_unchanged');
    expect((await rename(admin, { name: '郑\u202E二', renamedOn: '2021-03-01' })).status).toBe(400);
    const renamed = await rename(admin, { name: '郑二', renamedOn: '2021-03-01' });
    expect(renamed.status).toBe(200);
    const record = await t.http.get(`/api/v1/workers/${worker.workerId}`).set(auth(enterprise.token)).set('X-Min-Position', renamed.body.position);
    expect(record.body.name).toBe('郑二');

    const other = await registerEnterprise(t);
    const byOldName = await t.http.post('/api/v1/workers').set(auth(other.token)).send(enrolBody(other, worker.idNumber, '郑一'));
    expect(byOldName.body.code).toBe('identity_mismatch');
    const byNewName = await t.http.post('/api/v1/workers').set(auth(other.token)).send(enrolBody(other, worker.idNumber, '郑二'));
    expect([byNewName.status, byNewName.body.id]).toEqual([200, worker.workerId]);

    const trail = await t.http
      .get(`/api/v1/audit-trail?streamId=worker-${worker.workerId}`)
      .set(auth(await t.token('auditor')))
      .set('X-Min-Position', byNewName.body.position);
    expect(trail.body.items.map((item: { type: string }) => item.type)).toContain('PersonRenamed');
    expect(trail.text).not.toContain('郑');

    await t.http.post(`/api/v1/workers/${worker.workerId}/erasure`).set(auth(admin)).expect(200);
    expect((await rename(admin, { name: '郑三', renamedOn: '2021-04-01' })).body.code).toBe('already_erased');
  });
});
