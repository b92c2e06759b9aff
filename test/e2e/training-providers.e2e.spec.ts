import { newCreditCode } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { streamEvents } from './support/worker-steps.js';

describe('training providers over HTTP', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token('city_admin');
  });
  afterAll(() => t.close());

  const body = (over: Record<string, unknown> = {}) => ({ name: '益阳某职业技术学院', kind: 'vocational_school', countyCode: '430903', ...over });
  const register = (sent: object, token = admin) => t.http.post('/api/v1/training-providers').set('Authorization', `Bearer ${token}`).send(sent);

  it('registers a provider: 201 with id, revision 0 and a position; the credit code upper-cased', async () => {
    const creditCode = newCreditCode().toLowerCase();
    const response = await register(body({ creditCode }));
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), revision: 0, position: expect.stringMatching(/^\d+$/) });
    const [registered] = await streamEvents(t, `training_provider-${response.body.id}`);
    expect(registered!.type).toBe('TrainingProviderRegistered');
    expect(registered!.data).toMatchObject({ providerId: response.body.id, kind: 'vocational_school', creditCode: creditCode.toUpperCase() });
  });

  it.each([
    ['name', { name: '' }],
    ['kind', { kind: 'school' }],
    ['countyCode', { countyCode: '4309' }],
    ['creditCode', { creditCode: 'short' }],
    ['website', { website: 'https://example.org' }],
  ])('answers 400 naming the bad field %s', async (field, over) => {
    const response = await register(body(over));
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it('answers 400 invalid_credit_code for a wrong check character and 404 unknown_county outside Yiyang', async () => {
    const code = newCreditCode();
    const wrong = await register(body({ creditCode: code.slice(0, 17) + (code[17] === '0' ? '1' : '0') }));
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'invalid_credit_code', errors: [{ path: 'creditCode' }] });
    const outside = await register(body({ countyCode: '110101' }));
    expect(outside.status).toBe(404);
    expect(outside.body.code).toBe('unknown_county');
  });

  it('needs a token (401), city_admin or em_officer (403) of that county (403)', async () => {
    await t.http.post('/api/v1/training-providers').send(body()).expect(401);
    await register(body(), await t.token('training_provider', { provider: 'p1' })).expect(403);
    await register(body(), await t.token('hrss_officer', { county: '430903' })).expect(403);
    await register(body(), await t.token('em_officer', { county: '430921' })).expect(403);
    await register(body(), await t.token('em_officer', { county: '430903' })).expect(201);
  });

  it('answers a retried Idempotency-Key with the first answer and appends nothing', async () => {
    const sent = body();
    const first = await t.http.post('/api/v1/training-providers').set('Authorization', `Bearer ${admin}`).set('Idempotency-Key', 'prov-1').send(sent);
    const retry = await t.http.post('/api/v1/training-providers').set('Authorization', `Bearer ${admin}`).set('Idempotency-Key', 'prov-1').send(sent);
    expect(first.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await streamEvents(t, `training_provider-${first.body.id}`)).toHaveLength(1);
  });
});
