import { SUBSIDY_CLAIM_EVENT_TYPES, type SubsidyClaimEvent, type SubsidyClaimStatus } from '#libs/domain';
import type { Projection } from '../engine/projection.js';
import type { Recorded } from '../read-models/domain-event.js';
import type { SubsidyClaimDocument, SubsidyClaimStep } from './subsidy-claim-document.js';

export type SubsidyClaimsProjectionEvent = Recorded<SubsidyClaimEvent>;

const STATUS_AFTER: Record<SubsidyClaimEvent['type'], SubsidyClaimStatus> = {
  SubsidyClaimSubmitted: 'submitted',
  SubsidyClaimVerified: 'em_verified',
  SubsidyClaimApproved: 'approved',
  SubsidyClaimRejected: 'rejected',
  SubsidyClaimPaid: 'paid',
  SubsidyClaimClawedBack: 'clawed_back',
};

const dayOf = (event: SubsidyClaimsProjectionEvent): string => {
  switch (event.type) {
    case 'SubsidyClaimSubmitted':
      return event.data.submittedOn;
    case 'SubsidyClaimVerified':
      return event.data.verifiedOn;
    case 'SubsidyClaimApproved':
      return event.data.approvedOn;
    case 'SubsidyClaimRejected':
      return event.data.rejectedOn;
    case 'SubsidyClaimPaid':
      return event.data.paidOn;
    case 'SubsidyClaimClawedBack':
      return event.data.on;
  }
};

/** The step's own evidence (stamp, amount, reason, reference); the submission's roster is in the document. */
const detailOf = (event: SubsidyClaimsProjectionEvent): Record<string, unknown> => {
  if (event.type === 'SubsidyClaimSubmitted') return { claimant: event.data.claimant, total: event.data.total };
  const { claimId: _claimId, ...detail } = event.data;
  return detail;
};

/** `subsidy_claims`: one document per claim, listed by county and status. */
export const subsidyClaimsProjection: Projection<SubsidyClaimsProjectionEvent> = {
  name: 'subsidy_claims',
  version: 1,
  collections: ['claims'],
  indexes: { claims: [['countyCode', 'status'], ['status'], ['claimant.id'], ['classId']] },
  eventTypes: SUBSIDY_CLAIM_EVENT_TYPES,
  reads: (event) => [{ collection: 'claims', id: event.data.claimId }],
  apply: (event, documents) => {
    const id = event.data.claimId;
    const { actor } = event.metadata;
    const step: SubsidyClaimStep = {
      type: event.type,
      on: dayOf(event),
      actor: { sub: actor.sub, role: actor.role },
      recordedAt: event.recordedAt,
      position: event.position.toString(),
      detail: detailOf(event),
    };
    const current = documents.get<SubsidyClaimDocument>('claims', id);
    const set: Partial<SubsidyClaimDocument> = { status: STATUS_AFTER[event.type], steps: [...(current?.steps ?? []), step] };
    if (event.type === 'SubsidyClaimSubmitted') {
      const d = event.data;
      Object.assign(set, {
        claimId: d.claimId, classId: d.classId, claimant: d.claimant, countyCode: d.countyCode, submittedOn: d.submittedOn,
        trainees: d.trainees, claimedTotal: d.total, approvedAmount: null, paidAmount: null, recordedAt: event.recordedAt,
      });
    }
    if (event.type === 'SubsidyClaimApproved') set.approvedAmount = event.data.amount;
    if (event.type === 'SubsidyClaimPaid') set.paidAmount = event.data.amount;
    return [{ type: 'patch', collection: 'claims', id, set }];
  },
};
