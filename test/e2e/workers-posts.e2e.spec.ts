import { PersonalDataVault } from '../../apps/api/src/personal-data/personal-data-vault.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { enrollWorker, recordExam, registerEnterprise, stageCertificate, streamEvents, type Party } from './support/worker-steps.js';

describe('workers over HTTP: posts', () => {
  let t: TestApp;
  let enterprise: Party;
  let officer: string;
  beforeAll(async () => {
    t = await startTestApp();
    enterprise = await registerEnterprise(t);
    officer = await t.token('em_officer', { county: '430903' });
  });
  afterAll(() => t.close());

  const post = (over: Record<string, unknown> = {}) => ({ enterpriseId: enterprise.id, title: '氯化工艺操作工', startsOn: '2020-07-01', ...over });
  const assign = (workerId: string, body: object, token = enterprise.token) =>
    t.http.post(`/api/v1/workers/${workerId}/posts`).set('Authorization', `Bearer ${token}`).send(body);
  const endPost = (workerId: string, postId: string, body: object, token = enterprise.token) =>
    t.http.post(`/api/v1/workers/${workerId}/posts/${postId}/end`).set('Authorization', `Bearer ${token}`).send(body);

  describe('POST /workers/{id}/posts', () => {
    it('assigns a trained worker without warnings: 200 with the post id, recorded as trained before the post', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      await recordExam(t, officer, workerId, { kind: 'pre_post', examinedOn: '2020-06-20' });
      const response = await assign(workerId, post({ teamLeader: true, keyPosition: true }));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ id: workerId, revision: 2, position: expect.stringMatching(/^\d+$/), postId: expect.stringMatching(/^[0-9a-f]{32}$/) });
      const events = await streamEvents(t, `worker-${workerId}`);
      expect(events[2]!.data).toMatchObject({ postId: response.body.postId, trainedBeforePost: true, certifiedAtStart: true, teamLeader: true, keyPosition: true });
    });

    it('one Idempotency-Key on posts of two workers: two posts with ids of their own, each replayed to itself', async () => {
      const first = await enrollWorker(t, enterprise);
      const second = await enrollWorker(t, enterprise);
      const send = (workerId: string, title: string) => assign(workerId, post({ title })).set('Idempotency-Key', 'post-key-1');
      const onFirst = await send(first.workerId, '甲岗位');
      const onSecond = await send(second.workerId, '乙岗位');
      expect([onFirst.status, onSecond.status]).toEqual([200, 200]);
      expect(onSecond.body.postId).not.toBe(onFirst.body.postId);
      // A retry on each lands on its own post, appending nothing.
      const again = await send(first.workerId, '甲岗位');
      expect(again.body).toEqual(onFirst.body);
      expect((await streamEvents(t, `worker-${first.workerId}`)).filter((e) => e.type === 'PostAssigned')).toHaveLength(1);
      // Both posts are in the read model, each under its worker.
      const officerRead = (workerId: string) => t.http.get(`/api/v1/workers/${workerId}`).set('Authorization', `Bearer ${officer}`).set('X-Min-Position', onSecond.body.position);
      expect((await officerRead(first.workerId)).body.posts).toEqual([expect.objectContaining({ postId: onFirst.body.postId, title: '甲岗位' })]);
      expect((await officerRead(second.workerId)).body.posts).toEqual([expect.objectContaining({ postId: onSecond.body.postId, title: '乙岗位' })]);
    });

    it('records an untrained posting with the warning not_trained_before_post', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      const response = await assign(workerId, post());
      expect(response.status).toBe(200);
      expect(response.body.warnings).toEqual(['not_trained_before_post']);
      const events = await streamEvents(t, `worker-${workerId}`);
      expect(events[1]!.data).toMatchObject({ trainedBeforePost: false });
    });

    it('warns no_valid_certificate for a special-operation post without a certificate of that code', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      await recordExam(t, officer, workerId, { kind: 'pre_post', examinedOn: '2020-06-20' });
      await stageCertificate(t, workerId, { specialOperationCode: '9.2' });
      const response = await assign(workerId, post({ specialOperationCode: '9.1' }));
      expect(response.status).toBe(200);
      expect(response.body.warnings).toEqual(['no_valid_certificate']);
    });

    it('finds the person’s certificate of the code through their certificate index: no warning', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      await recordExam(t, officer, workerId, { kind: 'pre_post', examinedOn: '2020-06-20' });
      await stageCertificate(t, workerId, { specialOperationCode: '9.2' });
      await stageCertificate(t, workerId, { specialOperationCode: '9.1', issuedOn: '2020-06-30' });
      const response = await assign(workerId, post({ specialOperationCode: '9.1' }));
      expect(response.status).toBe(200);
      expect(response.body.warnings).toBeUndefined();
      const events = await streamEvents(t, `worker-${workerId}`);
      expect(events.at(-1)!.data).toMatchObject({ specialOperationCode: '9.1', certifiedAtStart: true });
    });

    it('warns no_valid_certificate when the certificate is not yet issued or past its review date on startsOn', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      await recordExam(t, officer, workerId, { kind: 'pre_post', examinedOn: '2020-06-20' });
      await stageCertificate(t, workerId, { issuedOn: '2020-08-01' });
      const early = await assign(workerId, post({ specialOperationCode: '9.1', startsOn: '2020-07-15' }));
      expect(early.body.warnings).toEqual(['no_valid_certificate']);
      const overdue = await assign(workerId, post({ specialOperationCode: '9.1', startsOn: '2023-08-02' }));
      expect(overdue.body.warnings).toEqual(['no_valid_certificate']);
    });

    it('refuses a post outside an active employment (422 not_employed), appending nothing', async () => {
      const { workerId } = await enrollWorker(t, enterprise, { enrolledOn: '2020-06-01' });
      const response = await assign(workerId, post({ startsOn: '2020-05-01' }));
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('not_employed');
      expect(await streamEvents(t, `worker-${workerId}`)).toHaveLength(1);
    });

    it('refuses a special-operation post for a worker under 18 (422 not_eligible)', async () => {
      const { workerId } = await enrollWorker(t, enterprise, { birthDate: '2003-09-01', enrolledOn: '2020-06-01' });
      const response = await assign(workerId, post({ specialOperationCode: '9.1' }));
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('not_eligible');
    });

    it('refuses a code outside the catalogue (400 unknown_special_operation_code on specialOperationCode)', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      const response = await assign(workerId, post({ specialOperationCode: '99.9' }));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'unknown_special_operation_code', errors: [{ path: 'specialOperationCode' }] });
    });

    it('refuses to post an erased person (422 person_erased): the age rules cannot be checked', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      await t.app.get(PersonalDataVault).erase(workerId);
      const response = await assign(workerId, post());
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('person_erased');
      expect(await streamEvents(t, `worker-${workerId}`)).toHaveLength(1);
    });

    it.each([
      ['enterpriseId', { enterpriseId: 'a-b' }],
      ['title', { title: '' }],
      ['startsOn', { startsOn: '2020-13-01' }],
      ['specialOperationCode', { specialOperationCode: 'chlorination' }],
      ['teamLeader', { teamLeader: 'yes' }],
      ['keyPosition', { keyPosition: 1 }],
      ['role', { role: 'boss' }],
    ])('answers 400 naming the bad field %s', async (field, over) => {
      const { workerId } = await enrollWorker(t, enterprise);
      const response = await assign(workerId, post(over));
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    });

    it('answers 401 without a token, 403 for another role or enterprise, 404 for an unknown worker', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      await t.http.post(`/api/v1/workers/${workerId}/posts`).send(post()).expect(401);
      await assign(workerId, post(), officer).expect(403);
      const other = await registerEnterprise(t);
      await assign(workerId, post(), other.token).expect(403);
      await assign('e'.repeat(32), post()).expect(404);
      expect(await streamEvents(t, `worker-${workerId}`)).toHaveLength(1);
    });

    it('honours If-Match: 412 when the revision is stale', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      await assign(workerId, post()).expect(200);
      const stale = await t.http.post(`/api/v1/workers/${workerId}/posts`).set('Authorization', `Bearer ${enterprise.token}`).set('If-Match', '"0"').send(post());
      expect(stale.status).toBe(412);
    });
  });

  describe('POST /workers/{id}/posts/{postId}/end', () => {
    it('ends a post (200), then refuses to end it again (422 invalid_transition)', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      const { postId } = (await assign(workerId, post())).body;
      const response = await endPost(workerId, postId, { endsOn: '2020-12-31' });
      expect(response.status).toBe(200);
      expect(response.body.revision).toBe(2);
      const again = await endPost(workerId, postId, { endsOn: '2021-01-31' });
      expect(again.status).toBe(422);
      expect(again.body.code).toBe('invalid_transition');
    });

    it('refuses an end before the start (400 ends_before_start) and a bad day (400 on endsOn)', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      const { postId } = (await assign(workerId, post())).body;
      const early = await endPost(workerId, postId, { endsOn: '2020-06-30' });
      expect(early.status).toBe(400);
      expect(early.body.code).toBe('ends_before_start');
      const bad = await endPost(workerId, postId, { endsOn: '2020-06-31' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].path).toBe('endsOn');
      expect(await streamEvents(t, `worker-${workerId}`)).toHaveLength(2);
    });

    it('answers 404 post_not_found, 400 for a malformed post id, 403 for another enterprise, 401 without a token', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      const { postId } = (await assign(workerId, post())).body;
      const missing = await endPost(workerId, 'd'.repeat(32), { endsOn: '2020-12-31' });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('post_not_found');
      const malformed = await endPost(workerId, 'no-such', { endsOn: '2020-12-31' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors[0].path).toBe('postId');
      const other = await registerEnterprise(t);
      await endPost(workerId, postId, { endsOn: '2020-12-31' }, other.token).expect(403);
      await endPost(workerId, postId, { endsOn: '2020-12-31' }, officer).expect(403);
      await t.http.post(`/api/v1/workers/${workerId}/posts/${postId}/end`).send({ endsOn: '2020-12-31' }).expect(401);
    });

    it('warns practical_reexam_required when back on the code after six months away', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      await recordExam(t, officer, workerId, { kind: 'pre_post', examinedOn: '2020-06-20' });
      await stageCertificate(t, workerId, { issuedOn: '2020-06-30' });
      const { postId } = (await assign(workerId, post({ specialOperationCode: '9.1' }))).body;
      await endPost(workerId, postId, { endsOn: '2020-12-31' }).expect(200);
      const back = await assign(workerId, post({ specialOperationCode: '9.1', startsOn: '2021-08-01' }));
      expect(back.status).toBe(200);
      expect(back.body.warnings).toEqual(['practical_reexam_required']);
    });
  });
});
