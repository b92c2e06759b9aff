import { PersonalDataVault } from '../../../apps/api/src/personal-data/personal-data-vault.js';
import type { TestApp } from '../support/test-app.js';
import { startQueryTestApp } from './support/query-test-app.js';
import { reader } from './support/reader.js';
import { buildScenario, type Scenario } from './support/scenario.js';

describe('workers and certification over HTTP', () => {
  let t: TestApp;
  let s: Scenario;
  let get: ReturnType<typeof reader>;
  beforeAll(async () => {
    t = await startQueryTestApp();
    s = await buildScenario(t);
    get = reader(t, () => s.last);
  });
  afterAll(() => t.close());

  it("answers the lifelong account with the ID number in full for the worker's enterprise admin", async () => {
    const response = await get(`/workers/${s.workers.A}`, 'enterprise_admin', { enterprise: s.e1 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: s.workers.A, erased: false, name: '张三', idNumber: s.idNumbers.A, educationLevel: 'senior_high',
      employments: [{ enterpriseId: s.e1, hireType: 'new_hire', enrolledOn: '2021-01-05', endedOn: null }],
      posts: [{ postId: s.posts.A, specialOperationCode: '1.2', startsOn: '2021-01-15', trainedBeforePost: true }],
      exams: [{ kind: 'pre_post', passed: true, examinedOn: '2021-01-10' }],
      certificates: [{ id: s.certificates.A, type: 'special_operation', specialOperationCode: '1.2', reviewDueOn: '2021-05-31' }],
    });
  });

  it('masks the ID number for roles that do not need it, and keeps others out of scope', async () => {
    const city = await get(`/workers/${s.workers.A}`, 'city_admin');
    expect(city.body.idNumber).toBe(`${s.idNumbers.A.slice(0, 6)}********${s.idNumbers.A.slice(-4)}`);
    expect(city.body.birthDate).toBe('1985-**-**');
    expect(JSON.stringify(city.body)).not.toContain(s.idNumbers.A);
    expect((await get(`/workers/${s.workers.A}`, 'enforcement_officer', { county: '430903' })).body.idNumber).toBe(s.idNumbers.A);
    expect((await get(`/workers/${s.workers.A}`, 'enterprise_admin', { enterprise: s.e2 })).status).toBe(403);
    expect((await get(`/workers/${s.workers.A}`, 'em_officer', { county: '430921' })).status).toBe(403);
    expect((await get(`/workers/${s.workers.A}`, 'viewer')).status).toBe(403);
  });

  it('lists trainings with the class kind', async () => {
    const response = await get(`/workers/${s.workers.C}`, 'auditor');
    expect(response.body.trainings).toEqual([expect.objectContaining({ classId: s.classId, kind: 'team_leader', completedOn: '2021-04-01', hoursAttended: 24 })]);
  });

  it('answers 404 for an unknown worker and 400 for an id that is not one', async () => {
    expect((await get('/workers/ffffffffffffffffffffffffffffffff', 'auditor')).status).toBe(404);
    expect((await get('/workers/not-an-id!', 'auditor')).status).toBe(400);
  });

  it('shows an erased person without any personal field', async () => {
    await t.app.get(PersonalDataVault).erase(s.workers.B);
    const response = await get(`/workers/${s.workers.B}`, 'enterprise_admin', { enterprise: s.e1 });
    expect(response.status).toBe(200);
    expect(response.body.erased).toBe(true);
    expect(response.body).not.toHaveProperty('name');
    expect(response.body).not.toHaveProperty('idNumber');
    expect(response.body.posts).toHaveLength(1);
  });

  describe('certification as of a day', () => {
    const certification = (worker: string, query: string) => get(`/workers/${worker}/certification?${query}`, 'enforcement_officer', { county: '430903' });

    it('is valid through the review due day, then review_overdue with no event; the post stops being compliant', async () => {
      const before = await certification(s.workers.A, 'asOf=2021-05-31');
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({
        workerId: s.workers.A, asOf: '2021-05-31',
        certificates: [{ id: s.certificates.A, type: 'special_operation', specialOperationCode: '1.2', status: 'valid', validFrom: '2018-06-01', validUntil: '2021-05-31' }],
        posts: [{ postId: s.posts.A, enterpriseId: s.e1, specialOperationCode: '1.2', certified: true, trained: true, compliant: true }],
      });
      const after = await certification(s.workers.A, 'asOf=2021-06-01');
      expect(after.body.certificates[0].status).toBe('review_overdue');
      expect(after.body.posts[0]).toMatchObject({ certified: false, compliant: false });
      const beforeIssue = await certification(s.workers.A, 'asOf=2018-05-31');
      expect(beforeIssue.body.certificates[0].status).toBe('not_issued');
      expect(beforeIssue.body.posts).toEqual([]);
    });

    it('flags a post held without training', async () => {
      const response = await certification(s.workers.B, 'asOf=2021-06-01');
      expect(response.body.posts).toEqual([expect.objectContaining({ postId: s.posts.B, certified: true, trained: false, compliant: false })]);
    });

    it('answers what was known at an instant: the revocation recorded later is left out', async () => {
      const officer = (query: string) => get(`/workers/${s.workers.F}/certification?${query}`, 'em_officer', { county: '430921' });
      const now = await officer('asOf=2021-06-01');
      expect(now.body.certificates[0]).toMatchObject({ status: 'revoked', validUntil: '2021-04-30' });
      const then = await officer(`asOf=2021-06-01&knownAt=${encodeURIComponent(s.beforeRevocation)}`);
      expect(then.body).toMatchObject({ knownAt: s.beforeRevocation, certificates: [{ id: s.certificates.F, status: 'valid', validUntil: '2023-01-09' }] });
      const longAgo = await officer('asOf=2021-06-01&knownAt=2019-01-01T00:00:00Z');
      expect(longAgo.body.certificates).toEqual([]);
    });

    it('is for inspectors, officers and auditors; bad days and instants are 400', async () => {
      expect((await get(`/workers/${s.workers.A}/certification`, 'enterprise_admin', { enterprise: s.e1 })).status).toBe(403);
      expect((await get(`/workers/${s.workers.A}/certification`, 'auditor')).status).toBe(200);
      expect((await certification(s.workers.A, 'asOf=2021-13-01')).body.errors[0].path).toBe('asOf');
      expect((await certification(s.workers.A, 'knownAt=yesterday')).body.errors[0].path).toBe('knownAt');
      expect((await certification('ffffffffffffffffffffffffffffffff', '')).status).toBe(404);
    });
  });
});
