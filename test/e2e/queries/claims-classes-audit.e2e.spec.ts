import type { TestApp } from '../support/test-app.js';
import { startQueryTestApp } from './support/query-test-app.js';
import { reader } from './support/reader.js';
import { buildScenario, type Scenario } from './support/scenario.js';

describe('subsidy claims, training classes, audit trail and X-Min-Position over HTTP', () => {
  let t: TestApp;
  let s: Scenario;
  let get: ReturnType<typeof reader>;
  beforeAll(async () => {
    t = await startQueryTestApp();
    s = await buildScenario(t);
    get = reader(t, () => s.last);
  });
  afterAll(() => t.close());

  describe('subsidy claims', () => {
    it('answers the claim with trainees, amounts and each step with its actor and day', async () => {
      const response = await get(`/subsidy-claims/${s.claimId}`, 'hrss_officer', { county: '430903' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: s.claimId, classId: s.classId, status: 'em_verified', countyCode: '430903', claimant: { kind: 'enterprise', id: s.e1 }, approvedAmount: null,
        trainees: [{ workerId: s.workers.C, certificateId: s.certificates.D }],
        steps: [
          { type: 'SubsidyClaimSubmitted', on: '2021-04-10', actor: { sub: 'ea1', role: 'enterprise_admin' } },
          { type: 'SubsidyClaimVerified', on: '2021-04-20', actor: { sub: 'em-430903', role: 'em_officer' }, detail: { stampRef: 'HS-2021-17' } },
        ],
      });
      expect(response.body).not.toHaveProperty('_position');
    });

    it('shows it to the claimant and auditors, not to another county or enterprise; 404 when unknown', async () => {
      expect((await get(`/subsidy-claims/${s.claimId}`, 'enterprise_admin', { enterprise: s.e1 })).status).toBe(200);
      expect((await get(`/subsidy-claims/${s.claimId}`, 'auditor')).status).toBe(200);
      expect((await get(`/subsidy-claims/${s.claimId}`, 'enterprise_admin', { enterprise: s.e2 })).status).toBe(403);
      expect((await get(`/subsidy-claims/${s.claimId}`, 'em_officer', { county: '430921' })).status).toBe(403);
      expect((await get('/subsidy-claims/ffffffffffffffffffffffffffffffff', 'auditor')).status).toBe(404);
    });

    it('lists by county and status, in the caller’s scope', async () => {
      const ids = async (query: string, role: Parameters<typeof get>[1], scope = {}) =>
        (await get(`/subsidy-claims?${query}`, role, scope)).body.items.map((c: { id: string }) => c.id);
      expect(await ids('countyCode=430903&status=em_verified', 'auditor')).toEqual([s.claimId]);
      expect(await ids('countyCode=430903&status=paid', 'auditor')).toEqual([]);
      expect(await ids('countyCode=430921', 'auditor')).toEqual([]);
      expect(await ids('', 'em_officer', { county: '430903' })).toEqual([s.claimId]);
      expect(await ids('', 'enterprise_admin', { enterprise: s.e2 })).toEqual([]);
      expect(await ids('status=em_verified', 'enterprise_admin', { enterprise: s.e1 })).toEqual([s.claimId]);
      expect((await get('/subsidy-claims?countyCode=430921', 'em_officer', { county: '430903' })).status).toBe(403);
      expect((await get('/subsidy-claims?status=lost', 'auditor')).body).toMatchObject({ status: 400, errors: [{ path: 'status' }] });
    });
  });

  describe('training classes', () => {
    it('answers the class with its roster and completions, to its owner and its county', async () => {
      const response = await get(`/training-classes/${s.classId}`, 'enterprise_admin', { enterprise: s.e1 });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ classId: s.classId, kind: 'team_leader', countyCode: '430903', trainees: [{ workerId: s.workers.C, completion: { completedOn: '2021-04-01', hoursAttended: 24 } }] });
      expect((await get(`/training-classes/${s.classId}`, 'em_officer', { county: '430903' })).status).toBe(200);
      expect((await get(`/training-classes/${s.classId}`, 'training_provider', { provider: 'other' })).status).toBe(403);
      expect((await get('/training-classes/ffffffffffffffffffffffffffffffff', 'auditor')).status).toBe(404);
    });
  });

  describe('audit trail', () => {
    it('lists events newest first and pages with the cursor', async () => {
      const first = await get('/audit-trail?limit=3', 'auditor');
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(3);
      expect(first.body.items[0]).toMatchObject({ type: 'CertificateRevoked', streamId: `certificate-${s.certificates.F}`, actorSub: 'em-430921', actorRole: 'em_officer', occurredAt: '2021-05-01', position: s.last });
      expect(first.body.items[0]).not.toHaveProperty('data');
      const positions = first.body.items.map((i: { position: string }) => BigInt(i.position));
      expect([...positions].sort((a, b) => (a > b ? -1 : 1))).toEqual(positions);
      const second = await get(`/audit-trail?limit=3&cursor=${first.body.nextCursor}`, 'auditor');
      expect(BigInt(second.body.items[0].position)).toBeLessThan(positions[2]);
    });

    it('filters by stream, actor and record time', async () => {
      const stream = await get(`/audit-trail?streamId=subsidy_claim-${s.claimId}`, 'auditor');
      expect(stream.body.items.map((i: { type: string }) => i.type)).toEqual(['SubsidyClaimVerified', 'SubsidyClaimSubmitted']);
      expect(stream.body.nextCursor).toBeNull();
      const byActor = await get('/audit-trail?actor=em-430921', 'auditor');
      expect(byActor.body.items.map((i: { type: string }) => i.type)).toEqual(['CertificateRevoked']);
      const recent = await get(`/audit-trail?from=${encodeURIComponent(s.beforeRevocation)}`, 'auditor');
      expect(recent.body.items.map((i: { type: string }) => i.type)).toEqual(['CertificateRevoked']);
      const none = await get('/audit-trail?to=2000-01-01', 'auditor');
      expect(none.body.items).toEqual([]);
    });

    it('is for auditors only and refuses bad parameters', async () => {
      expect((await get('/audit-trail', 'city_admin')).status).toBe(403);
      expect((await get('/audit-trail?limit=0', 'auditor')).body.errors[0].path).toBe('limit');
      expect((await get('/audit-trail?cursor=abc', 'auditor')).body.errors[0].path).toBe('cursor');
      expect((await get('/audit-trail?from=2021-02-30', 'auditor')).body.errors[0].path).toBe('from');
    });
  });

  describe('X-Min-Position', () => {
    it('answers at once for a position already applied, 400 for a malformed one', async () => {
      const token = await t.token('auditor');
      expect((await t.http.get('/api/v1/audit-trail?limit=1').set('Authorization', `Bearer ${token}`).set('X-Min-Position', s.last)).status).toBe(200);
      const bad = await t.http.get('/api/v1/audit-trail').set('Authorization', `Bearer ${token}`).set('X-Min-Position', 'soon');
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].path).toBe('X-Min-Position');
    });

    it('answers 503 with Retry-After when the read models do not reach the position within 5 s', async () => {
      const token = await t.token('auditor');
      const response = await t.http.get('/api/v1/audit-trail').set('Authorization', `Bearer ${token}`).set('X-Min-Position', String(BigInt(s.last) + 1000n));
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.body.code).toBe('read_models_behind');
    }, 15_000);
  });
});
