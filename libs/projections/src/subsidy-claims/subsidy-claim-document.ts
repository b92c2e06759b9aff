import type { Claimant, ClaimedTrainee, SubsidyClaimEvent, SubsidyClaimStatus } from '#libs/domain';

/** One step of the claim: what happened, on which day, by whom, and when the system learned it. */
export interface SubsidyClaimStep {
  type: SubsidyClaimEvent['type'];
  on: string;
  actor: { sub: string; role: string };
  recordedAt: string;
  position: string;
  detail: Record<string, unknown>;
}

/** A subsidy claim (培训补贴申请) per training class, with every step's actor and date. */
export interface SubsidyClaimDocument {
  claimId: string;
  classId: string;
  claimant: Claimant;
  countyCode: string;
  submittedOn: string;
  status: SubsidyClaimStatus;
  trainees: ClaimedTrainee[];
  claimedTotal: number;
  approvedAmount: number | null;
  paidAmount: number | null;
  steps: SubsidyClaimStep[];
  recordedAt: string;
}
