import { certificateBody, certifiedTrainee, claimBody, traineeOf, type ClaimedTraineeBody } from '../../e2e/support/claim-steps.js';
import { newCreditCode, newIdNumber } from '../../e2e/support/fixtures.js';
import type { TestApp } from '../../e2e/support/test-app.js';
import { enrollWorker, examBody, openClass, registerEnterprise, registerProvider, type Party } from '../../e2e/support/worker-steps.js';
import type { Role } from '../../../apps/api/src/auth/roles.js';

export const HOME_COUNTY = '430903';
export const OTHER_COUNTY = '430902';

/**
 * Resources in one county (the "home" scope: its enterprise, provider, worker, classes, certificate, claim,
 * inspection) and an enterprise and a provider in another county, to build tokens outside the scope.
 */
export interface ScopeStory {
  home: { enterprise: Party; provider: Party };
  other: { enterprise: Party; provider: Party };
  workerId: string;
  /** Employed at the home enterprise, for commands that end something. */
  secondWorkerId: string;
  /** The second worker as a provider's roster lists them. */
  secondWorkerRoster: { idNumber: string; name: string };
  /** For the erasure, which leaves nothing to act on. */
  erasableWorkerId: string;
  postId: string;
  providerClassId: string;
  enterpriseClassId: string;
  certificateId: string;
  trainee: ClaimedTraineeBody;
  claimId: string;
  /** A claim whose claimant is the home provider (a class of its own, another trainee). */
  providerClaimId: string;
  inspectionId: string;
  orderId: string;
}

async function post(t: TestApp, token: string, path: string, body: object): Promise<Record<string, string>> {
  const response = await t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body);
  if (response.status >= 300) throw new Error(`story: POST ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as Record<string, string>;
}

export async function buildScopeStory(t: TestApp): Promise<ScopeStory> {
  const trained = await certifiedTrainee(t);
  const { enterprise, provider } = trained;
  const workerId = trained.worker.workerId;
  const [otherEnterprise, otherProvider, second, erasable] = await Promise.all([
    registerEnterprise(t, { countyCode: OTHER_COUNTY }),
    registerProvider(t, { countyCode: OTHER_COUNTY }),
    enrollWorker(t, enterprise, { name: '王五' }),
    enrollWorker(t, enterprise, { name: '赵六' }),
  ]);
  const { postId } = await post(t, enterprise.token, `/workers/${workerId}/posts`, { enterpriseId: enterprise.id, title: '氯化工', startsOn: '2020-07-01' });
  const enterpriseClassId = await openClass(t, enterprise);
  const claim = await post(t, enterprise.token, '/subsidy-claims', claimBody(trained.classId, { kind: 'enterprise', id: enterprise.id }, [traineeOf(trained)]));
  const providerTrained = await certifiedTrainee(t, { enterprise, provider });
  const providerClaim = await post(t, provider.token, '/subsidy-claims', claimBody(providerTrained.classId, { kind: 'provider', id: provider.id }, [traineeOf(providerTrained)]));
  const officer = await t.token('enforcement_officer', { county: HOME_COUNTY });
  const inspection = await post(t, officer, '/inspections', {
    enterpriseId: enterprise.id,
    inspectedOn: '2021-10-10',
    checks: ['training_plan'],
    findings: [{ kind: 'no_training_plan' }],
  });
  const order = await post(t, officer, `/inspections/${inspection.id}/rectification-orders`, { deadline: '2021-11-10', orderedOn: '2021-10-11' });
  return {
    home: { enterprise, provider },
    other: { enterprise: otherEnterprise, provider: otherProvider },
    workerId,
    secondWorkerId: second.workerId,
    secondWorkerRoster: { idNumber: second.idNumber, name: '王五' },
    erasableWorkerId: erasable.workerId,
    postId,
    providerClassId: trained.classId,
    enterpriseClassId,
    certificateId: trained.certificateId,
    trainee: traineeOf(trained),
    claimId: claim.id,
    providerClaimId: providerClaim.id,
    inspectionId: inspection.id,
    orderId: order.id,
  };
}

export interface SampleRequest {
  path: string;
  body?: object;
}

/**
 * A request each allowed role can make about the home resources, valid enough to reach the handler's scope
 * check; the walker sends it with a home token (inside) and an other-county token (outside). Keyed by the
 * matrix's `METHOD path`. A route without a sample still gets its 401 and role checks.
 */
export const SAMPLES: Record<string, (s: ScopeStory, role: Role) => SampleRequest | undefined> = {
  'POST /enterprises': () => ({
    path: '/enterprises',
    body: { name: '益阳某矿业有限公司', creditCode: newCreditCode(HOME_COUNTY), sector: 'hazardous_chemicals', countyCode: HOME_COUNTY },
  }),
  'POST /enterprises/:id/training-plans': (s) => ({ path: `/enterprises/${s.home.enterprise.id}/training-plans`, body: { year: 2021, submittedOn: '2021-01-10' } }),
  'POST /enterprises/:id/summaries': (s) => ({ path: `/enterprises/${s.home.enterprise.id}/summaries`, body: { submittedOn: '2021-11-20' } }),
  'POST /training-providers': () => ({ path: '/training-providers', body: { name: '益阳某培训学校', kind: 'institution', countyCode: HOME_COUNTY } }),
  'POST /workers': (s) => ({
    path: '/workers',
    body: { enterpriseId: s.home.enterprise.id, name: '李四', idNumber: newIdNumber(), employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2020-06-01' },
  }),
  'POST /workers/:id/employment-end': (s) => ({ path: `/workers/${s.secondWorkerId}/employment-end`, body: { enterpriseId: s.home.enterprise.id, endsOn: '2021-01-01' } }),
  'POST /workers/:id/posts': (s) => ({ path: `/workers/${s.workerId}/posts`, body: { enterpriseId: s.home.enterprise.id, title: '操作工', startsOn: '2020-08-01' } }),
  'POST /workers/:id/posts/:postId/end': (s) => ({ path: `/workers/${s.workerId}/posts/${s.postId}/end`, body: { endsOn: '2020-12-31' } }),
  'POST /workers/:id/exams': (s, role) => ({
    path: `/workers/${s.workerId}/exams`,
    body:
      role === 'training_provider'
        ? examBody({ kind: 'special_operation', classId: s.providerClassId, examinedOn: '2020-07-05' })
        : examBody({ kind: role === 'em_officer' ? 'special_operation' : 'pre_post', examinedOn: '2020-07-05' }),
  }),
  'POST /workers/:id/education': (s) => ({
    path: `/workers/${s.workerId}/education`,
    body: { enterpriseId: s.home.enterprise.id, level: 'secondary_vocational', since: '2021-06-01' },
  }),
  'POST /workers/:id/erasure': (s) => ({ path: `/workers/${s.erasableWorkerId}/erasure` }),
  'POST /workers/:id/name': (s) => ({ path: `/workers/${s.secondWorkerId}/name`, body: { name: '王五一', renamedOn: '2021-03-01' } }),
  'POST /training-classes': (s, role) => ({
    path: '/training-classes',
    body: {
      countyCode: HOME_COUNTY,
      kind: 'pre_post',
      title: '安全培训班',
      content: '安全生产法律法规',
      theoryHours: 48,
      practicalHours: 24,
      startsOn: '2020-09-01',
      endsOn: '2020-09-20',
      ...(role === 'training_provider' ? { providerId: s.home.provider.id } : { enterpriseId: s.home.enterprise.id }),
    },
  }),
  // An enterprise adds its own worker by id; a provider takes a new trainee from its roster (ID number and name).
  'POST /training-classes/:id/trainees': (s, role) => ({
    path: `/training-classes/${classOf(s, role)}/trainees`,
    body: role === 'enterprise_admin' ? { workerId: s.secondWorkerId } : s.secondWorkerRoster,
  }),
  'POST /training-classes/:id/completions': (s, role) => ({
    path: `/training-classes/${classOf(s, role)}/completions`,
    body: { workerId: s.secondWorkerId, hoursAttended: 72, completedOn: '2020-06-20' },
  }),
  'POST /certificates': (s, role) => ({
    path: '/certificates',
    body: role === 'em_officer' ? certificateBody(s.workerId) : certificateBody(s.workerId, { type: 'skill_level' }),
  }),
  'POST /certificates/:id/reviews': (s) => ({ path: `/certificates/${s.certificateId}/reviews`, body: { reviewedOn: '2023-06-01', passed: true } }),
  'POST /certificates/:id/revocation': (s) => ({ path: `/certificates/${s.certificateId}/revocation`, body: { revokedOn: '2023-07-01', reason: 'other' } }),
  'POST /subsidy-claims': (s, role) =>
    role === 'enterprise_admin'
      ? { path: '/subsidy-claims', body: claimBody(s.providerClassId, { kind: 'enterprise', id: s.home.enterprise.id }, [s.trainee]) }
      : { path: '/subsidy-claims', body: claimBody(s.providerClassId, { kind: 'provider', id: s.home.provider.id }, [s.trainee]) },
  'POST /subsidy-claims/:id/verification': (s) => ({ path: `/subsidy-claims/${s.claimId}/verification`, body: { verifiedOn: '2020-07-10', stampRef: 'YY-2020-001' } }),
  'POST /subsidy-claims/:id/approval': (s) => ({ path: `/subsidy-claims/${s.claimId}/approval`, body: { approvedOn: '2020-07-20', amount: 1000 } }),
  'POST /subsidy-claims/:id/rejection': (s) => ({ path: `/subsidy-claims/${s.claimId}/rejection`, body: { rejectedOn: '2020-07-20', reason: '材料不全' } }),
  'POST /subsidy-claims/:id/payment': (s) => ({ path: `/subsidy-claims/${s.claimId}/payment`, body: { paidOn: '2020-08-01', amount: 1000, reference: 'PAY-1' } }),
  'POST /subsidy-claims/:id/clawback': (s) => ({ path: `/subsidy-claims/${s.claimId}/clawback`, body: { on: '2020-09-01', reason: '虚报' } }),
  'POST /inspections': (s) => ({
    path: '/inspections',
    body: { enterpriseId: s.home.enterprise.id, inspectedOn: '2021-10-12', checks: ['training_plan'], findings: [] },
  }),
  'POST /inspections/:id/findings/:findingId/confirmation': (s) => ({ path: `/inspections/${s.inspectionId}/findings/f0/confirmation`, body: { on: '2021-10-11' } }),
  'POST /inspections/:id/findings/:findingId/dismissal': (s) => ({ path: `/inspections/${s.inspectionId}/findings/f0/dismissal`, body: { on: '2021-10-11', reason: '已整改' } }),
  'POST /inspections/:id/closure': (s) => ({ path: `/inspections/${s.inspectionId}/closure`, body: { closedOn: '2021-10-12' } }),
  'POST /inspections/:id/rectification-orders': (s) => ({ path: `/inspections/${s.inspectionId}/rectification-orders`, body: { deadline: '2021-12-10', orderedOn: '2021-10-12' } }),
  'POST /rectification-orders/:id/completion': (s) => ({ path: `/rectification-orders/${s.orderId}/completion`, body: { completedOn: '2021-11-01' } }),
  'POST /counties/:code/implementation-plans': () => ({ path: `/counties/${HOME_COUNTY}/implementation-plans`, body: { submittedOn: '2020-05-01' } }),
  'POST /counties/:code/summaries': () => ({ path: `/counties/${HOME_COUNTY}/summaries`, body: { submittedOn: '2021-12-01' } }),
  'POST /demonstration-sites': () => ({ path: '/demonstration-sites', body: { kind: 'training_base', countyCode: HOME_COUNTY, name: '益阳实训基地', establishedOn: '2020-05-01' } }),
  'GET /workers/:id': (s) => ({ path: `/workers/${s.workerId}` }),
  'GET /workers/:id/certification': (s) => ({ path: `/workers/${s.workerId}/certification` }),
  'GET /training-classes/:id': (s, role) => ({ path: `/training-classes/${classOf(s, role)}` }),
  'GET /subsidy-claims': () => ({ path: `/subsidy-claims?countyCode=${HOME_COUNTY}` }),
  // Each claimant reads its own claim: the provider's is the one it submitted.
  'GET /subsidy-claims/:id': (s, role) => ({ path: `/subsidy-claims/${role === 'training_provider' ? s.providerClaimId : s.claimId}` }),
  'GET /subsidy-claims/:id/history': (s) => ({ path: `/subsidy-claims/${s.claimId}/history` }),
  'GET /subsidy-claims/:id/history/export': (s) => ({ path: `/subsidy-claims/${s.claimId}/history/export` }),
  'GET /enterprises/:id/compliance': (s) => ({ path: `/enterprises/${s.home.enterprise.id}/compliance` }),
  'GET /inspections/:id': (s) => ({ path: `/inspections/${s.inspectionId}` }),
  'GET /rectification-orders': () => ({ path: `/rectification-orders?countyCode=${HOME_COUNTY}` }),
  'GET /compliance': () => ({ path: `/compliance?groupBy=county&countyCode=${HOME_COUNTY}` }),
  'GET /milestones': () => ({ path: '/milestones' }),
  'GET /audit-trail': () => ({ path: '/audit-trail' }),
};

const classOf = (s: ScopeStory, role: Role): string => (role === 'enterprise_admin' ? s.enterpriseClassId : s.providerClassId);
