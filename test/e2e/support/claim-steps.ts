import { createHash } from 'node:crypto';
import { trainedWorker, type EnrolledWorker, type Party } from './worker-steps.js';
import type { TestApp } from './test-app.js';

/**
 * Story steps for certificates and subsidy claims over HTTP, on top of the worker steps: issue a
 * certificate, train and certify a worker, build a claim body. Each step fails loudly when the answer
 * is not the expected success.
 */

let numbers = 0;

export interface IssueOptions {
  type?: 'special_operation' | 'vocational_qualification' | 'skill_level';
  specialOperationCode?: string;
  occupation?: string;
  level?: number;
  number?: string;
  issuedOn?: string;
  issuer?: string;
}

export const certificateBody = (workerId: string, over: IssueOptions = {}) => {
  numbers += 1;
  const type = over.type ?? 'special_operation';
  return {
    workerId,
    type,
    ...(type === 'special_operation' ? { specialOperationCode: over.specialOperationCode ?? '9.1' } : {}),
    ...(type !== 'special_operation' ? { occupation: over.occupation ?? '化工总控工' } : {}),
    ...(type === 'skill_level' ? { level: over.level ?? 4 } : {}),
    number: over.number ?? `T4309${String(numbers).padStart(8, '0')}`,
    issuedOn: over.issuedOn ?? '2020-06-30',
    issuer: over.issuer ?? (type === 'special_operation' ? '益阳市应急管理局' : '益阳某安全培训中心'),
  };
};

/** Issues a certificate as `token` (an em_officer for special operations, the provider otherwise); answers its id. */
export async function issueCertificate(t: TestApp, token: string, workerId: string, over: IssueOptions = {}): Promise<string> {
  const response = await t.http.post('/api/v1/certificates').set('Authorization', `Bearer ${token}`).send(certificateBody(workerId, over));
  if (response.status !== 201) throw new Error(`POST /certificates answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

export interface CertifiedTrainee {
  enterprise: Party;
  provider: Party;
  worker: EnrolledWorker;
  classId: string;
  certificateId: string;
}

/**
 * A worker trained by a provider in one class, examined, and certified: a special-operation
 * certificate by the county officer, or a skill-level certificate (one per occupation) by the provider.
 */
export async function certifiedTrainee(
  t: TestApp,
  over: { enterprise?: Party & { countyCode: string }; provider?: Party; kind?: 'special_operation' | 'skill_upgrade'; specialOperationCode?: string; occupation?: string } = {},
): Promise<CertifiedTrainee> {
  const kind = over.kind ?? 'special_operation';
  const story = await trainedWorker(t, { kind, specialOperationCode: over.specialOperationCode, enterprise: over.enterprise, provider: over.provider });
  const issuer = kind === 'special_operation' ? await t.token('em_officer', { county: over.enterprise?.countyCode ?? '430903' }) : story.provider.token;
  const certificateId = await issueCertificate(
    t,
    issuer,
    story.worker.workerId,
    kind === 'special_operation' ? { specialOperationCode: over.specialOperationCode } : { type: 'skill_level', occupation: over.occupation },
  );
  return { ...story, certificateId };
}

export const laborContract = (workerId: string) => ({
  fileName: `劳动合同-${workerId.slice(0, 6)}.pdf`,
  sha256: createHash('sha256').update(`contract of ${workerId}`).digest('hex'),
});

export interface ClaimedTraineeBody {
  workerId: string;
  certificateId: string;
  laborContract?: { fileName: string; sha256: string };
}

export const claimBody = (classId: string, claimant: { kind: 'enterprise' | 'provider'; id: string }, trainees: ClaimedTraineeBody[], submittedOn = '2020-07-01') => ({
  classId,
  claimant,
  submittedOn,
  trainees,
});

export const traineeOf = (story: Pick<CertifiedTrainee, 'worker' | 'certificateId'>): ClaimedTraineeBody => ({
  workerId: story.worker.workerId,
  certificateId: story.certificateId,
  laborContract: laborContract(story.worker.workerId),
});
