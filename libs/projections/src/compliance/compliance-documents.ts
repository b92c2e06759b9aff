import type { CertificateType, ComplianceSteps, EducationLevel, ExamKind, HireType, SectorCode } from '#libs/domain';
import type { CertificateFactRecord } from '../certificates/certificate-document.js';
import type { PostDocument } from '../posts/post-document.js';

/** Where an enterprise belongs, copied into the worker's document: it never changes after registration. */
export interface ComplianceEnterprise {
  countyCode: string;
  sector: SectorCode;
  subsector: string | null;
}

/**
 * One worker's facts as M1–M7 read them, and what the worker currently adds to each group's
 * counters: the next change writes the difference into the buckets.
 */
export interface ComplianceWorkerDocument {
  educationLevel: EducationLevel | null;
  /** Educations recorded after enrolment, each counting from its day; absent until one is. */
  educations?: Array<{ level: EducationLevel; since: string }>;
  enterprises: Record<string, ComplianceEnterprise>;
  employments: Array<{ employmentId: string; enterpriseId: string; hireType: HireType; startsOn: string; endsOn: string | null }>;
  posts: Array<
    Pick<PostDocument, 'postId' | 'employmentId' | 'enterpriseId' | 'startsOn' | 'endsOn' | 'specialOperationCode' | 'teamLeader' | 'keyPosition' | 'apprenticeship' | 'riskPost'>
  >;
  /** Passed exams only: a failed one never counts. */
  exams: Array<{ kind: ExamKind; examinedOn: string }>;
  /** Completions of the classes whose kind a metric asks for (team leader, skill upgrade). */
  trainings: Array<{ kind: ExamKind; completedOn: string }>;
  /** The valid interval of each certificate as currently known (`validityInterval`). */
  certificates: Array<{ certificateId: string; type: CertificateType; specialOperationCode: string | null; validFrom: string; validThrough: string | null }>;
  /** The worker's steps per group, groups with the same steps together. */
  contributions: Array<{ groups: string[]; steps: ComplianceSteps }>;
}

/** A certificate's facts and its holder, so that a later fact (which names only the certificate) finds the worker. */
export interface ComplianceCertificateDocument {
  workerId: string | null;
  facts: CertificateFactRecord[];
}

/**
 * A group some enterprise belongs to (its county, sector, county and sector, or the enterprise
 * itself): the groups an answer lists, and for an enterprise where it belongs.
 */
export interface ComplianceGroupDocument {
  level: 'county' | 'sector' | 'county_sector' | 'enterprise';
  countyCode?: string;
  sector?: SectorCode;
  enterpriseId?: string;
  subsector?: string | null;
}

/**
 * The changes of one group's counters in one year: field `dMMDD` holds the change of each counter
 * (`M1n`, `M1d`, …) on that day. A group's counts as of T are the sum of its changes on or before T.
 */
export interface ComplianceBucketDocument {
  group: string;
  year: number;
  [day: `d${string}`]: Record<string, number>;
}
