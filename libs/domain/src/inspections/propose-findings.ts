import type { CertificateState } from '../certificates/certificate.js';
import { isValidOn } from '../certificates/certificate-status.js';
import { isActiveOn } from '../shared/active-interval.js';
import { yearOf, type Day } from '../shared/day.js';
import { hasSafetyAssessmentBy, type ExamRecord, type Post } from '../workers/worker.js';
import type { Finding } from './inspection.js';

/** What the system knew about one enterprise as of the inspection day (folded by the application). */
export interface EnterpriseAsOf {
  enterpriseId: string;
  asOf: Day;
  workers: Array<{ workerId: string; posts: Post[]; exams: ExamRecord[]; certificates: CertificateState[] }>;
  trainingPlanYears: number[];
}

export type ProposedFinding = Omit<Finding, 'findingId'>;

/**
 * The findings an inspector should look at, as of the day: workers on an active post without a
 * passed safety assessment by then (Art. 28/97), special-operation posts without a valid
 * certificate of their code (Art. 30/97), and no training plan for the year.
 */
export const proposeFindings = ({ enterpriseId, asOf, workers, trainingPlanYears }: EnterpriseAsOf): ProposedFinding[] => {
  const findings: ProposedFinding[] = [];
  for (const worker of workers) {
    const posts = worker.posts.filter((p) => p.enterpriseId === enterpriseId && isActiveOn({ startsOn: p.startsOn, endsOn: p.endedOn }, asOf));
    if (posts.length > 0 && !hasSafetyAssessmentBy(worker.exams, asOf)) {
      findings.push({ kind: 'untrained_on_post', workerId: worker.workerId, postId: posts[0]!.postId, detail: 'no passed safety assessment' });
    }
    for (const post of posts) {
      const code = post.specialOperationCode;
      if (code === undefined) continue;
      const certified = worker.certificates.some((c) => c.issued?.type === 'special_operation' && c.issued.specialOperationCode === code && isValidOn(c, asOf));
      if (!certified) {
        findings.push({ kind: 'uncertified_special_operation', workerId: worker.workerId, postId: post.postId, detail: `no valid certificate of code ${code}` });
      }
    }
  }
  if (!trainingPlanYears.includes(yearOf(asOf))) findings.push({ kind: 'no_training_plan', detail: `no training plan for ${yearOf(asOf)}` });
  return findings;
};
