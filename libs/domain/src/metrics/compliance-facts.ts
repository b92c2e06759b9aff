import type { CertificateType, EducationLevel, SectorCode } from '../reference/reference-data.js';
import type { Day } from '../shared/day.js';
import type { ExamKind, HireType, RiskPost } from '../workers/worker.js';

/**
 * The plain facts the M1–M7 metrics are computed from, as the read side keeps them (validity and
 * activity intervals, so "as of T" needs no scheduler). The caller filters them to one group
 * (an enterprise, a county, a sector, the city) before computing.
 */

export interface PostFact {
  workerId: string;
  enterpriseId: string;
  postId: string;
  startsOn: Day;
  endsOn: Day | null;
  specialOperationCode?: string;
  teamLeader: boolean;
  keyPosition: boolean;
  /** The hire type of the employment the post belongs to. */
  hireType: HireType;
  /** The enterprise's subsector (e.g. underground mine), for M7. */
  subsector?: string;
  /** Enrolled in the enterprise new apprenticeship (企业新型学徒制), for M7. */
  apprenticeship?: boolean;
  /** One of the higher-risk posts M7 counts (风险偏高岗位). */
  riskPost?: RiskPost;
}

/** A post as the read models hold it, with its employment's hire type and its enterprise's subsector. */
export function postFact(
  post: {
    workerId: string;
    enterpriseId: string;
    postId: string;
    startsOn: Day;
    endsOn: Day | null;
    specialOperationCode?: string | null;
    teamLeader: boolean;
    keyPosition: boolean;
    apprenticeship?: boolean;
    riskPost?: RiskPost;
  },
  hireType: HireType | undefined,
  subsector: string | null | undefined,
): PostFact {
  return {
    workerId: post.workerId,
    enterpriseId: post.enterpriseId,
    postId: post.postId,
    startsOn: post.startsOn,
    endsOn: post.endsOn,
    ...(post.specialOperationCode != null ? { specialOperationCode: post.specialOperationCode } : {}),
    teamLeader: post.teamLeader,
    keyPosition: post.keyPosition,
    hireType: hireType ?? 'new_hire',
    ...(subsector ? { subsector } : {}),
    ...(post.apprenticeship === true ? { apprenticeship: true } : {}),
    ...(post.riskPost ? { riskPost: post.riskPost } : {}),
  };
}

export interface EmploymentFact {
  workerId: string;
  enterpriseId: string;
  startsOn: Day;
  endsOn: Day | null;
  sector: SectorCode;
  subsector?: string;
}

export interface ExamFact {
  workerId: string;
  kind: ExamKind;
  passed: boolean;
  examinedOn: Day;
}

export interface TrainingCompletionFact {
  workerId: string;
  kind: ExamKind;
  completedOn: Day;
}

export interface CertificateFact {
  workerId: string;
  type: CertificateType;
  specialOperationCode?: string;
  validFrom: Day;
  /** Inclusive; null when open-ended (see `validityInterval`). */
  validThrough: Day | null;
}

/** An education recorded after enrolment: it counts from `since` (the study started or the diploma obtained). */
export interface EducationFact {
  level: EducationLevel;
  since: Day;
}

export interface WorkerFact {
  workerId: string;
  /** The level declared at enrolment: it counts whenever the worker is on a post, as the enrolment precedes every post. */
  educationLevel?: EducationLevel;
  /** Educations recorded later, each counting from its day. */
  educations?: EducationFact[];
}

/** Whether the worker's education qualifies on `day`: the enrolment's level, or a recorded one since that day or earlier. */
export const educationQualifiesOn = (worker: WorkerFact | undefined, day: Day, qualifying: readonly string[]): boolean =>
  worker !== undefined &&
  ((worker.educationLevel !== undefined && qualifying.includes(worker.educationLevel)) || (worker.educations ?? []).some((e) => e.since <= day && qualifying.includes(e.level)));

export interface ComplianceFacts {
  posts: PostFact[];
  employments: EmploymentFact[];
  exams: ExamFact[];
  trainings: TrainingCompletionFact[];
  certificates: CertificateFact[];
  workers: WorkerFact[];
}
