/**
 * M7 (企业新型学徒制): an enterprise records, with a new hire's post, that the hire is enrolled in the new
 * apprenticeship; the compliance aggregate, the enterprise's shortfalls and the worker's record show it.
 */
import { newCreditCode, newIdNumber } from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { startQueryTestApp } from './support/query-test-app.js';

describe('apprenticeship in high-risk posts (M7) over HTTP', () => {
  let t: TestApp;
  let enterpriseId: string;
  let admin: string;
  let last = '0';
  const workers: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
  const posts: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };

  const post = async (path: string, token: string, body: object) => {
    const response = await t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    last = response.body.position;
    return response.body;
  };
  const get = async (path: string) =>
    t.http.get(`/api/v1${path}`).set('Authorization', `Bearer ${await t.token('city_admin')}`).set('X-Min-Position', last);

  beforeAll(async () => {
    t = await startQueryTestApp();
    const city = await t.token('city_admin');
    enterpriseId = (await post('/enterprises', city, { name: '益阳某化工有限公司', creditCode: newCreditCode(), sector: 'hazardous_chemicals', countyCode: '430903' })).id;
    admin = await t.token('enterprise_admin', { enterprise: enterpriseId });
    const births = { A: '1998-04-02', B: '1999-08-13', C: '1985-01-20' };
    for (const key of ['A', 'B', 'C'] as const) {
      const hireType = key === 'C' ? 'on_post' : 'new_hire';
      workers[key] = (await post('/workers', admin, { enterpriseId, name: `学徒${key}`, idNumber: newIdNumber(births[key]), employmentType: 'employee', hireType, enrolledOn: '2021-03-01' })).id;
      await post(`/workers/${workers[key]}/exams`, admin, { kind: 'pre_post', theoryScore: 90, keySafetySkillsPassed: true, examinedOn: '2021-03-05' });
    }
    // 9.1 (光气及光气化工艺) is a hazardous-process operation of M7's list; C was on post before: not a new hire.
    const hazardous = { enterpriseId, title: '光气化工艺操作工', startsOn: '2021-03-10', specialOperationCode: '9.1' };
    posts.A = (await post(`/workers/${workers.A}/posts`, admin, { ...hazardous, apprenticeship: true })).postId;
    posts.B = (await post(`/workers/${workers.B}/posts`, admin, hazardous)).postId;
    posts.C = (await post(`/workers/${workers.C}/posts`, admin, { ...hazardous, apprenticeship: true })).postId;
  });
  afterAll(() => t.close());

  it('counts the new hires on hazardous-process posts enrolled in the apprenticeship: 1 of 2', async () => {
    const response = await get('/compliance?groupBy=enterprise&asOf=2021-06-01');
    expect(response.status).toBe(200);
    const group = response.body.groups.find((g: { key: string }) => g.key === enterpriseId);
    expect(group.metrics.M7).toMatchObject({ numerator: 1, denominator: 2, ratio: 0.5, target: null });
    // Before the posts started there was nothing to measure.
    const before = (await get('/compliance?groupBy=enterprise&asOf=2021-03-09')).body.groups.find((g: { key: string }) => g.key === enterpriseId);
    expect(before.metrics.M7).toMatchObject({ numerator: 0, denominator: 0, ratio: null });
  });

  it("names the post without it among the enterprise's shortfalls, and shows it on the worker's record", async () => {
    const response = await get(`/enterprises/${enterpriseId}/compliance?asOf=2021-06-01`);
    expect(response.status).toBe(200);
    expect(response.body.metrics.M7).toMatchObject({ numerator: 1, denominator: 2 });
    expect(response.body.shortfalls.M7.map((s: { workerId: string; postId?: string }) => [s.workerId, s.postId])).toEqual([[workers.B, posts.B]]);
    const record = await get(`/workers/${workers.A}`);
    expect(record.body.posts.find((p: { postId: string }) => p.postId === posts.A)).toMatchObject({ apprenticeship: true });
  });

  it('refuses an apprenticeship that is not a boolean, naming the field, and records nothing', async () => {
    const before = last;
    const response = await t.http
      .post(`/api/v1/workers/${workers.B}/posts`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ enterpriseId, title: '光气化工艺操作工', startsOn: '2021-04-01', specialOperationCode: '9.1', apprenticeship: 'yes' });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(['apprenticeship']);
    const record = await get(`/workers/${workers.B}`);
    expect(record.body.posts).toHaveLength(1);
    expect(last).toBe(before);
  });
});
