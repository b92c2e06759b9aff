import { newCreditCode } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('enterprises over HTTP', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token('city_admin');
  });
  afterAll(() => t.close());

  const body = (over: Record<string, unknown> = {}) => ({
    name: '益阳某化工有限公司',
    creditCode: newCreditCode(),
    sector: 'hazardous_chemicals',
    countyCode: '430903',
    ...over,
  });

  it('registers an enterprise: 201 with id, revision 0 and a position', async () => {
    const response = await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).send(body());
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), revision: 0, position: expect.stringMatching(/^\d+$/) });
    expect(response.headers.etag).toBe('"0"');
  });

  it('refuses a second enterprise with the same credit code (409) and records nothing for it', async () => {
    const first = body();
    await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).send(first).expect(201);
    const again = await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).send({ ...first, name: 'other' });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.body).toMatchObject({ status: 409, code: 'duplicate_credit_code', errors: [{ path: 'creditCode' }] });
  });

  it.each([
    ['name', { name: '' }],
    ['creditCode', { creditCode: 'short' }],
    ['sector', { sector: 'banking' }],
    ['countyCode', { countyCode: '43x' }],
    ['unknownField', { unknownField: 1 }],
  ])('answers 400 naming the bad field %s', async (field, over) => {
    const response = await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).send(body(over));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_input');
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it('answers 400 for a credit code whose check character is wrong', async () => {
    const code = newCreditCode();
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    const response = await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).send(body({ creditCode: wrong }));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_credit_code', errors: [{ path: 'creditCode' }] });
  });

  it('answers 404 for a county that is not one of Yiyang’s units', async () => {
    const response = await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).send(body({ countyCode: '110101' }));
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('unknown_county');
  });

  it('needs a token (401), the right role and the right county (403)', async () => {
    await t.http.post('/api/v1/enterprises').send(body()).expect(401);
    await t.http.post('/api/v1/enterprises').set('Authorization', 'Bearer not-a-token').send(body()).expect(401);
    const provider = await t.token('training_provider', { provider: 'p1' });
    await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${provider}`).send(body()).expect(403);
    const otherCounty = await t.token('em_officer', { county: '430921' });
    await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${otherCounty}`).send(body()).expect(403);
    const ownCounty = await t.token('em_officer', { county: '430903' });
    await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${ownCounty}`).send(body()).expect(201);
  });

  it('answers the first result again for a retried Idempotency-Key, and 422 for the key with another body', async () => {
    const sent = body();
    const first = await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).set('Idempotency-Key', 'reg-1').send(sent);
    const retry = await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).set('Idempotency-Key', 'reg-1').send(sent);
    expect(first.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const other = await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).set('Idempotency-Key', 'reg-1').send(body());
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
  });

  describe('training plans', () => {
    let enterpriseId: string;
    let enterpriseAdmin: string;
    beforeAll(async () => {
      enterpriseId = (await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).send(body())).body.id;
      enterpriseAdmin = await t.token('enterprise_admin', { enterprise: enterpriseId });
    });

    it('records a plan (200) and honours If-Match (412 when stale)', async () => {
      const plan = { year: 2020, submittedOn: '2020-05-20' };
      const response = await t.http.post(`/api/v1/enterprises/${enterpriseId}/training-plans`).set('Authorization', `Bearer ${enterpriseAdmin}`).send(plan);
      expect(response.status).toBe(200);
      expect(response.body.revision).toBe(1);
      const stale = await t.http
        .post(`/api/v1/enterprises/${enterpriseId}/training-plans`)
        .set('Authorization', `Bearer ${enterpriseAdmin}`)
        .set('If-Match', '"0"')
        .send({ ...plan, year: 2021, submittedOn: '2021-01-10' });
      expect(stale.status).toBe(412);
      const current = await t.http
        .post(`/api/v1/enterprises/${enterpriseId}/training-plans`)
        .set('Authorization', `Bearer ${enterpriseAdmin}`)
        .set('If-Match', '"1"')
        .send({ ...plan, year: 2021, submittedOn: '2021-01-10' });
      expect(current.status).toBe(200);
      expect(current.body.revision).toBe(2);
    });

    it('refuses a day that does not exist (400) and an unknown enterprise (404 or 403 outside scope)', async () => {
      const bad = await t.http.post(`/api/v1/enterprises/${enterpriseId}/training-plans`).set('Authorization', `Bearer ${enterpriseAdmin}`).send({ year: 2021, submittedOn: '2021-02-30' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].path).toBe('submittedOn');
      const stranger = await t.token('enterprise_admin', { enterprise: 'ffffffffffffffffffffffffffffffff' });
      const missing = await t.http.post('/api/v1/enterprises/ffffffffffffffffffffffffffffffff/training-plans').set('Authorization', `Bearer ${stranger}`).send({ year: 2021, submittedOn: '2021-01-10' });
      expect(missing.status).toBe(404);
      const outside = await t.http.post(`/api/v1/enterprises/${enterpriseId}/training-plans`).set('Authorization', `Bearer ${stranger}`).send({ year: 2021, submittedOn: '2021-01-10' });
      expect(outside.status).toBe(403);
    });
  });

  describe('summaries (2021-11-30: every unit, enterprises as well as counties)', () => {
    it('records the summary, shows the milestone per enterprise, and refuses bad input', async () => {
      const enterpriseId = (await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).send(body())).body.id as string;
      const registeredLate = (await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).send(body())).body;
      const late = registeredLate.id as string;
      const own = await t.token('enterprise_admin', { enterprise: enterpriseId });
      const milestone = async (asOf: string, unit: string, position?: string) => {
        const request = t.http.get(`/api/v1/milestones?asOf=${asOf}`).set('Authorization', `Bearer ${admin}`);
        const response = position ? await request.set('X-Min-Position', position) : await request;
        return (response.body.items as Array<{ milestone: string; unit: string }>).find((i) => i.milestone === 'enterprise_summary' && i.unit === unit);
      };
      expect(await milestone('2021-11-01', enterpriseId, registeredLate.position)).toMatchObject({ due: '2021-11-30', doneOn: null, status: 'pending' });
      const response = await t.http.post(`/api/v1/enterprises/${enterpriseId}/summaries`).set('Authorization', `Bearer ${own}`).send({ submittedOn: '2021-11-20' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: enterpriseId, revision: 1 });
      expect(await milestone('2021-12-01', enterpriseId, response.body.position)).toMatchObject({ doneOn: '2021-11-20', status: 'done_on_time' });
      // As of a day before the summary came, it has not come: no day shown, still pending.
      expect(await milestone('2021-11-10', enterpriseId, response.body.position)).toMatchObject({ doneOn: null, status: 'pending' });
      expect(await milestone('2021-12-01', late)).toMatchObject({ doneOn: null, status: 'overdue' });

      const bad = await t.http.post(`/api/v1/enterprises/${enterpriseId}/summaries`).set('Authorization', `Bearer ${own}`).send({ submittedOn: '2021-11-31' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].path).toBe('submittedOn');
      const stranger = await t.token('enterprise_admin', { enterprise: late });
      expect((await t.http.post(`/api/v1/enterprises/${enterpriseId}/summaries`).set('Authorization', `Bearer ${stranger}`).send({ submittedOn: '2021-11-20' })).status).toBe(403);
      expect((await t.http.post(`/api/v1/enterprises/${enterpriseId}/summaries`).set('Authorization', `Bearer ${admin}`).send({ submittedOn: '2021-11-20' })).status).toBe(403);
    });
  });
});
