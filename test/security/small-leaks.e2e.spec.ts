import { newIdNumber } from '../e2e/support/fixtures.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { enrollWorker, registerEnterprise, streamEvents, type Party } from '../e2e/support/worker-steps.js';

/** The smaller findings: what an anonymous caller learns, what a hostile body costs, what bad text is stored. */
describe('small leaks and costly inputs', () => {
  let t: TestApp;
  let enterprise: Party;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    enterprise = await registerEnterprise(t);
  });
  afterAll(() => t.close());

  it('tells an anonymous /health caller only up or down; an operator gets the detail', async () => {
    const anonymous = await t.http.get('/health');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ status: 'ok' });
    expect(anonymous.text).not.toContain(t.config.dataDir);
    for (const role of ['viewer', 'enterprise_admin'] as const) {
      const token = await t.token(role, { enterprise: enterprise.id });
      expect((await t.http.get('/health').set(auth(token))).body).toEqual({ status: 'ok' });
    }
    const operator = await t.http.get('/health').set(auth(await t.token('city_admin')));
    expect(operator.body).toMatchObject({ status: 'ok', eventStore: { ok: true }, readStore: { ok: true } });
  });

  it('refuses a body of 75,000 unknown keys before validation, with a short answer', async () => {
    const body: Record<string, string> = {};
    for (let i = 0; i < 75_000; i++) body[`k${i}`] = 'x';
    const response = await t.http.post('/api/v1/enterprises').set(auth(await t.token('city_admin'))).send(body);
    expect([response.status, response.body.code]).toEqual([400, 'body_too_many_members']);
    expect(response.text.length).toBeLessThan(1000);
  });

  it('names at most 20 fields at fault however many unknown keys a body has', async () => {
    const body: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) body[`unknown${i}`] = 'x';
    const response = await t.http.post('/api/v1/enterprises').set(auth(await t.token('city_admin'))).send(body);
    expect(response.status).toBe(400);
    expect(response.body.errors.length).toBeLessThanOrEqual(20);
    expect(response.text.length).toBeLessThan(5000);
  });

  it('does not echo a malformed JSON body', async () => {
    const secret = '"43090319900101123X" is my ID';
    const response = await t.http
      .post('/api/v1/enterprises')
      .set(auth(await t.token('city_admin')))
      .set('Content-Type', 'application/json')
      .send(`{"name": ${secret}`);
    expect(response.status).toBe(400);
    expect(response.text).not.toContain('43090319900101123X');
  });

  it.each(['2021-02-30T00:00Z', '2021-02-28T24:00Z', '2021-02-28T12:60Z', '2021-02-28T12:00:61Z', '2021-13-01T00:00Z', '2021-02-28T12:00+25:00'])(
    'refuses the impossible instant knownAt=%s (400) rather than rolling it over',
    async (knownAt) => {
      const worker = await enrollWorker(t, enterprise);
      const response = await t.http
        .get(`/api/v1/workers/${worker.workerId}/certification?knownAt=${encodeURIComponent(knownAt)}`)
        .set(auth(await t.token('enforcement_officer', { county: enterprise.countyCode })));
      expect([response.status, response.body.errors?.[0]?.path]).toEqual([400, 'knownAt']);
    },
  );

  it('accepts a real instant with an offset', async () => {
    const worker = await enrollWorker(t, enterprise);
    const [enrolled] = await streamEvents(t, `worker-${worker.workerId}`);
    const response = await t.http
      .get(`/api/v1/workers/${worker.workerId}/certification?knownAt=${encodeURIComponent('2021-02-28T23:59:59+08:00')}`)
      .set(auth(await t.token('enforcement_officer', { county: enterprise.countyCode })))
      .set('X-Min-Position', String(enrolled.position));
    expect(response.status).toBe(200);
  });

  it.each([
    ['a NUL', '张\u0000三'],
    ['a right-to-left override', '张\u202E三'],
    ['a bidi isolate', '\u2066张三\u2069'],
    ['a line break', '张\n三'],
    ['only spaces', '   '],
    ['only ideographic spaces', '\u3000\u3000'],
  ])('refuses a name with %s (400 on name) and stores nothing', async (_what, name) => {
    const idNumber = newIdNumber();
    const response = await t.http
      .post('/api/v1/workers')
      .set(auth(enterprise.token))
      .send({ enterpriseId: enterprise.id, name, idNumber, employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2020-06-01' });
    expect([response.status, response.body.errors?.[0]?.path]).toEqual([400, 'name']);
    expect(response.text).not.toContain(idNumber);
  });

  it('stores a name NFC-normalised: the decomposed and the composed spelling are one name', async () => {
    const decomposed = 'Zoe\u0301 李';
    const worker = await enrollWorker(t, enterprise, { name: ` ${decomposed} ` });
    const [enrolled] = await streamEvents(t, `worker-${worker.workerId}`);
    const record = await t.http.get(`/api/v1/workers/${worker.workerId}`).set(auth(enterprise.token)).set('X-Min-Position', String(enrolled.position));
    expect(record.body.name).toBe(decomposed.normalize('NFC'));
    expect(record.body.name).not.toBe(decomposed);
  });
});
