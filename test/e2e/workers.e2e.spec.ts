import { PersonalDataVault } from '../../apps/api/src/personal-data/personal-data-vault.js';
import { newIdNumber } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { enrollWorker, registerEnterprise, streamEvents, wholeLogText, type Party } from './support/worker-steps.js';

describe('workers over HTTP: enrolment and employment end', () => {
  let t: TestApp;
  let enterprise: Party;
  beforeAll(async () => {
    t = await startTestApp();
    enterprise = await registerEnterprise(t);
  });
  afterAll(() => t.close());

  const enrolment = (over: Record<string, unknown> = {}) => ({
    enterpriseId: enterprise.id,
    name: '李四',
    idNumber: newIdNumber('1988-03-09'),
    employmentType: 'employee',
    hireType: 'new_hire',
    enrolledOn: '2020-06-01',
    educationLevel: 'junior_middle',
    ...over,
  });
  const enroll = (body: object, token = enterprise.token) => t.http.post('/api/v1/workers').set('Authorization', `Bearer ${token}`).send(body);

  describe('POST /workers', () => {
    it('enrols a new person: 201 with the person id, and the event carries only the sealed data (the ID number is indexed in the key store)', async () => {
      const body = enrolment({ name: '王小明' });
      const response = await enroll(body);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        revision: 0,
        position: expect.stringMatching(/^\d+$/),
        employmentId: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      const [enrolled] = await streamEvents(t, `worker-${response.body.id}`);
      expect(enrolled!.type).toBe('WorkerEnrolled');
      expect(enrolled!.data).toMatchObject({
        personId: response.body.id,
        enterpriseId: enterprise.id,
        personal: { v: 1, keyId: response.body.id },
      });
      expect(enrolled!.data).not.toHaveProperty('idNumberHash');
      const vault = t.app.get(PersonalDataVault);
      const hash = vault.idNumberHash(body.idNumber as string);
      expect(await vault.findIdNumber(hash)).toBe(response.body.id);
      const log = await wholeLogText(t);
      expect(log).not.toContain(hash);
      expect(log).not.toContain(body.idNumber as string);
      expect(log).not.toContain('王小明');
    });

    it('gives a known ID number the same lifelong account at another enterprise (200, that person’s id)', async () => {
      const other = await registerEnterprise(t, { countyCode: '430921' });
      const idNumber = newIdNumber('1985-01-20');
      const first = await enroll(enrolment({ idNumber }));
      const second = await enroll(enrolment({ idNumber, enterpriseId: other.id }), other.token);
      expect(first.status).toBe(201);
      expect(second.status).toBe(200);
      expect(second.body.id).toBe(first.body.id);
      expect(second.body.revision).toBe(1);
      const events = await streamEvents(t, `worker-${first.body.id}`);
      expect(events.map((e) => (e.data as { enterpriseId: string }).enterpriseId)).toEqual([enterprise.id, other.id]);
    });

    it('treats an ID number with a lower-case x and surrounding spaces as the same person', async () => {
      let idNumber = newIdNumber('1979-11-30');
      while (!idNumber.endsWith('X')) idNumber = newIdNumber('1979-11-30');
      const first = await enroll(enrolment({ idNumber }));
      const other = await registerEnterprise(t);
      const again = await enroll(enrolment({ idNumber: ` ${idNumber.toLowerCase()} `, enterpriseId: other.id }), other.token);
      expect(again.body.id).toBe(first.body.id);
    });

    it('refuses to enrol a person again where they are still employed (409 already_employed), appending nothing', async () => {
      const body = enrolment();
      const first = await enroll(body);
      const again = await enroll({ ...body, enrolledOn: '2020-07-01' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'already_employed' });
      expect(JSON.stringify(again.body)).not.toContain(body.idNumber as string);
      expect(await streamEvents(t, `worker-${first.body.id}`)).toHaveLength(1);
    });

    it('enrols the person again after the employment ended', async () => {
      const body = enrolment();
      const first = await enroll(body);
      await t.http
        .post(`/api/v1/workers/${first.body.id}/employment-end`)
        .set('Authorization', `Bearer ${enterprise.token}`)
        .send({ enterpriseId: enterprise.id, endsOn: '2020-12-31' })
        .expect(200);
      const again = await enroll({ ...body, enrolledOn: '2021-03-01' });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
    });

    it.each([
      ['a wrong check character', (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0')],
      ['a birth date that does not exist', (id: string) => id.slice(0, 10) + '0230' + id.slice(14)],
      ['too few digits', (id: string) => id.slice(0, 15)],
    ])('refuses an ID number with %s: 400 invalid_id_number on idNumber, never echoing it', async (_, spoil) => {
      const idNumber = spoil(newIdNumber('1990-05-17'));
      const response = await enroll(enrolment({ idNumber }));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'invalid_id_number', errors: [{ path: 'idNumber' }] });
      expect(JSON.stringify(response.body)).not.toContain(idNumber);
    });

    it('refuses someone under the minimum working age (422 not_eligible) without reserving the ID number', async () => {
      const idNumber = newIdNumber('2006-01-01');
      const response = await enroll(enrolment({ idNumber, enrolledOn: '2020-06-01' }));
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('not_eligible');
      // A refused enrolment claims nothing: the ID number is in no index and no stream.
      const vault = t.app.get(PersonalDataVault);
      expect(await vault.findIdNumber(vault.idNumberHash(idNumber))).toBeNull();
      expect(await streamEvents(t, `person_id-${vault.idNumberHash(idNumber)}`)).toEqual([]);
      const later = await enroll(enrolment({ idNumber, enrolledOn: '2022-06-01' }));
      expect(later.status).toBe(201);
    });

    it.each([
      ['enterpriseId', { enterpriseId: 'has-dash' }],
      ['name', { name: '' }],
      ['idNumber', { idNumber: 430903 }],
      ['employmentType', { employmentType: 'contractor' }],
      ['hireType', { hireType: 'rehire' }],
      ['enrolledOn', { enrolledOn: '2020-02-30' }],
      ['educationLevel', { educationLevel: 'phd' }],
      ['phone', { phone: '13800000000' }],
    ])('answers 400 naming the bad field %s', async (field, over) => {
      const response = await enroll(enrolment(over));
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    });

    it('answers 404 for an enterprise that does not exist', async () => {
      const ghost = 'a'.repeat(32);
      const token = await t.token('enterprise_admin', { enterprise: ghost });
      const response = await enroll(enrolment({ enterpriseId: ghost }), token);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'enterprise_not_found', errors: [{ path: 'enterpriseId' }] });
    });

    it('needs a token (401), the enterprise admin role (403) and that enterprise (403)', async () => {
      await t.http.post('/api/v1/workers').send(enrolment()).expect(401);
      await enroll(enrolment(), await t.token('city_admin')).expect(403);
      await enroll(enrolment(), await t.token('em_officer', { county: '430903' })).expect(403);
      const other = await registerEnterprise(t);
      const response = await enroll(enrolment(), other.token);
      expect(response.status).toBe(403);
    });

    it('replays a retried Idempotency-Key with the first answer', async () => {
      const body = enrolment();
      const send = () => t.http.post('/api/v1/workers').set('Authorization', `Bearer ${enterprise.token}`).set('Idempotency-Key', 'enrol-1').send(body);
      const first = await send();
      const retry = await send();
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toMatchObject({ id: first.body.id, revision: 0, position: first.body.position });
      expect(await streamEvents(t, `worker-${first.body.id}`)).toHaveLength(1);
    });

    it('ends with one account when 20 enrolments of the same new ID number race at 20 enterprises', async () => {
      const enterprises = await Promise.all(Array.from({ length: 20 }, () => registerEnterprise(t)));
      const idNumber = newIdNumber('1992-08-08');
      const answers = await Promise.all(enterprises.map((e) => enroll(enrolment({ idNumber, enterpriseId: e.id }), e.token)));
      const ok = answers.filter((a) => a.status === 200 || a.status === 201);
      expect(answers.filter((a) => ![200, 201].includes(a.status)).map((a) => a.body.code)).toEqual([]);
      expect(new Set(ok.map((a) => a.body.id)).size).toBe(1);
      expect(ok.filter((a) => a.status === 201)).toHaveLength(1);
      const events = await streamEvents(t, `worker-${ok[0]!.body.id}`);
      expect(events).toHaveLength(20);
    });

    it('ends with one account and one employment when 20 enrolments of a new ID number race at one enterprise', async () => {
      const idNumber = newIdNumber('1993-09-09');
      const answers = await Promise.all(Array.from({ length: 20 }, () => enroll(enrolment({ idNumber }))));
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409).map((a) => a.body.code)).toEqual(Array(19).fill('already_employed'));
      const id = answers.find((a) => a.status === 201)!.body.id;
      expect(await streamEvents(t, `worker-${id}`)).toHaveLength(1);
    });
  });

  describe('POST /workers/{id}/employment-end', () => {
    const end = (workerId: string, body: object, token = enterprise.token) =>
      t.http.post(`/api/v1/workers/${workerId}/employment-end`).set('Authorization', `Bearer ${token}`).send(body);

    it('ends the employment (200) and its open posts the same day', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      await t.http
        .post(`/api/v1/workers/${workerId}/posts`)
        .set('Authorization', `Bearer ${enterprise.token}`)
        .send({ enterpriseId: enterprise.id, title: '操作工', startsOn: '2020-07-01' })
        .expect(200);
      const response = await end(workerId, { enterpriseId: enterprise.id, endsOn: '2021-03-31', reason: 'resigned' });
      expect(response.status).toBe(200);
      expect(response.body.revision).toBe(3);
      const events = await streamEvents(t, `worker-${workerId}`);
      expect(events.slice(2).map((e) => e.type)).toEqual(['PostEnded', 'EmploymentEnded']);
    });

    it('refuses ending twice (422 invalid_transition) and an end before the enrolment (400 ends_before_start)', async () => {
      const { workerId } = await enrollWorker(t, enterprise);
      const early = await end(workerId, { enterpriseId: enterprise.id, endsOn: '2020-01-01' });
      expect(early.status).toBe(400);
      expect(early.body).toMatchObject({ code: 'ends_before_start', errors: [{ path: 'endsOn' }] });
      await end(workerId, { enterpriseId: enterprise.id, endsOn: '2020-12-31' }).expect(200);
      const twice = await end(workerId, { enterpriseId: enterprise.id, endsOn: '2021-01-31' });
      expect(twice.status).toBe(422);
      expect(twice.body.code).toBe('invalid_transition');
      expect(await streamEvents(t, `worker-${workerId}`)).toHaveLength(2);
    });

    it.each([
      ['enterpriseId', { enterpriseId: '' }],
      ['endsOn', { endsOn: 'tomorrow' }],
      ['reason', { reason: 'x'.repeat(501) }],
    ])('answers 400 naming the bad field %s', async (field, over) => {
      const { workerId } = await enrollWorker(t, enterprise);
      const response = await end(workerId, { enterpriseId: enterprise.id, endsOn: '2020-12-31', ...over });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    });

    it('answers 400 for a malformed worker id, 404 for an unknown one, 403 for another enterprise', async () => {
      const bad = await end('not-an-id', { enterpriseId: enterprise.id, endsOn: '2020-12-31' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].path).toBe('id');
      await end('f'.repeat(32), { enterpriseId: enterprise.id, endsOn: '2020-12-31' }).expect(404);
      const { workerId } = await enrollWorker(t, enterprise);
      const other = await registerEnterprise(t);
      await end(workerId, { enterpriseId: enterprise.id, endsOn: '2020-12-31' }, other.token).expect(403);
      await end(workerId, { enterpriseId: enterprise.id, endsOn: '2020-12-31' }, await t.token('city_admin')).expect(403);
      await t.http.post(`/api/v1/workers/${workerId}/employment-end`).send({ enterpriseId: enterprise.id, endsOn: '2020-12-31' }).expect(401);
    });
  });
});
