import type { EmploymentType, HireType, ManagementRole, RiskPost } from '#libs/domain';

/**
 * One post (岗位) held by a worker, with its interval: active at T when `startsOn <= T` and
 * (`endsOn` null or `T <= endsOn`). The enterprise's county and sector are joined at query time
 * from the enterprises read model; the hire type from the employment.
 */
export interface PostDocument {
  postId: string;
  workerId: string;
  employmentId: string;
  enterpriseId: string;
  title: string;
  startsOn: string;
  endsOn: string | null;
  specialOperationCode: string | null;
  teamLeader: boolean;
  keyPosition: boolean;
  /** 企业新型学徒制 (M7); absent on documents written before it was recorded. */
  apprenticeship?: boolean;
  /** 风险偏高岗位 (M7); absent when none, and on documents written before it was recorded. */
  riskPost?: RiskPost;
  role: ManagementRole | null;
  trainedBeforePost: boolean;
  certifiedAtStart: boolean;
  recordedAt: string;
  endRecordedAt: string | null;
}

/** One employment relation (劳动关系) of a worker with an enterprise, with its interval. */
export interface EmploymentDocument {
  employmentId: string;
  workerId: string;
  enterpriseId: string;
  employmentType: EmploymentType;
  hireType: HireType;
  startsOn: string;
  endsOn: string | null;
  recordedAt: string;
  endRecordedAt: string | null;
}
