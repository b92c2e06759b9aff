import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { enrollWorker, openClass, registerEnterprise, registerProvider, rosterEntry, streamEvents, type Party } from '../e2e/support/worker-steps.js';

/** A training provider (or an enterprise) trying to reach people through its own class roster. */
describe('trainees come from the roster, matched to the account', () => {
  let t: TestApp;
  let enterprise: Party;
  let provider: Party;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const add = (owner: Party, classId: string, body: object) => t.http.post(`/api/v1/training-classes/${classId}/trainees`).set(auth(owner.token)).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    enterprise = await registerEnterprise(t);
    provider = await registerProvider(t);
  });
  afterAll(() => t.close());

  it('refuses a provider adding by id alone a person it never trained, so it can neither record a completion nor read the record', async () => {
    const victim = await enrollWorker(t, enterprise);
    const classId = await openClass(t, provider);
    const byId = await add(provider, classId, { workerId: victim.workerId });
    expect([byId.status, byId.body.code]).toEqual([403, 'forbidden']);
    const completion = await t.http
      .post(`/api/v1/training-classes/${classId}/completions`)
      .set(auth(provider.token))
      .send({ workerId: victim.workerId, hoursAttended: 72, completedOn: '2020-06-20' });
    expect(completion.status).toBeGreaterThanOrEqual(400);
    expect((await t.http.get(`/api/v1/workers/${victim.workerId}`).set(auth(provider.token))).status).toBe(403);
    expect(await streamEvents(t, `training_class-${classId}`)).toHaveLength(1);
  });

  it('answers an unknown ID number, a wrong name and an erased person alike (422 identity_mismatch), adding nobody', async () => {
    const known = await enrollWorker(t, enterprise, { name: '陈一' });
    const erased = await enrollWorker(t, enterprise, { name: '陈二' });
    await t.http.post(`/api/v1/workers/${erased.workerId}/erasure`).set(auth(await t.token('city_admin'))).expect(200);
    const classId = await openClass(t, provider);
    const attempts = [
      { idNumber: known.idNumber, name: '陈三' },
      { idNumber: erased.idNumber, name: '陈二' },
      { idNumber: '430903199001011230', name: '陈一' },
      { idNumber: 'not-an-id-number', name: '陈一' },
    ];
    const answers = [];
    for (const body of attempts) answers.push(await add(provider, classId, body));
    for (const answer of answers) {
      expect([answer.status, answer.body.code]).toEqual([422, 'identity_mismatch']);
      expect(answer.text).not.toContain(known.workerId);
      expect(answer.text).not.toContain(erased.workerId);
    }
    expect(new Set(answers.map((answer) => answer.body.detail)).size).toBe(1);
    expect(await streamEvents(t, `training_class-${classId}`)).toHaveLength(1);
  });

  it('adds the matching person from the roster (with the id in the answer), then by id into its other classes', async () => {
    const worker = await enrollWorker(t, enterprise, { name: '黄四' });
    const first = await openClass(t, provider);
    const roster = await rosterEntry(t, worker.workerId);
    const added = await add(provider, first, { ...roster, idNumber: ` ${roster.idNumber.toLowerCase()} ` });
    expect([added.status, added.body.workerId]).toEqual([200, worker.workerId]);
    const second = await openClass(t, provider);
    expect((await add(provider, second, { workerId: worker.workerId })).status).toBe(200);
    // Another provider is not helped by the first one's roster.
    const other = await registerProvider(t);
    expect((await add(other, await openClass(t, other), { workerId: worker.workerId })).status).toBe(403);
  });

  it('refuses an enterprise adding another enterprise’s worker by id (403)', async () => {
    const other = await registerEnterprise(t);
    const theirs = await enrollWorker(t, other);
    const classId = await openClass(t, enterprise);
    expect((await add(enterprise, classId, { workerId: theirs.workerId })).status).toBe(403);
  });

  it('asks for one form or the other (400)', async () => {
    const worker = await enrollWorker(t, enterprise);
    const classId = await openClass(t, provider);
    expect((await add(provider, classId, {})).status).toBe(400);
    expect((await add(provider, classId, { workerId: worker.workerId, idNumber: worker.idNumber, name: '张三' })).status).toBe(400);
    expect((await add(provider, classId, { idNumber: worker.idNumber })).body.errors[0].path).toBe('name');
  });
});
