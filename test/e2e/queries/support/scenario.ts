import { randomUUID } from 'node:crypto';
import type { EventStore } from '#libs/event-store';
import { EVENT_STORE } from '../../../../apps/api/src/infrastructure/stores.module.js';
import { newCreditCode, newIdNumber } from '../../support/fixtures.js';
import type { TestApp } from '../../support/test-app.js';
import { appendDomainEvents } from './direct-events.js';

/**
 * One small history, hand-computed in the specs:
 *
 * - E1 赫山区 (430903), hazardous chemicals; E2 南县 (430921), fireworks.
 * - A (E1, new hire): pre-post exam 2021-01-10, special-operation post 1.2 from 2021-01-15, certificate
 *   1.2 issued 2018-06-01 with its review due 2021-05-31 and never reviewed: valid through 2021-05-31,
 *   overdue from 2021-06-01 with no event.
 * - B (E1, new hire): posted 2021-03-01 without any exam (the command warns, the fact is recorded).
 * - C (E1, on post since 2019): team leader from 2019-07-01, secondary vocational education, pre-post
 *   exam 2020-06-01, team-leader class completed 2021-04-01.
 * - D (E1, on post since 2019): team leader from 2019-07-01, senior high, skill-level certificate 2021-03-01.
 * - E (E2, new hire): posted 2021-02-01, no exam.
 * - F (E2): a special-operation certificate revoked (recorded last, for "as known at").
 * - County 430903's implementation plan 2020-04-02 (late); E1's training plan 2020-05-20 (on time).
 * - Claim S1 for the team-leader class, submitted and verified in 430903.
 */
export interface Scenario {
  e1: string;
  e2: string;
  workers: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', string>;
  idNumbers: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', string>;
  posts: Record<'A' | 'B', string>;
  classId: string;
  claimId: string;
  certificates: Record<'A' | 'D' | 'F', string>;
  /** Recorded after everything except F's revocation. */
  beforeRevocation: string;
  /** The position of the last event: read with `X-Min-Position` of it. */
  last: string;
  warnings: Record<'B', string[]>;
}

const id = () => randomUUID().replaceAll('-', '');

export async function buildScenario(t: TestApp): Promise<Scenario> {
  const store = t.app.get<EventStore>(EVENT_STORE);
  const admin = await t.token('city_admin');
  const positions: bigint[] = [];
  const post = async (path: string, token: string, body: object) => {
    const response = await t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    positions.push(BigInt(response.body.position));
    return response.body;
  };
  const direct = async (streamId: string, events: Array<{ type: string; data: unknown }>, actor: { sub: string; role: string }, occurredAt: string) =>
    positions.push(await appendDomainEvents(store, streamId, events, actor, occurredAt));

  const e1 = (await post('/enterprises', admin, { name: '益阳某化工有限公司', creditCode: newCreditCode(), sector: 'hazardous_chemicals', countyCode: '430903' })).id as string;
  const e2 = (await post('/enterprises', admin, { name: '南县某烟花厂', creditCode: newCreditCode('430921'), sector: 'fireworks', countyCode: '430921' })).id as string;
  const ea1 = await t.token('enterprise_admin', { enterprise: e1 });
  const ea2 = await t.token('enterprise_admin', { enterprise: e2 });
  await post(`/enterprises/${e1}/training-plans`, ea1, { year: 2020, submittedOn: '2020-05-20' });

  const idNumbers = { A: newIdNumber('1985-03-02'), B: newIdNumber('1990-07-01'), C: newIdNumber('1980-01-15'), D: newIdNumber('1982-11-30'), E: newIdNumber('1992-02-02'), F: newIdNumber('1975-05-05', '430921') };
  const enrol = async (name: string, idNumber: string, token: string, enterpriseId: string, hireType: string, enrolledOn: string, educationLevel: string) =>
    (await post('/workers', token, { enterpriseId, name, idNumber, employmentType: 'employee', hireType, enrolledOn, educationLevel })).id as string;
  const workers = {
    A: await enrol('张三', idNumbers.A, ea1, e1, 'new_hire', '2021-01-05', 'senior_high'),
    B: await enrol('李四', idNumbers.B, ea1, e1, 'new_hire', '2021-02-01', 'junior_middle'),
    C: await enrol('王五', idNumbers.C, ea1, e1, 'on_post', '2019-06-01', 'secondary_vocational'),
    D: await enrol('赵六', idNumbers.D, ea1, e1, 'on_post', '2019-06-01', 'senior_high'),
    E: await enrol('钱七', idNumbers.E, ea2, e2, 'new_hire', '2021-01-20', 'junior_middle'),
    F: await enrol('孙八', idNumbers.F, ea2, e2, 'on_post', '2019-01-01', 'senior_high'),
  };
  const exam = (worker: string, examinedOn: string) =>
    post(`/workers/${worker}/exams`, ea1, { kind: 'pre_post', theoryScore: 90, practicalScore: 85, keySafetySkillsPassed: true, examinedOn });
  await exam(workers.A, '2021-01-10');
  await exam(workers.C, '2020-06-01');

  const em = { sub: 'em-430903', role: 'em_officer' };
  const certificates = { A: id(), D: id(), F: id() };
  await direct(`certificate-${certificates.A}`, [{ type: 'CertificateIssued', data: {
    certificateId: certificates.A, personId: workers.A, type: 'special_operation', specialOperationCode: '1.2', number: 'T430903-A', issuedOn: '2018-06-01', issuer: '益阳市应急管理局', validUntil: '2024-05-31', reviewDueOn: '2021-05-31',
  } }], em, '2018-06-01');
  await direct(`certificate-${certificates.D}`, [{ type: 'CertificateIssued', data: {
    certificateId: certificates.D, personId: workers.D, type: 'skill_level', occupation: '化工总控工', level: 4, number: 'S-D', issuedOn: '2021-03-01', issuer: '某职业技能鉴定站', validUntil: null, reviewDueOn: null,
  } }], { sub: 'provider', role: 'training_provider' }, '2021-03-01');
  await direct(`certificate-${certificates.F}`, [{ type: 'CertificateIssued', data: {
    certificateId: certificates.F, personId: workers.F, type: 'special_operation', specialOperationCode: '10.4', number: 'T430921-F', issuedOn: '2020-01-10', issuer: '益阳市应急管理局', validUntil: '2026-01-09', reviewDueOn: '2023-01-09',
  } }], em, '2020-01-10');

  const posts = {
    A: (await post(`/workers/${workers.A}/posts`, ea1, { enterpriseId: e1, title: '低压电工', startsOn: '2021-01-15', specialOperationCode: '1.2' })).postId as string,
    B: '',
  };
  const b = await post(`/workers/${workers.B}/posts`, ea1, { enterpriseId: e1, title: '操作工', startsOn: '2021-03-01' });
  posts.B = b.postId;
  await post(`/workers/${workers.C}/posts`, ea1, { enterpriseId: e1, title: '班组长', startsOn: '2019-07-01', teamLeader: true });
  await post(`/workers/${workers.D}/posts`, ea1, { enterpriseId: e1, title: '班组长', startsOn: '2019-07-01', teamLeader: true });
  await post(`/workers/${workers.E}/posts`, ea2, { enterpriseId: e2, title: '装药工', startsOn: '2021-02-01' });

  const classId = id();
  await direct(`training_class-${classId}`, [
    { type: 'TrainingClassOpened', data: { classId, countyCode: '430903', kind: 'team_leader', title: '班组长安全技能培训', content: '班组安全管理', theoryHours: 16, practicalHours: 8, startsOn: '2021-03-29', endsOn: '2021-04-01', enterpriseId: e1 } },
    { type: 'TraineeAdded', data: { classId, workerId: workers.C } },
    { type: 'TraineeCompleted', data: { classId, workerId: workers.C, hoursAttended: 24, completedOn: '2021-04-01' } },
  ], { sub: 'ea1', role: 'enterprise_admin' }, '2021-04-01');

  await direct('county-430903', [{ type: 'ImplementationPlanSubmitted', data: { countyCode: '430903', submittedOn: '2020-04-02' } }], em, '2020-04-02');

  const claimId = id();
  await direct(`subsidy_claim-${claimId}`, [{ type: 'SubsidyClaimSubmitted', data: {
    claimId, classId, claimant: { kind: 'enterprise', id: e1 }, submittedOn: '2021-04-10', countyCode: '430903', total: 0,
    trainees: [{ workerId: workers.C, enterpriseId: e1, certificateId: certificates.D, certificateType: 'skill_level', subsidyCode: 'x', subsidyYear: 2021, laborContract: { fileName: 'c.pdf', sha256: 'a'.repeat(64) }, amount: 0 }],
  } }], { sub: 'ea1', role: 'enterprise_admin' }, '2021-04-10');
  await direct(`subsidy_claim-${claimId}`, [{ type: 'SubsidyClaimVerified', data: { claimId, verifiedOn: '2021-04-20', stampRef: 'HS-2021-17' } }], em, '2021-04-20');

  await new Promise((resolve) => setTimeout(resolve, 5));
  const beforeRevocation = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 5));
  await direct(`certificate-${certificates.F}`, [{ type: 'CertificateRevoked', data: { certificateId: certificates.F, revokedOn: '2021-05-01', reason: 'fraud' } }], { sub: 'em-430921', role: 'em_officer' }, '2021-05-01');

  const last = positions.reduce((a, c) => (c > a ? c : a)).toString();
  return { e1, e2, workers, idNumbers, posts, classId, claimId, certificates, beforeRevocation, last, warnings: { B: b.warnings ?? [] } };
}
