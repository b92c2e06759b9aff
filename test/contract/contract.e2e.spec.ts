import { certifiedTrainee, claimBody, traineeOf } from '../e2e/support/claim-steps.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { jest } from '@jest/globals';
import { enrollWorker, registerEnterprise } from '../e2e/support/worker-steps.js';
import { PersonalDataVault } from '../../apps/api/src/personal-data/personal-data-vault.js';
import { newCreditCode } from '../e2e/support/fixtures.js';
import { MAX_JSON_MEMBERS } from '../../apps/api/src/http/security/json-depth.middleware.js';

/**
 * The contract as a client sees it: every route the api serves, each kind of refusal, and every answer
 * checked in-process against the OpenAPI document the server itself serves (status declared, media
 * type declared, body matching the schema with no undeclared field). The story test validates its
 * answers the same way; this one reaches the routes and refusals the story does not.
 */
describe('the OpenAPI document describes every answer', () => {
  let t: TestApp;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' }, { validateContract: true });
  });
  afterAll(() => t.close());

  it('every operation declares a success and its problems, each as application/problem+json with the shared schema', async () => {
    const { body: document } = await t.http.get('/api/docs-json').expect(200);
    const operations = Object.entries(document.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }>; security?: unknown[] }>>).flatMap(
      ([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ where: `${method.toUpperCase()} ${path}`, operation })),
    );
    expect(operations.length).toBeGreaterThan(40);
    for (const { where, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      expect([where, statuses.some((status) => status.startsWith('2'))]).toEqual([where, true]);
      expect([where, statuses]).toEqual([where, expect.arrayContaining(['400', '429'])]);
      if (operation.security?.length) expect([where, statuses]).toEqual([where, expect.arrayContaining(['401', '403'])]);
      for (const status of statuses.filter((s) => Number(s) >= 400 && where !== 'GET /health')) {
        expect([where, status, operation.responses[status]!.content]).toEqual([where, status, { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }]);
      }
    }
  });

  it('commands and queries of a worker, a certificate, a claim and an inspection, with their successes', async () => {
    const admin = await t.token('city_admin');
    const auditor = await t.token('auditor');
    const story = await certifiedTrainee(t);
    const { enterprise, provider, worker, classId, certificateId } = story;
    const em = await t.token('em_officer', { county: enterprise.countyCode });
    const enforcement = await t.token('enforcement_officer', { county: enterprise.countyCode });

    // A known person enrolled at a second enterprise: 200 on the same account.
    const other = await registerEnterprise(t);
    const again = await t.http.post('/api/v1/workers').set(auth(other.token)).send({
      enterpriseId: other.id, name: '张三', idNumber: worker.idNumber, employmentType: 'employee', hireType: 'on_post', enrolledOn: '2020-08-01',
    });
    expect(again.status).toBe(200);
    const posted = await t.http.post(`/api/v1/workers/${worker.workerId}/posts`).set(auth(other.token)).send({ enterpriseId: other.id, title: '操作工', specialOperationCode: '9.1', startsOn: '2020-08-02' }).expect(200);
    await t.http.post(`/api/v1/workers/${worker.workerId}/posts/${posted.body.postId}/end`).set(auth(other.token)).send({ endsOn: '2020-08-20' }).expect(200);
    await t.http.post(`/api/v1/workers/${worker.workerId}/education`).set(auth(other.token)).send({ enterpriseId: other.id, level: 'secondary_vocational', since: '2020-08-10' }).expect(200);
    await t.http.post(`/api/v1/workers/${worker.workerId}/employment-end`).set(auth(other.token)).send({ enterpriseId: other.id, endsOn: '2020-08-31' }).expect(200);

    const claim = await t.http.post('/api/v1/subsidy-claims').set(auth(provider.token)).send(claimBody(classId, { kind: 'provider', id: provider.id }, [traineeOf(story)])).expect(201);
    await t.http.post(`/api/v1/subsidy-claims/${claim.body.id}/rejection`).set(auth(em)).send({ rejectedOn: '2020-07-05', reason: '材料不全' }).expect(200);

    const county = enterprise.countyCode;
    await t.http.post(`/api/v1/counties/${county}/summaries`).set(auth(admin)).send({ submittedOn: '2021-12-20' }).expect(201);
    await t.http.post(`/api/v1/counties/${county}/summaries`).set(auth(admin)).send({ submittedOn: '2021-12-21' }).expect(200);
    await t.http.post(`/api/v1/enterprises/${other.id}/summaries`).set(auth(other.token)).send({ submittedOn: '2021-11-20' }).expect(200);
    await t.http.post(`/api/v1/workers/${worker.workerId}/name`).set(auth(admin)).send({ name: '张三丰', renamedOn: '2021-01-10' }).expect(200);
    await t.http.post('/api/v1/demonstration-sites').set(auth(admin)).send({ kind: 'training_base', countyCode: county, name: '益阳实训基地', establishedOn: '2021-05-01' }).expect(201);

    const inspection = await t.http.post('/api/v1/inspections').set(auth(enforcement)).send({ enterpriseId: other.id, inspectedOn: '2020-09-01', checks: ['training_plan'], findings: [{ kind: 'other', detail: '台账不全' }] }).expect(201);
    const findings = (await t.http.get(`/api/v1/inspections/${inspection.body.id}`).set(auth(enforcement)).set('X-Min-Position', inspection.body.position as string).expect(200)).body.findings as Array<{ findingId: string; status: string }>;
    const proposed = findings.filter((finding) => finding.status === 'proposed');
    expect(proposed.length).toBeGreaterThan(0);
    for (const finding of proposed) {
      await t.http.post(`/api/v1/inspections/${inspection.body.id}/findings/${finding.findingId}/dismissal`).set(auth(enforcement)).send({ on: '2020-09-02', reason: '已整改' }).expect(200);
    }
    await t.http.post(`/api/v1/inspections/${inspection.body.id}/closure`).set(auth(enforcement)).send({ closedOn: '2020-09-03' }).expect(200);

    await t.http.post(`/api/v1/certificates/${certificateId}/revocation`).set(auth(em)).send({ revokedOn: '2020-09-10', reason: 'other' }).expect(200);

    const last = (await t.http.post(`/api/v1/workers/${worker.workerId}/erasure`).set(auth(admin)).expect(200)).body.position as string;
    const read = (path: string, token: string) => t.http.get(path).set(auth(token)).set('X-Min-Position', last).expect(200);
    await read(`/api/v1/workers/${worker.workerId}`, auditor);
    await read(`/api/v1/workers/${worker.workerId}/certification?asOf=2020-07-15`, auditor);
    await read(`/api/v1/training-classes/${classId}`, auditor);
    await read(`/api/v1/subsidy-claims/${claim.body.id}`, auditor);
    await read(`/api/v1/subsidy-claims?countyCode=${county}`, auditor);
    await read(`/api/v1/subsidy-claims/${claim.body.id}/history`, auditor);
    await read(`/api/v1/subsidy-claims/${claim.body.id}/history/export?format=json`, auditor);
    await read(`/api/v1/subsidy-claims/${claim.body.id}/history/export?format=csv`, auditor);
    await read('/api/v1/audit-trail?limit=5', auditor);
    await read('/api/v1/compliance?groupBy=county&asOf=2020-12-31', auditor);
    await read(`/api/v1/enterprises/${enterprise.id}/compliance?asOf=2020-12-31`, auditor);
    // An officer sees who is behind each shortfall: names, or `erased` once the person is erased.
    const named = (await t.http.get(`/api/v1/enterprises/${other.id}/compliance?asOf=2020-08-10`).set(auth(em)).set('X-Min-Position', last).expect(200)).body as { shortfalls: Record<string, Array<Record<string, unknown>>> };
    expect(Object.values(named.shortfalls).flat().some((entry) => 'name' in entry || 'erased' in entry)).toBe(true);
    // A class with no trainee yet answers an empty roster, not a missing one.
    const opened = await t.http.post('/api/v1/training-classes').set(auth(provider.token)).send({
      countyCode: county, kind: 'pre_post', title: '2020年第二期安全培训班', content: '安全生产法律法规', theoryHours: 48, practicalHours: 24, startsOn: '2020-10-01', endsOn: '2020-10-20',
    }).expect(201);
    const empty = await t.http.get(`/api/v1/training-classes/${opened.body.id}`).set(auth(auditor)).set('X-Min-Position', opened.body.position as string).expect(200);
    expect(empty.body.trainees).toEqual([]);
    await read('/api/v1/milestones?asOf=2021-01-01', auditor);
    await read(`/api/v1/rectification-orders?countyCode=${county}`, auditor);
    // The whole city: `countyCode` is null, not missing.
    expect((await read('/api/v1/rectification-orders', auditor)).body.countyCode).toBeNull();
    await read(`/api/v1/inspections/${inspection.body.id}`, auditor);
    await t.http.get('/api/v1/dashboard/reference').expect(200);
    await t.http.get('/health').expect(200);
    await t.http.post('/api/v1/dev/tokens').send({ role: 'auditor' }).expect(201);
  });

  it('each kind of refusal: 400, 401, 403, 404, 409, 412, 413, 415, 422, 503', async () => {
    const admin = await t.token('city_admin');
    const story = await certifiedTrainee(t);
    const { enterprise, worker, certificateId } = story;
    const em = await t.token('em_officer', { county: enterprise.countyCode });

    await t.http.post('/api/v1/enterprises').set(auth(admin)).send({ name: '' }).expect(400);
    await t.http.post('/api/v1/enterprises').set(auth(admin)).set('Content-Type', 'application/json').send('{"name":').expect(400);
    await t.http.get('/api/v1/compliance?groupBy=galaxy').set(auth(admin)).expect(400);
    await t.http.get('/api/v1/milestones').expect(401);
    await t.http.post('/api/v1/enterprises').send({}).expect(401);
    await t.http.post('/api/v1/enterprises').set(auth(enterprise.token)).send({}).expect(403);
    await t.http.get('/api/v1/audit-trail').set(auth(enterprise.token)).expect(403);
    await t.http.get('/api/v1/workers/0000000000000000000000000000dead').set(auth(await t.token('auditor'))).expect(404);
    await t.http.post('/api/v1/certificates/0000000000000000000000000000dead/reviews').set(auth(em)).send({ reviewedOn: '2021-01-01', passed: true }).expect(404);
    await t.http.post('/api/v1/workers').set(auth(enterprise.token)).send({
      enterpriseId: enterprise.id, name: '张三', idNumber: worker.idNumber, employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2020-06-01',
    }).expect(409);
    await t.http.post(`/api/v1/enterprises/${enterprise.id}/training-plans`).set(auth(enterprise.token)).set('If-Match', '"999"').send({ year: 2021, submittedOn: '2021-01-05' }).expect(412);
    await t.http.post('/api/v1/enterprises').set(auth(admin)).send({ name: 'x'.repeat(1_100_000) }).expect(413);
    await t.http.post('/api/v1/enterprises').set(auth(admin)).set('Content-Type', 'text/plain').send('name=x').expect(415);
    // A credit code with a wrong check character; a known ID number with another name.
    const badCreditCode = newCreditCode(enterprise.countyCode);
    await t.http.post('/api/v1/enterprises').set(auth(admin)).send({
      name: '校验位错误企业', creditCode: `${badCreditCode.slice(0, 17)}${badCreditCode.endsWith('0') ? '1' : '0'}`, sector: 'fireworks', countyCode: enterprise.countyCode,
    }).expect(400).expect((response) => expect(response.body.code).toBe('invalid_credit_code'));
    const second = await registerEnterprise(t);
    await t.http.post('/api/v1/workers').set(auth(second.token)).send({
      enterpriseId: second.id, name: '李四', idNumber: worker.idNumber, employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2020-08-01',
    }).expect(422).expect((response) => expect(response.body.code).toBe('identity_mismatch'));
    await t.http.post(`/api/v1/certificates/${certificateId}/reviews`).set(auth(em)).send({ reviewedOn: '2020-07-01', passed: true }).expect(422);
    await t.http.post(`/api/v1/certificates/${certificateId}/revocation`).set(auth(em)).set('Idempotency-Key', 'k-1').send({ revokedOn: '2020-09-10', reason: 'other' }).expect(200);
    await t.http.post(`/api/v1/certificates/${certificateId}/revocation`).set(auth(em)).set('Idempotency-Key', 'k-1').send({ revokedOn: '2020-09-11', reason: 'other' }).expect(422);
    // Rule codes of the operation's own, each declared for it (the validator checks every problem's code).
    await t.http.post('/api/v1/training-classes').set(auth(story.provider.token)).send({
      countyCode: enterprise.countyCode, kind: 'pre_post', title: '第三期', content: '安全生产法律法规', theoryHours: 48, practicalHours: 24, startsOn: '2020-10-20', endsOn: '2020-10-01',
    }).expect(400);
    await t.http.post('/api/v1/training-classes').set(auth(story.provider.token)).send({
      countyCode: '999999', kind: 'pre_post', title: '第三期', content: '安全生产法律法规', theoryHours: 48, practicalHours: 24, startsOn: '2020-10-01', endsOn: '2020-10-20',
    }).expect((response) => expect([400, 404]).toContain(response.status));
    await t.http.post('/api/v1/subsidy-claims/0000000000000000000000000000dead/verification').set(auth(em)).send({ verifiedOn: '2021-01-01', stampRef: '桃应急核〔2021〕1号' }).expect(404);
    await t.http.post(`/api/v1/workers/${worker.workerId}/erasure`).set(auth(admin)).expect(200);
    await t.http.post(`/api/v1/workers/${worker.workerId}/erasure`).set(auth(admin)).expect(422);
    await t.http.get('/api/v1/milestones').set(auth(admin)).set('X-Min-Position', '99999999').expect(503);
    // An erasure recorded whose key cannot be destroyed now: 503 `erasure_pending`, declared for the erasure.
    const pending = await enrollWorker(t, second);
    const spy = jest.spyOn(t.app.get(PersonalDataVault), 'eraseWhenFree').mockRejectedValueOnce(new Error('the keys store is closed'));
    try {
      await t.http.post(`/api/v1/workers/${pending.workerId}/erasure`).set(auth(admin)).expect(503).expect((response) => expect(response.body.code).toBe('erasure_pending'));
    } finally {
      spy.mockRestore();
    }
  });

  it('every operation with a body declares the refusals of any body: too many members, too deep, malformed', async () => {
    const { body: document } = await t.http.get('/api/docs-json').expect(200);
    const posts = Object.entries(document.paths as Record<string, Record<string, unknown>>).filter(([, methods]) => 'post' in methods).map(([path]) => path);
    expect(posts.length).toBeGreaterThan(30);
    const tooMany = JSON.stringify({ items: Array.from({ length: MAX_JSON_MEMBERS + 1 }, (_, i) => i) });
    for (const path of posts) {
      const url = path.replace(/\{[^}]+\}/g, '0000000000000000000000000000dead');
      await t.http.post(url).set('Content-Type', 'application/json').send(tooMany).expect(400).expect((response) => expect([path, response.body.code]).toEqual([path, 'body_too_many_members']));
    }
    // The validator checked each answer's code against the operation's declared codes for 400.
    expect(t.contract?.mismatches).toEqual([]);
  });

  it('429 when the rate limit is spent', async () => {
    const limited = await startTestApp({ RATE_LIMIT_PER_MINUTE: '2' }, { validateContract: true });
    try {
      const token = await limited.token('auditor');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.http.get('/api/v1/milestones').set(auth(token))).status);
      expect(statuses).toContain(429);
      expect(limited.contract?.mismatches).toEqual([]);
    } finally {
      await limited.close();
    }
  });

  it('every answer matched the document, and every operation was reached', () => {
    expect(t.contract?.mismatches).toEqual([]);
    const reached = new Set([...t.contract!.covered].map((key) => key.split(' ').slice(0, 2).join(' ')));
    const missing = t.contract!.operationKeys().filter((operation) => !reached.has(operation));
    // The story test reaches these with their success answers, validated the same way.
    const inStory = ['POST /api/v1/counties/{code}/implementation-plans', 'POST /api/v1/subsidy-claims/{id}/verification', 'POST /api/v1/subsidy-claims/{id}/approval', 'POST /api/v1/subsidy-claims/{id}/payment', 'POST /api/v1/subsidy-claims/{id}/clawback', 'POST /api/v1/inspections/{id}/findings/{findingId}/confirmation', 'POST /api/v1/inspections/{id}/rectification-orders', 'POST /api/v1/rectification-orders/{id}/completion'];
    expect(missing.filter((operation) => !inStory.includes(operation))).toEqual([]);
    const statuses = new Set([...t.contract!.covered].map((key) => key.split(' ')[2]));
    expect([...statuses].sort()).toEqual(['200', '201', '400', '401', '403', '404', '409', '412', '413', '415', '422', '503']);
  });
});
