import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { enrollWorker, registerEnterprise, streamEvents, wholeLogText, type Party } from '../e2e/support/worker-steps.js';
import { PersonalDataVault } from '../../apps/api/src/personal-data/personal-data-vault.js';

describe('POST /workers/{id}/erasure (crypto-shredding)', () => {
  let t: TestApp;
  let enterprise: Party;
  let admin: string;
  const erase = (id: string, token: string) => t.http.post(`/api/v1/workers/${id}/erasure`).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    t = await startTestApp();
    enterprise = await registerEnterprise(t);
    admin = await t.token('city_admin');
  });
  afterAll(() => t.close());

  it("deletes the person's key and records PersonErased without personal data; the record then reads as erased", async () => {
    const worker = await enrollWorker(t, enterprise, { name: '钱七' });
    const before = await streamEvents(t, `worker-${worker.workerId}`);

    const response = await erase(worker.workerId, admin);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: worker.workerId, revision: before.length, position: expect.stringMatching(/^\d+$/) });

    const vault = t.app.get(PersonalDataVault);
    expect(await vault.isErased(worker.workerId)).toBe(true);
    const events = await streamEvents(t, `worker-${worker.workerId}`);
    const erased = events.at(-1)!;
    expect(erased.type).toBe('PersonErased');
    expect(erased.data).toEqual({ personId: worker.workerId, erasedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), certificateIds: [] });
    expect(erased.metadata.actor).toMatchObject({ role: 'city_admin' });
    // The sealed copy in WorkerEnrolled stays in the log, and nobody can open it any more.
    const enrolled = events.find((e) => e.type === 'WorkerEnrolled')!;
    expect(await vault.open((enrolled.data as { personal: Parameters<PersonalDataVault['open']>[0] }).personal)).toBeNull();
    const log = await wholeLogText(t);
    expect(log).not.toContain(worker.idNumber);
    expect(log).not.toContain('钱七');

    const record = await t.http
      .get(`/api/v1/workers/${worker.workerId}`)
      .set('Authorization', `Bearer ${admin}`)
      .set('X-Min-Position', response.body.position);
    expect(record.status).toBe(200);
    expect(JSON.stringify(record.body)).not.toContain(worker.idNumber.slice(-4));
    expect(JSON.stringify(record.body)).not.toContain('钱七');
    expect(JSON.stringify(record.body)).toMatch(/"erased":true/);
  });

  it('refuses a second erasure (422 already_erased) and appends nothing', async () => {
    const worker = await enrollWorker(t, enterprise);
    await erase(worker.workerId, admin).expect(200);
    const count = (await streamEvents(t, `worker-${worker.workerId}`)).length;
    const again = await erase(worker.workerId, admin);
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('already_erased');
    expect(await streamEvents(t, `worker-${worker.workerId}`)).toHaveLength(count);
  });

  it('answers 404 for an unknown person, 400 for a malformed id, 401 without a token', async () => {
    expect((await erase('0123456789abcdef0123456789abcdef', admin)).status).toBe(404);
    expect((await erase('not-an-id', admin)).status).toBe(400);
    expect((await t.http.post('/api/v1/workers/0123456789abcdef0123456789abcdef/erasure')).status).toBe(401);
  });

  it.each(['enterprise_admin', 'em_officer', 'auditor'] as const)('refuses %s (403) and keeps the key', async (role) => {
    const worker = await enrollWorker(t, enterprise);
    const token = await t.token(role, { enterprise: enterprise.id, county: enterprise.countyCode });
    expect((await erase(worker.workerId, token)).status).toBe(403);
    expect(await t.app.get(PersonalDataVault).isErased(worker.workerId)).toBe(false);
  });

  it('leaves the other commands on the erased person answering without a server error', async () => {
    const worker = await enrollWorker(t, enterprise);
    await erase(worker.workerId, admin).expect(200);
    const post = await t.http
      .post(`/api/v1/workers/${worker.workerId}/posts`)
      .set('Authorization', `Bearer ${enterprise.token}`)
      .send({ enterpriseId: enterprise.id, title: '操作工', startsOn: '2020-08-01' });
    expect(post.status).toBeLessThan(500);
  });
});
