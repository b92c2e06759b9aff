import { issueCertificate, laborContract } from './support/claim-steps.js';
import { addTrainee, completeTraining, enrollWorker, openClass, recordExam, registerEnterprise, registerProvider, type Party } from './support/worker-steps.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * One enterprise over two years, as the bureau lives it: a county plan entered late, a special-operation
 * class with paper exam results entered months after the exam, certificates, a subsidy claim through
 * every step and clawed back when fraud is found, an inspection with a rectification order completed
 * late, and at the end the auditor's and the enforcement officer's questions about the past.
 */
describe('a realistic story: Taojiang chemical works, 2020–2021', () => {
  let t: TestApp;
  let now = new Date('2020-03-20T02:00:00Z');
  const at = (instant: string) => (now = new Date(instant));
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  let enterprise: Party;
  let provider: Party;
  let welder: string;
  let operator: string;
  let classId: string;
  let certificates: Record<'welder' | 'operator', string>;
  let claimId: string;
  let orderId: string;
  let last = '0';
  const track = (body: { position?: string }) => {
    if (body.position && BigInt(body.position) > BigInt(last)) last = body.position;
    return body;
  };

  beforeAll(async () => {
    t = await startTestApp({}, { storeClock: () => now, validateContract: true });
  });
  afterAll(() => t.close());

  it('2020: the county plan (late), the enterprise, its workers and its training plan', async () => {
    const admin = await t.token('city_admin');
    at('2020-04-08T01:00:00Z');
    track((await t.http.post('/api/v1/counties/430922/implementation-plans').set(auth(admin)).send({ submittedOn: '2020-04-05' }).expect(201)).body);
    enterprise = await registerEnterprise(t, { countyCode: '430922', name: '桃江某化工有限公司' });
    provider = await registerProvider(t, { countyCode: '430922' });
    track((await t.http.post(`/api/v1/enterprises/${enterprise.id}/training-plans`).set(auth(enterprise.token)).send({ year: 2020, submittedOn: '2020-05-25' }).expect(200)).body);
    welder = (await enrollWorker(t, enterprise, { enrolledOn: '2020-05-10', name: '周焊工' })).workerId;
    operator = (await enrollWorker(t, enterprise, { enrolledOn: '2020-05-10', name: '吴操作' })).workerId;
    // Three-level induction (三级安全教育), assessed by the enterprise before anyone takes a post.
    for (const worker of [welder, operator]) await recordExam(t, enterprise.token, worker, { kind: 'pre_post', examinedOn: '2020-05-20' });
  });

  it('2020: a special-operation class; the exam results on paper are entered in September, dated June', async () => {
    at('2020-06-01T01:00:00Z');
    classId = await openClass(t, provider, { kind: 'special_operation', specialOperationCode: '9.3', countyCode: '430922', startsOn: '2020-06-01', endsOn: '2020-06-20' });
    for (const worker of [welder, operator]) {
      await addTrainee(t, provider, classId, worker);
      await completeTraining(t, provider, classId, worker, { completedOn: '2020-06-20' });
    }
    at('2020-09-15T01:00:00Z');
    for (const worker of [welder, operator]) {
      const exam = await recordExam(t, provider.token, worker, { kind: 'special_operation', classId, specialOperationCode: '9.3', examinedOn: '2020-06-25' });
      expect(exam.passed).toBe(true);
    }
    const officer = await t.token('em_officer', { county: '430922' });
    certificates = {
      welder: await issueCertificate(t, officer, welder, { specialOperationCode: '9.3', issuedOn: '2020-09-20' }),
      operator: await issueCertificate(t, officer, operator, { specialOperationCode: '9.3', issuedOn: '2020-09-20' }),
    };
    const posted = await t.http
      .post(`/api/v1/workers/${operator}/posts`)
      .set(auth(enterprise.token))
      .send({ enterpriseId: enterprise.id, title: '氯化工艺操作工', startsOn: '2020-10-01', specialOperationCode: '9.3' });
    expect(posted.status).toBe(200);
    expect(posted.body.warnings ?? []).toEqual([]);
    // The welder is put on a special-operation post of another code, without its certificate: recorded, warned.
    const uncertified = await t.http
      .post(`/api/v1/workers/${welder}/posts`)
      .set(auth(enterprise.token))
      .send({ enterpriseId: enterprise.id, title: '电工', startsOn: '2020-10-01', specialOperationCode: '1.2' });
    expect(uncertified.body.warnings).toContain('no_valid_certificate');
    track(uncertified.body);
  });

  it('2020–2021: the provider claims the subsidy; verified, approved, paid, and clawed back', async () => {
    at('2020-10-10T01:00:00Z');
    const submitted = await t.http
      .post('/api/v1/subsidy-claims')
      .set(auth(provider.token))
      .send({
        classId,
        claimant: { kind: 'provider', id: provider.id },
        submittedOn: '2020-10-10',
        trainees: [welder, operator].map((workerId) => ({ workerId, certificateId: workerId === welder ? certificates.welder : certificates.operator, laborContract: laborContract(workerId) })),
      });
    expect(submitted.status).toBe(201);
    claimId = submitted.body.id;
    const em = await t.token('em_officer', { county: '430922', sub: 'em-taojiang-li' });
    const hr = await t.token('hrss_officer', { county: '430922', sub: 'hrss-taojiang-wang' });
    at('2020-10-20T01:00:00Z');
    await t.http.post(`/api/v1/subsidy-claims/${claimId}/verification`).set(auth(em)).send({ verifiedOn: '2020-10-20', stampRef: '桃应急核〔2020〕31号' }).expect(200);
    at('2020-11-02T01:00:00Z');
    await t.http.post(`/api/v1/subsidy-claims/${claimId}/approval`).set(auth(hr)).send({ approvedOn: '2020-11-02', amount: 1600 }).expect(200);
    at('2020-11-20T01:00:00Z');
    await t.http.post(`/api/v1/subsidy-claims/${claimId}/payment`).set(auth(hr)).send({ paidOn: '2020-11-20', amount: 1600, reference: 'GK-2020-11-0087' }).expect(200);
    at('2021-03-03T01:00:00Z');
    track((await t.http.post(`/api/v1/subsidy-claims/${claimId}/clawback`).set(auth(hr)).send({ on: '2021-03-03', reason: '培训记录不实' }).expect(200)).body);
  });

  it('2021: an inspection proposes the uncertified post; the officer confirms it and orders rectification, completed late', async () => {
    at('2021-06-01T02:00:00Z');
    const officer = await t.token('enforcement_officer', { county: '430922' });
    const opened = await t.http.post('/api/v1/inspections').set(auth(officer)).send({ enterpriseId: enterprise.id, inspectedOn: '2021-06-01', checks: ['certificates', 'training_plan'], findings: [] });
    expect(opened.status).toBe(201);
    const proposals = opened.body.proposedFindings as Array<{ findingId: string; kind: string; workerId?: string }>;
    expect(proposals.map((p) => [p.kind, p.workerId ?? null])).toEqual(
      expect.arrayContaining([
        ['uncertified_special_operation', welder],
        ['no_training_plan', null],
      ]),
    );
    for (const proposal of proposals) {
      await t.http.post(`/api/v1/inspections/${opened.body.id}/findings/${proposal.findingId}/confirmation`).set(auth(officer)).send({ on: '2021-06-01' }).expect(200);
    }
    const order = await t.http.post(`/api/v1/inspections/${opened.body.id}/rectification-orders`).set(auth(officer)).send({ deadline: '2021-07-01', fine: 30000, orderedOn: '2021-06-02' });
    expect(order.status).toBe(201);
    orderId = order.body.id;
    at('2021-07-10T02:00:00Z');
    track((await t.http.post(`/api/v1/rectification-orders/${orderId}/completion`).set(auth(officer)).send({ completedOn: '2021-07-08' }).expect(200)).body);
  });

  it('the auditor replays the claim: five steps, who and when, the evidence, and an intact hash chain', async () => {
    const auditor = await t.token('auditor');
    const { body } = await t.http.get(`/api/v1/subsidy-claims/${claimId}/history`).set(auth(auditor)).expect(200);
    expect(body.events.map((e: { type: string; stateAfter: { status: string } }) => [e.type, e.stateAfter.status])).toEqual([
      ['SubsidyClaimSubmitted', 'submitted'],
      ['SubsidyClaimVerified', 'em_verified'],
      ['SubsidyClaimApproved', 'approved'],
      ['SubsidyClaimPaid', 'paid'],
      ['SubsidyClaimClawedBack', 'clawed_back'],
    ]);
    expect(body.events[1]).toMatchObject({ occurredAt: '2020-10-20', actor: { sub: 'em-taojiang-li', role: 'em_officer' }, data: { stampRef: '桃应急核〔2020〕31号' } });
    expect(body.events[4]).toMatchObject({ recordedAt: '2021-03-03T01:00:00.000Z', actor: { sub: 'hrss-taojiang-wang' } });
    const relations = body.evidence.map((e: { relation: string; type: string }) => `${e.relation}:${e.type}`);
    expect(relations).toEqual(expect.arrayContaining(['training_class:TraineeCompleted', 'exam:ExamPassed', 'certificate:CertificateIssued', 'reservation:SubsidyReserved']));
    // The exams were entered in September for June: the evidence shows both times.
    const exam = body.evidence.find((e: { relation: string }) => e.relation === 'exam');
    expect(exam.occurredAt).toBe('2020-06-25');
    expect(exam.recordedAt).toBe('2020-09-15T01:00:00.000Z');
    expect(body.integrity).toMatchObject({ algorithm: 'sha256-hash-chain', verified: true });
  });

  it('the enforcement officer asks about the past: the welder on 2020-10-15, and what was known before the exams were entered', async () => {
    const officer = await t.token('enforcement_officer', { county: '430922' });
    const certification = (workerId: string, query: string) =>
      t.http.get(`/api/v1/workers/${workerId}/certification?${query}`).set(auth(officer)).set('X-Min-Position', last);
    const welderThen = (await certification(welder, 'asOf=2020-10-15')).body;
    expect(welderThen.certificates.map((c: { specialOperationCode: string; status: string }) => [c.specialOperationCode, c.status])).toEqual([['9.3', 'valid']]);
    expect(welderThen.posts.find((p: { specialOperationCode: string }) => p.specialOperationCode === '1.2').compliant).toBe(false);
    const beforeEntry = (await certification(operator, 'asOf=2020-09-01&knownAt=2020-09-01T00:00:00Z')).body;
    expect(beforeEntry.certificates).toEqual([]);
  });

  it('the dashboards: the county plan late, the order completed late, the claim clawed back', async () => {
    const viewer = await t.token('viewer');
    const milestones = (await t.http.get('/api/v1/milestones?countyCode=430922&asOf=2021-12-31').set(auth(viewer)).set('X-Min-Position', last)).body;
    const plan = milestones.items.find((i: { milestone: string; unit: string }) => i.unit === '430922' && /implementation_plan|county_plan/.test(i.milestone));
    expect(plan).toMatchObject({ doneOn: '2020-04-05', status: 'done_late' });
    const officer = await t.token('enforcement_officer', { county: '430922' });
    const orders = (await t.http.get('/api/v1/rectification-orders?asOf=2021-07-31').set(auth(officer)).set('X-Min-Position', last)).body;
    expect(orders.items.map((o: { orderId: string; status: string }) => [o.orderId, o.status])).toEqual([[orderId, 'completed_late']]);
    const claim = (await t.http.get(`/api/v1/subsidy-claims/${claimId}`).set(auth(officer)).set('X-Min-Position', last));
    expect([200, 403]).toContain(claim.status);
    const hr = await t.token('hrss_officer', { county: '430922' });
    const ours = (await t.http.get(`/api/v1/subsidy-claims/${claimId}`).set(auth(hr)).set('X-Min-Position', last)).body;
    expect(ours.status).toBe('clawed_back');
  });

  it('every answer of the story is one the OpenAPI document declares, with its schema', () => {
    expect(t.contract?.mismatches).toEqual([]);
    expect(t.contract?.covered.size).toBeGreaterThan(20);
  });
});
