import { PersonalDataVault } from '../../apps/api/src/personal-data/personal-data-vault.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import {
  addTrainee,
  completeTraining,
  enrollWorker,
  examBody,
  openClass,
  registerEnterprise,
  registerProvider,
  streamEvents,
  type ExamOptions,
  type Party,
} from './support/worker-steps.js';

describe('exams over HTTP: POST /workers/{id}/exams', () => {
  let t: TestApp;
  let provider: Party;
  let enterprise: Party;
  let officer: string;
  beforeAll(async () => {
    t = await startTestApp();
    provider = await registerProvider(t);
    enterprise = await registerEnterprise(t);
    officer = await t.token('em_officer', { county: '430903' });
  });
  afterAll(() => t.close());

  const exam = (workerId: string, over: Record<string, unknown>, token = provider.token) =>
    t.http.post(`/api/v1/workers/${workerId}/exams`).set('Authorization', `Bearer ${token}`).send({ ...examBody(over as ExamOptions), ...over });

  /** A worker of the enterprise on the roster of a provider's class, completed on 2020-06-20. */
  async function trainee(kind = 'special_operation', educationLevel = 'senior_high'): Promise<{ workerId: string; classId: string }> {
    const { workerId } = await enrollWorker(t, enterprise, { educationLevel });
    const classId = await openClass(t, provider, { kind });
    await addTrainee(t, provider, classId, workerId);
    await completeTraining(t, provider, classId, workerId);
    return { workerId, classId };
  }

  it('records a pass for a trainee of the provider’s class: 200 with passed true and the exam id', async () => {
    const { workerId, classId } = await trainee();
    const response = await exam(workerId, { kind: 'special_operation', classId, theoryScore: 86, practicalScore: 92 });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: workerId,
      revision: 1,
      position: expect.stringMatching(/^\d+$/),
      examId: expect.stringMatching(/^[0-9a-f]{32}$/),
      passed: true,
    });
    const events = await streamEvents(t, `worker-${workerId}`);
    expect(events[1]).toMatchObject({ type: 'ExamPassed', data: { examId: response.body.examId, classId, specialOperationCode: '9.1', attempt: 1 } });
  });

  it('records a fail (ExamFailed, passed false) below the pass mark or without the key safety skills', async () => {
    const { workerId, classId } = await trainee();
    const low = await exam(workerId, { kind: 'special_operation', classId, theoryScore: 79, practicalScore: 95, examinedOn: '2020-06-25' });
    expect(low.status).toBe(200);
    expect(low.body.passed).toBe(false);
    const skills = await exam(workerId, { kind: 'special_operation', classId, keySafetySkillsPassed: false, examinedOn: '2020-06-28' });
    expect(skills.body.passed).toBe(false);
    const events = await streamEvents(t, `worker-${workerId}`);
    expect(events.slice(1).map((e) => [e.type, (e.data as { attempt: number }).attempt])).toEqual([
      ['ExamFailed', 1],
      ['ExamFailed', 2],
    ]);
  });

  it('allows one resit; a third attempt needs training again (422 training_required), which a later class completion gives', async () => {
    const { workerId, classId } = await trainee();
    await exam(workerId, { kind: 'special_operation', classId, theoryScore: 50, examinedOn: '2020-06-25' }).expect(200);
    await exam(workerId, { kind: 'special_operation', classId, theoryScore: 60, examinedOn: '2020-07-01' }).expect(200);
    const third = await exam(workerId, { kind: 'special_operation', classId, examinedOn: '2020-07-05' });
    expect(third.status).toBe(422);
    expect(third.body.code).toBe('training_required');
    expect(await streamEvents(t, `worker-${workerId}`)).toHaveLength(3);

    const retraining = await openClass(t, provider, { kind: 'special_operation', startsOn: '2020-07-06', endsOn: '2020-07-20' });
    await addTrainee(t, provider, retraining, workerId);
    await completeTraining(t, provider, retraining, workerId, { completedOn: '2020-07-20' });
    const after = await exam(workerId, { kind: 'special_operation', classId: retraining, examinedOn: '2020-07-25' });
    expect(after.status).toBe(200);
    expect(after.body.passed).toBe(true);
  });

  it.each([
    ['not_eligible', 422, 'junior_middle', {}, undefined],
    ['practical_score_required', 400, 'senior_high', { practicalScore: undefined }, 'practicalScore'],
    ['invalid_score', 400, 'senior_high', { theoryScore: 101 }, 'theoryScore'],
    ['invalid_score', 400, 'senior_high', { practicalScore: -1 }, 'practicalScore'],
  ])('refuses by the rules: %s (%i), appending nothing', async (code, status, educationLevel, over, path) => {
    const { workerId, classId } = await trainee('special_operation', educationLevel);
    const body = { ...examBody({ kind: 'special_operation', classId }), ...over };
    const response = await t.http.post(`/api/v1/workers/${workerId}/exams`).set('Authorization', `Bearer ${provider.token}`).send(JSON.parse(JSON.stringify(body)));
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    if (path) expect(response.body.errors[0].path).toBe(path);
    expect(await streamEvents(t, `worker-${workerId}`)).toHaveLength(1);
  });

  it('refuses an exam of another kind or code than the class (422 class_mismatch) and a worker not on its roster (422 not_a_trainee)', async () => {
    const { workerId, classId } = await trainee();
    const otherCode = await exam(workerId, { kind: 'special_operation', specialOperationCode: '9.2', classId });
    expect(otherCode.status).toBe(422);
    expect(otherCode.body).toMatchObject({ code: 'class_mismatch', errors: [{ path: 'classId' }] });
    const otherKind = await exam(workerId, { kind: 'refresher', classId });
    expect(otherKind.body.code).toBe('class_mismatch');
    const stranger = (await enrollWorker(t, enterprise)).workerId;
    const notOnRoster = await exam(stranger, { kind: 'special_operation', classId });
    expect(notOnRoster.status).toBe(422);
    expect(notOnRoster.body.code).toBe('not_a_trainee');
    expect(await streamEvents(t, `worker-${stranger}`)).toHaveLength(1);
  });

  it('refuses to examine an erased person (422 person_erased)', async () => {
    const { workerId, classId } = await trainee();
    await t.app.get(PersonalDataVault).erase(workerId);
    const response = await exam(workerId, { kind: 'special_operation', classId });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('person_erased');
  });

  it.each([
    ['kind', { kind: 'oral' }],
    ['classId', { classId: 'a-b' }],
    ['specialOperationCode', { specialOperationCode: 'x' }],
    ['theoryScore', { theoryScore: 'ninety' }],
    ['practicalScore', { practicalScore: '90' }],
    ['keySafetySkillsPassed', { keySafetySkillsPassed: 'true' }],
    ['examinedOn', { examinedOn: '2020-09-31' }],
    ['examiner', { examiner: 'someone' }],
  ])('answers 400 naming the bad field %s', async (field, over) => {
    const { workerId } = await enrollWorker(t, enterprise);
    const response = await exam(workerId, { kind: 'pre_post', ...over }, officer);
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it('answers 404 for an unknown worker or class, 400 for a malformed worker id', async () => {
    const { workerId } = await enrollWorker(t, enterprise);
    const noWorker = await exam('9'.repeat(32), { kind: 'pre_post' }, officer);
    expect(noWorker.status).toBe(404);
    const noClass = await exam(workerId, { kind: 'pre_post', classId: '8'.repeat(32) }, officer);
    expect(noClass.status).toBe(404);
    expect(noClass.body).toMatchObject({ code: 'training_class_not_found', errors: [{ path: 'classId' }] });
    const malformed = await exam('bad-id', { kind: 'pre_post' }, officer);
    expect(malformed.status).toBe(400);
  });

  describe('who may record it', () => {
    it('a training provider: only for its own classes (403 without a class or for another provider’s class)', async () => {
      const { workerId, classId } = await trainee();
      const other = await registerProvider(t);
      await exam(workerId, { kind: 'special_operation', classId }, other.token).expect(403);
      await exam(workerId, { kind: 'special_operation' }).expect(403);
      await exam(workerId, { kind: 'special_operation', classId }).expect(200);
    });

    it('an enterprise admin: its own workers, not special operations', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      const own = await exam(workerId, { kind: 'pre_post', examinedOn: '2020-06-10' }, enterprise.token);
      expect(own.status).toBe(200);
      expect(own.body.passed).toBe(true);
      await exam(workerId, { kind: 'special_operation' }, enterprise.token).expect(403);
      const other = await registerEnterprise(t);
      await exam(workerId, { kind: 'pre_post' }, other.token).expect(403);
    });

    it('an em_officer of the class’s county, or without a class of the employer’s county', async () => {
      const { workerId, classId } = await trainee();
      await exam(workerId, { kind: 'special_operation', classId }, await t.token('em_officer', { county: '430921' })).expect(403);
      await exam(workerId, { kind: 'special_operation', classId }, officer).expect(200);
      const elsewhere = await registerEnterprise(t, { countyCode: '430921' });
      const { workerId: remote } = await enrollWorker(t, elsewhere);
      await exam(remote, { kind: 'pre_post' }, officer).expect(403);
      await exam(remote, { kind: 'pre_post' }, await t.token('em_officer', { county: '430921' })).expect(200);
    });

    it('nobody else: 401 without a token, 403 for other roles, and nothing appended', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      await t.http.post(`/api/v1/workers/${workerId}/exams`).send(examBody()).expect(401);
      await exam(workerId, { kind: 'pre_post' }, await t.token('city_admin')).expect(403);
      await exam(workerId, { kind: 'pre_post' }, await t.token('hrss_officer', { county: '430903' })).expect(403);
      expect(await streamEvents(t, `worker-${workerId}`)).toHaveLength(1);
    });
  });

  it('answers a retried Idempotency-Key with the first answer, passed included, and appends nothing', async () => {
    const { workerId } = await enrollWorker(t, enterprise);
    const send = () => t.http.post(`/api/v1/workers/${workerId}/exams`).set('Authorization', `Bearer ${officer}`).set('Idempotency-Key', 'exam-1').send(examBody({ theoryScore: 40 }));
    const first = await send();
    const retry = await send();
    expect(first.status).toBe(200);
    expect(first.body.passed).toBe(false);
    expect(retry.body).toEqual(first.body);
    expect(await streamEvents(t, `worker-${workerId}`)).toHaveLength(2);
  });
});
