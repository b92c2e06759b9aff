import { EVENT_STORE } from '../../apps/api/src/infrastructure/stores.module.js';
import type { EventStore } from '#libs/event-store';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('county documents and demonstration sites over HTTP', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token('city_admin');
  });
  afterAll(() => t.close());

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  describe('POST /counties/{code}/implementation-plans and /summaries', () => {
    it('creates the county record with the first document (201), then adds (200)', async () => {
      const plan = await t.http.post('/api/v1/counties/430921/implementation-plans').set(auth(admin)).send({ submittedOn: '2020-03-20' });
      expect(plan.status).toBe(201);
      expect(plan.body).toMatchObject({ id: '430921', revision: 0 });
      const summary = await t.http.post('/api/v1/counties/430921/summaries').set(auth(admin)).send({ submittedOn: '2021-11-25' });
      expect(summary.status).toBe(200);
      expect(summary.body.revision).toBe(1);
      const events = [];
      for await (const event of t.app.get<EventStore>(EVENT_STORE).readStream('county-430921')) events.push(event);
      expect(events.map((e) => e.type)).toEqual(['ImplementationPlanSubmitted', 'SummarySubmitted']);
      expect(events[1].metadata).toMatchObject({ occurredAt: '2021-11-25', actor: { role: 'city_admin' } });
      expect(events[1].metadata.prevHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('lets an em_officer act for their own county only', async () => {
      const own = await t.token('em_officer', { county: '430923' });
      await t.http.post('/api/v1/counties/430923/implementation-plans').set(auth(own)).send({ submittedOn: '2020-03-28' }).expect(201);
      await t.http.post('/api/v1/counties/430922/implementation-plans').set(auth(own)).send({ submittedOn: '2020-03-28' }).expect(403);
      const hrss = await t.token('hrss_officer', { county: '430923' });
      await t.http.post('/api/v1/counties/430923/summaries').set(auth(hrss)).send({ submittedOn: '2021-11-28' }).expect(403);
      await t.http.post('/api/v1/counties/430923/summaries').send({ submittedOn: '2021-11-28' }).expect(401);
    });

    it('refuses an unknown county (404), a malformed code and an impossible day (400)', async () => {
      const unknown = await t.http.post('/api/v1/counties/110101/implementation-plans').set(auth(admin)).send({ submittedOn: '2020-03-20' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('unknown_county');
      const malformed = await t.http.post('/api/v1/counties/43-09/implementation-plans').set(auth(admin)).send({ submittedOn: '2020-03-20' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors[0].path).toBe('code');
      const badDay = await t.http.post('/api/v1/counties/430902/summaries').set(auth(admin)).send({ submittedOn: '2021-13-01' });
      expect(badDay.status).toBe(400);
      expect(badDay.body.errors[0].path).toBe('submittedOn');
      expect(await t.app.get<EventStore>(EVENT_STORE).streamRevision('county-430902')).toBeNull();
    });
  });

  describe('POST /demonstration-sites', () => {
    const site = { kind: 'training_base', countyCode: '430923', sector: 'non_coal_mining', name: '安化县非煤矿山安全技能实训基地', establishedOn: '2020-09-30' };

    it('records a demonstration training base (201)', async () => {
      const response = await t.http.post('/api/v1/demonstration-sites').set(auth(admin)).send(site);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{32}$/), revision: 0 });
    });

    it.each([
      ['kind', { kind: 'museum' }],
      ['countyCode', { countyCode: 'x' }],
      ['sector', { sector: 'banking' }],
      ['name', { name: '' }],
      ['establishedOn', { establishedOn: '2020-02-30' }],
    ])('answers 400 naming %s', async (field, over) => {
      const response = await t.http.post('/api/v1/demonstration-sites').set(auth(admin)).send({ ...site, ...over });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    });

    it('shows target 二.2 apart from the 2020-10-31 bases: done on the day a practical-exam base and a school both exist', async () => {
      const milestone = async (asOf: string) =>
        ((await t.http.get(`/api/v1/milestones?asOf=${asOf}`).set(auth(admin))).body.items as Array<{ milestone: string; due: string; doneOn: string | null; status: string }>).find((i) => i.milestone === 'demonstration_base_and_school');
      expect(await milestone('2021-01-01')).toMatchObject({ due: '2021-12-31', doneOn: null, status: 'pending' });
      await t.http.post('/api/v1/demonstration-sites').set(auth(admin)).send({ ...site, establishedOn: '2021-03-01' }).expect(201);
      await t.http.post('/api/v1/demonstration-sites').set(auth(admin)).send({ kind: 'vocational_school', countyCode: '430903', name: '示范职业院校', establishedOn: '2021-04-01' }).expect(201);
      const position = (await t.http.post('/api/v1/demonstration-sites').set(auth(admin)).send({ ...site, name: '实操考试示范基地', establishedOn: '2021-05-01', practicalExams: true }).expect(201)).body.position;
      const done = await t.http.get('/api/v1/milestones?asOf=2021-06-01').set(auth(admin)).set('X-Min-Position', position);
      expect(done.body.items.find((i: { milestone: string }) => i.milestone === 'demonstration_base_and_school')).toMatchObject({ doneOn: '2021-05-01', status: 'done_on_time' });
      const refused = await t.http.post('/api/v1/demonstration-sites').set(auth(admin)).send({ kind: 'vocational_school', countyCode: '430903', name: 'x', establishedOn: '2021-04-01', practicalExams: true });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'practical_exams_need_a_base', errors: [{ path: 'practicalExams' }] });
    });

    it('is for the city administrator only', async () => {
      const officer = await t.token('em_officer', { county: '430923' });
      await t.http.post('/api/v1/demonstration-sites').set(auth(officer)).send(site).expect(403);
    });
  });
});
