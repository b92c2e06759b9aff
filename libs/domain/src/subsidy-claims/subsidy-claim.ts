import type { DomainEvent } from '../shared/decision.js';
import type { Day } from '../shared/day.js';
import type { CertificateType } from '../reference/reference-data.js';

/**
 * Stream `subsidy_claim-<claimId>`: a claim for 高危行业企业职工安全技能培训补贴, made per training
 * class (培训班为批次), verified and stamped by the county emergency-management department (核实盖章),
 * then approved, rejected or paid by the county HR & social-security department.
 */

export const CLAIMANT_KINDS = ['enterprise', 'provider'] as const;
export type ClaimantKind = (typeof CLAIMANT_KINDS)[number];
export interface Claimant {
  kind: ClaimantKind;
  id: string;
}

/** A copy of the labour contract (劳动合同复印件): the file's name and its SHA-256, the file itself is stored elsewhere. */
export interface LaborContract {
  fileName: string;
  sha256: string;
}

export interface ClaimedTrainee {
  workerId: string;
  /** The trainee's employer when the class ran (参训人员所在单位). */
  enterpriseId: string | null;
  certificateId: string;
  certificateType: CertificateType;
  /** The person+code key subsidised once only (see `subsidyCodeOf`). */
  subsidyCode: string;
  /** The calendar year the training counts in (its completion year), for the 3-per-year limit. */
  subsidyYear: number;
  laborContract: LaborContract;
  amount: number;
}

export type SubsidyClaimSubmitted = DomainEvent<'SubsidyClaimSubmitted', {
  claimId: string;
  classId: string;
  claimant: Claimant;
  submittedOn: Day;
  countyCode: string;
  trainees: ClaimedTrainee[];
  total: number;
}>;

export type SubsidyClaimVerified = DomainEvent<'SubsidyClaimVerified', { claimId: string; verifiedOn: Day; stampRef: string }>;
export type SubsidyClaimApproved = DomainEvent<'SubsidyClaimApproved', { claimId: string; approvedOn: Day; amount: number }>;
/** The two offices of the applicant's location (所在地): emergency management verifies, HR & social security decides and pays. */
export type ClaimDepartment = 'emergency_management' | 'hr_social_security';
/**
 * Emergency management rejects instead of stamping; HR & social security rejects only a stamped claim.
 * `department` is absent on rejections recorded before it was kept.
 */
export type SubsidyClaimRejected = DomainEvent<'SubsidyClaimRejected', { claimId: string; rejectedOn: Day; reason: string; department?: ClaimDepartment }>;
export type SubsidyClaimPaid = DomainEvent<'SubsidyClaimPaid', { claimId: string; paidOn: Day; amount: number; reference: string }>;
export type SubsidyClaimClawedBack = DomainEvent<'SubsidyClaimClawedBack', { claimId: string; on: Day; reason: string }>;

export type SubsidyClaimEvent =
  | SubsidyClaimSubmitted
  | SubsidyClaimVerified
  | SubsidyClaimApproved
  | SubsidyClaimRejected
  | SubsidyClaimPaid
  | SubsidyClaimClawedBack;

/** The statuses of a submitted claim; before its submission a claim is `not_submitted`. */
export const SUBSIDY_CLAIM_STATUSES = ['submitted', 'em_verified', 'approved', 'rejected', 'paid', 'clawed_back'] as const;
export type SubsidyClaimStatus = 'not_submitted' | (typeof SUBSIDY_CLAIM_STATUSES)[number];

export interface SubsidyClaimState {
  status: SubsidyClaimStatus;
  submitted: SubsidyClaimSubmitted['data'] | null;
  /** The day of the latest step, so a later step cannot be dated before it. */
  lastStepOn: Day | null;
  approvedAmount: number | null;
}

export const initialSubsidyClaimState = (): SubsidyClaimState => ({ status: 'not_submitted', submitted: null, lastStepOn: null, approvedAmount: null });

export const evolveSubsidyClaim = (state: SubsidyClaimState, event: SubsidyClaimEvent): SubsidyClaimState => {
  switch (event.type) {
    case 'SubsidyClaimSubmitted':
      return { ...state, status: 'submitted', submitted: event.data, lastStepOn: event.data.submittedOn };
    case 'SubsidyClaimVerified':
      return { ...state, status: 'em_verified', lastStepOn: event.data.verifiedOn };
    case 'SubsidyClaimApproved':
      return { ...state, status: 'approved', lastStepOn: event.data.approvedOn, approvedAmount: event.data.amount };
    case 'SubsidyClaimRejected':
      return { ...state, status: 'rejected', lastStepOn: event.data.rejectedOn };
    case 'SubsidyClaimPaid':
      return { ...state, status: 'paid', lastStepOn: event.data.paidOn };
    case 'SubsidyClaimClawedBack':
      return { ...state, status: 'clawed_back', lastStepOn: event.data.on };
  }
};
