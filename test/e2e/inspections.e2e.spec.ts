import type { EventStore } from '#libs/event-store';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/stores.module.js';
import { newCreditCode } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('inspections and rectification orders over HTTP', () => {
  let t: TestApp;
  let officer: string;
  let enterpriseId: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.token('city_admin');
    enterpriseId = (
      await t.http
        .post('/api/v1/enterprises')
        .set(auth(admin))
        .send({ name: '桃江某化工厂', creditCode: newCreditCode('430922'), sector: 'hazardous_chemicals', countyCode: '430922' })
    ).body.id;
    officer = await t.token('enforcement_officer', { county: '430922' });
  });
  afterAll(() => t.close());

  const inspection = (over: Record<string, unknown> = {}) => ({
    enterpriseId,
    inspectedOn: '2021-10-10',
    checks: ['training_plan', 'certificates'],
    findings: [{ kind: 'no_training_plan', detail: 'no plan for 2021' }],
    ...over,
  });

  async function events(streamId: string) {
    const found = [];
    for await (const event of t.app.get<EventStore>(EVENT_STORE).readStream(streamId)) found.push(event);
    return found;
  }

  it('records an inspection with the officer’s findings confirmed, an order with a fine in band, and its completion', async () => {
    const opened = await t.http.post('/api/v1/inspections').set(auth(officer)).send(inspection());
    expect(opened.status).toBe(201);
    expect((await events(`inspection-${opened.body.id}`)).map((e) => e.type)).toEqual(['InspectionOpened', 'FindingConfirmed']);

    const order = await t.http
      .post(`/api/v1/inspections/${opened.body.id}/rectification-orders`)
      .set(auth(officer))
      .send({ deadline: '2021-11-10', fine: 30000, orderedOn: '2021-10-11' });
    expect(order.status).toBe(201);
    const [ordered] = await events(`rectification_order-${order.body.id}`);
    expect(ordered.data).toMatchObject({ enterpriseId, deadline: '2021-11-10', fine: { amount: 30000, band: 'with_rectification' } });

    const done = await t.http.post(`/api/v1/rectification-orders/${order.body.id}/completion`).set(auth(officer)).send({ completedOn: '2021-11-01' });
    expect(done.status).toBe(200);
    expect(done.body.revision).toBe(1);
    const again = await t.http.post(`/api/v1/rectification-orders/${order.body.id}/completion`).set(auth(officer)).send({ completedOn: '2021-11-02' });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('invalid_transition');
  });

  it('refuses a fine outside the Art. 97 band in force on the order day (422 fine_out_of_range)', async () => {
    const opened = await t.http.post('/api/v1/inspections').set(auth(officer)).send(inspection({ inspectedOn: '2021-07-20' }));
    // Before 2021-09-01 the 2014 law capped the first-instance fine at ¥50,000.
    const tooHigh = await t.http
      .post(`/api/v1/inspections/${opened.body.id}/rectification-orders`)
      .set(auth(officer))
      .send({ deadline: '2021-08-30', fine: 80000, orderedOn: '2021-08-01' });
    expect(tooHigh.status).toBe(422);
    expect(tooHigh.body).toMatchObject({ code: 'fine_out_of_range', errors: [{ path: 'fine.amount' }] });
    const inBand = await t.http
      .post(`/api/v1/inspections/${opened.body.id}/rectification-orders`)
      .set(auth(officer))
      .send({ deadline: '2021-12-30', fine: 80000, orderedOn: '2021-10-12' });
    expect(inBand.status).toBe(201);
  });

  it('refuses a finding about a worker the log does not know (404 worker_not_found, the finding named), and records nothing', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    let before = 0n;
    for await (const event of store.readAll({ direction: 'backwards', maxCount: 1 })) before = event.position;
    const refused = await t.http.post('/api/v1/inspections').set(auth(officer)).send(inspection({ findings: [{ kind: 'no_training_plan' }, { kind: 'other', workerId: 'nope' }] }));
    expect(refused.body).toMatchObject({ status: 404, code: 'worker_not_found', errors: [{ path: 'findings[1].workerId' }] });
    let after = 0n;
    for await (const event of store.readAll({ direction: 'backwards', maxCount: 1 })) after = event.position;
    expect(after).toBe(before);
  });

  it('needs a confirmed finding before an order (422 no_confirmed_findings), and every proposal decided before closing', async () => {
    const clean = await t.http.post('/api/v1/inspections').set(auth(officer)).send(inspection({ findings: [] }));
    expect(clean.status).toBe(201);
    // The enterprise has no training plan for 2021: the system proposes it; the officer has not confirmed it.
    expect(clean.body.proposedFindings).toEqual([{ findingId: 's1', kind: 'no_training_plan', detail: 'no training plan for 2021' }]);
    const order = await t.http.post(`/api/v1/inspections/${clean.body.id}/rectification-orders`).set(auth(officer)).send({ deadline: '2021-11-10', orderedOn: '2021-10-11' });
    expect(order.status).toBe(422);
    expect(order.body.code).toBe('no_confirmed_findings');
    const early = await t.http.post(`/api/v1/inspections/${clean.body.id}/closure`).set(auth(officer)).send({ closedOn: '2021-10-10' });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('findings_pending');
    await t.http
      .post(`/api/v1/inspections/${clean.body.id}/findings/s1/dismissal`)
      .set(auth(officer))
      .send({ on: '2021-10-10', reason: 'plan shown on paper' })
      .expect(200);
    const closed = await t.http.post(`/api/v1/inspections/${clean.body.id}/closure`).set(auth(officer)).send({ closedOn: '2021-10-10' });
    expect(closed.status).toBe(200);
  });

  it.each([
    ['enterpriseId', { enterpriseId: 'has-dash' }],
    ['inspectedOn', { inspectedOn: '2021-02-29' }],
    ['checks', { checks: [] }],
    ['checks', { checks: ['coffee'] }],
    ['findings[0].kind', { findings: [{ kind: 'bad' }] }],
  ])('answers 400 naming %s', async (field, over) => {
    const response = await t.http.post('/api/v1/inspections').set(auth(officer)).send(inspection(over));
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it('is for the enforcement officers of the enterprise’s county (401, 403, 404)', async () => {
    await t.http.post('/api/v1/inspections').send(inspection()).expect(401);
    const elsewhere = await t.token('enforcement_officer', { county: '430903' });
    await t.http.post('/api/v1/inspections').set(auth(elsewhere)).send(inspection()).expect(403);
    const emOfficer = await t.token('em_officer', { county: '430922' });
    await t.http.post('/api/v1/inspections').set(auth(emOfficer)).send(inspection()).expect(403);
    const missing = await t.http.post('/api/v1/inspections').set(auth(officer)).send(inspection({ enterpriseId: 'ffffffffffffffffffffffffffffffff' }));
    expect(missing.status).toBe(404);
    await t.http.post('/api/v1/rectification-orders/ffffffffffffffffffffffffffffffff/completion').set(auth(officer)).send({ completedOn: '2021-11-01' }).expect(404);
  });
});
