import { startTestApp, type TestApp } from './support/test-app.js';
import { addTrainee, enrollWorker, openClass, registerEnterprise, registerProvider, rosterEntry, streamEvents, type Party } from './support/worker-steps.js';

describe('training classes over HTTP', () => {
  let t: TestApp;
  let provider: Party;
  let enterprise: Party;
  beforeAll(async () => {
    t = await startTestApp();
    provider = await registerProvider(t);
    enterprise = await registerEnterprise(t);
  });
  afterAll(() => t.close());

  const classBody = (over: Record<string, unknown> = {}) => ({
    countyCode: '430903',
    kind: 'special_operation',
    specialOperationCode: '9.1',
    title: '2020年第一期氯化工艺作业培训班',
    content: '氯化工艺安全技术',
    theoryHours: 48,
    practicalHours: 24,
    startsOn: '2020-06-01',
    endsOn: '2020-06-20',
    ...over,
  });
  const open = (body: object, token = provider.token) => t.http.post('/api/v1/training-classes').set('Authorization', `Bearer ${token}`).send(body);
  const add = (classId: string, workerId: string, token = provider.token) =>
    t.http.post(`/api/v1/training-classes/${classId}/trainees`).set('Authorization', `Bearer ${token}`).send({ workerId });
  const complete = (classId: string, body: object, token = provider.token) =>
    t.http.post(`/api/v1/training-classes/${classId}/completions`).set('Authorization', `Bearer ${token}`).send(body);

  describe('POST /training-classes', () => {
    it('opens a class owned by the calling provider (201), the owner taken from the token', async () => {
      const response = await open(classBody());
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), revision: 0, position: expect.stringMatching(/^\d+$/) });
      const [opened] = await streamEvents(t, `training_class-${response.body.id}`);
      expect(opened!.data).toMatchObject({ classId: response.body.id, providerId: provider.id, kind: 'special_operation', specialOperationCode: '9.1' });
      expect(opened!.data).not.toHaveProperty('enterpriseId');
    });

    it('opens an enterprise’s own class (201)', async () => {
      const response = await open(classBody({ kind: 'pre_post', specialOperationCode: undefined, enterpriseId: enterprise.id }), enterprise.token);
      expect(response.status).toBe(201);
      const [opened] = await streamEvents(t, `training_class-${response.body.id}`);
      expect(opened!.data).toMatchObject({ enterpriseId: enterprise.id });
    });

    it.each([
      ['special_operation_code_required', 400, { specialOperationCode: undefined }, 'specialOperationCode'],
      ['unknown_special_operation_code', 400, { specialOperationCode: '99.1' }, 'specialOperationCode'],
      ['invalid_hours', 400, { theoryHours: 0, practicalHours: 0 }, 'theoryHours'],
      ['ends_before_start', 400, { endsOn: '2020-05-31' }, 'endsOn'],
      ['invalid_owner', 400, { enterpriseId: 'e'.repeat(32) }, 'providerId'],
      ['unknown_county', 404, { countyCode: '110101' }, 'countyCode'],
    ])('refuses by the rules: %s (%i)', async (code, status, over, path) => {
      const body = classBody({ providerId: provider.id, ...over });
      const response = await open(body);
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ code, errors: [{ path }] });
    });

    it.each([
      ['countyCode', { countyCode: 'x' }],
      ['kind', { kind: 'induction' }],
      ['specialOperationCode', { specialOperationCode: 'nine' }],
      ['title', { title: '' }],
      ['content', { content: 'x'.repeat(2001) }],
      ['theoryHours', { theoryHours: -1 }],
      ['practicalHours', { practicalHours: 1.5 }],
      ['startsOn', { startsOn: '2020-02-30' }],
      ['endsOn', { endsOn: '20200620' }],
      ['providerId', { providerId: 'with-dash' }],
      ['enterpriseId', { enterpriseId: 'with-dash' }],
      ['trainer', { trainer: 'someone' }],
    ])('answers 400 naming the bad field %s', async (field, over) => {
      const response = await open(classBody(over));
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    });

    it('answers 401 without a token, 403 for other roles and for another owner, 404 for an unknown owner', async () => {
      await t.http.post('/api/v1/training-classes').send(classBody()).expect(401);
      await open(classBody(), await t.token('em_officer', { county: '430903' })).expect(403);
      await open(classBody(), await t.token('city_admin')).expect(403);
      const other = await registerProvider(t);
      await open(classBody({ providerId: other.id })).expect(403);
      await open(classBody({ enterpriseId: enterprise.id, providerId: undefined })).expect(403);
      const ghost = 'c'.repeat(32);
      const missing = await open(classBody(), await t.token('training_provider', { provider: ghost }));
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ code: 'training_provider_not_found', errors: [{ path: 'providerId' }] });
    });
  });

  describe('POST /training-classes/{id}/trainees', () => {
    it('adds a worker (200), refuses the same worker twice (409 already_added)', async () => {
      const classId = await openClass(t, provider);
      const { workerId } = await enrollWorker(t, enterprise);
      // A provider takes a new trainee from its roster: ID number and name, matched to the account.
      const response = await t.http
        .post(`/api/v1/training-classes/${classId}/trainees`)
        .set('Authorization', `Bearer ${provider.token}`)
        .send(await rosterEntry(t, workerId));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: classId, revision: 1, workerId });
      const again = await add(classId, workerId);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('already_added');
      expect(await streamEvents(t, `training_class-${classId}`)).toHaveLength(2);
    });

    it('answers 404 for an unknown class or worker, 400 for malformed ids', async () => {
      const classId = await openClass(t, provider);
      const { workerId } = await enrollWorker(t, enterprise);
      const noClass = await add('b'.repeat(32), workerId);
      expect(noClass.status).toBe(404);
      const noWorker = await add(classId, 'b'.repeat(32));
      expect(noWorker.status).toBe(404);
      expect(noWorker.body).toMatchObject({ code: 'worker_not_found', errors: [{ path: 'workerId' }] });
      const badWorker = await add(classId, 'x-y');
      expect(badWorker.status).toBe(400);
      expect(badWorker.body.errors[0].path).toBe('workerId');
      const badClass = await add('x-y', workerId);
      expect(badClass.status).toBe(400);
      expect(badClass.body.errors[0].path).toBe('id');
      expect(await streamEvents(t, `training_class-${classId}`)).toHaveLength(1);
    });

    it('lets only the class’s owner add trainees (403 for another provider, an enterprise, an officer; 401 without token)', async () => {
      const classId = await openClass(t, provider);
      const { workerId } = await enrollWorker(t, enterprise);
      const other = await registerProvider(t);
      await add(classId, workerId, other.token).expect(403);
      await add(classId, workerId, enterprise.token).expect(403);
      await add(classId, workerId, await t.token('em_officer', { county: '430903' })).expect(403);
      await t.http.post(`/api/v1/training-classes/${classId}/trainees`).send({ workerId }).expect(401);
      const ownClass = await openClass(t, enterprise);
      await add(ownClass, workerId, enterprise.token).expect(200);
    });
  });

  describe('POST /training-classes/{id}/completions', () => {
    let classId: string;
    let workerId: string;
    beforeEach(async () => {
      classId = await openClass(t, provider, { theoryHours: 48, practicalHours: 24, startsOn: '2020-06-01', endsOn: '2020-06-20' });
      workerId = (await enrollWorker(t, enterprise)).workerId;
      await addTrainee(t, provider, classId, workerId);
    });
    const completion = (over: Record<string, unknown> = {}) => ({ workerId, hoursAttended: 72, completedOn: '2020-06-20', ...over });

    it('records a completion (200), then refuses it twice (409 already_completed)', async () => {
      const response = await complete(classId, completion());
      expect(response.status).toBe(200);
      expect(response.body.revision).toBe(2);
      const again = await complete(classId, completion());
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('already_completed');
    });

    it.each([
      ['completed_outside_class_dates', { completedOn: '2020-06-21' }, 'completedOn'],
      ['hours_exceed_class', { hoursAttended: 73 }, 'hoursAttended'],
      // A pre-post class counts after its 72 hours (reference/training-hours.json).
      ['training_hours_below_minimum', { hoursAttended: 71 }, 'hoursAttended'],
    ])('refuses by the rules: %s (422), appending nothing', async (code, over, path) => {
      const response = await complete(classId, completion(over));
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code, errors: [{ path }] });
      expect(await streamEvents(t, `training_class-${classId}`)).toHaveLength(2);
    });

    it('refuses a worker who is not on the roster (422 not_a_trainee) and zero hours (400 invalid_hours)', async () => {
      const stranger = (await enrollWorker(t, enterprise)).workerId;
      const notTrainee = await complete(classId, completion({ workerId: stranger }));
      expect(notTrainee.status).toBe(422);
      expect(notTrainee.body.code).toBe('not_a_trainee');
      const zero = await complete(classId, completion({ hoursAttended: 0 }));
      expect(zero.status).toBe(400);
      expect(zero.body).toMatchObject({ code: 'invalid_hours', errors: [{ path: 'hoursAttended' }] });
    });

    it.each([
      ['workerId', { workerId: '' }],
      ['hoursAttended', { hoursAttended: 'seventy' }],
      ['completedOn', { completedOn: '2020-06-31' }],
      ['grade', { grade: 'A' }],
    ])('answers 400 naming the bad field %s', async (field, over) => {
      const response = await complete(classId, completion(over));
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    });

    it('lets only the owner record completions (403), 404 for an unknown class, 401 without token', async () => {
      const other = await registerProvider(t);
      await complete(classId, completion(), other.token).expect(403);
      await complete(classId, completion(), enterprise.token).expect(403);
      await complete('a'.repeat(32), completion()).expect(404);
      await t.http.post(`/api/v1/training-classes/${classId}/completions`).send(completion()).expect(401);
      expect(await streamEvents(t, `training_class-${classId}`)).toHaveLength(2);
    });
  });
});
