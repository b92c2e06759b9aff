import { givenEvents, recorded } from '../read-models/testing/given-events.js';
import { subsidyClaimsProjection } from './subsidy-claims.projection.js';

describe('subsidy claims projection', () => {
  it('given submission, verification, approval and payment, then the state, amounts and each step with its actor and day', () => {
    const trainee = { workerId: 'w1', enterpriseId: 'e1', certificateId: 'k1', certificateType: 'special_operation', subsidyCode: 'w1:1.2', subsidyYear: 2021, laborContract: { fileName: 'c.pdf', sha256: 'ab' }, amount: 900 };
    const docs = givenEvents(subsidyClaimsProjection, [
      recorded('subsidy_claim-s1', 'SubsidyClaimSubmitted', { claimId: 's1', classId: 'c1', claimant: { kind: 'enterprise', id: 'e1' }, submittedOn: '2021-05-01', countyCode: '430903', trainees: [trainee], total: 900 }, { actor: { sub: 'ea', role: 'enterprise_admin' } }),
      recorded('subsidy_claim-s1', 'SubsidyClaimVerified', { claimId: 's1', verifiedOn: '2021-05-10', stampRef: 'S-1' }, { actor: { sub: 'em', role: 'em_officer' } }),
      recorded('subsidy_claim-s1', 'SubsidyClaimApproved', { claimId: 's1', approvedOn: '2021-05-20', amount: 900 }, { actor: { sub: 'hr', role: 'hrss_officer' } }),
      recorded('subsidy_claim-s1', 'SubsidyClaimPaid', { claimId: 's1', paidOn: '2021-06-01', amount: 900, reference: 'P-1' }, { actor: { sub: 'hr', role: 'hrss_officer' } }),
    ]);
    const claim = docs.get('claims')!.get('s1')!;
    expect(claim).toMatchObject({ status: 'paid', countyCode: '430903', classId: 'c1', claimedTotal: 900, approvedAmount: 900, paidAmount: 900, trainees: [trainee] });
    expect((claim.steps as { type: string; on: string; actor: { sub: string } }[]).map((s) => [s.type, s.on, s.actor.sub])).toEqual([
      ['SubsidyClaimSubmitted', '2021-05-01', 'ea'],
      ['SubsidyClaimVerified', '2021-05-10', 'em'],
      ['SubsidyClaimApproved', '2021-05-20', 'hr'],
      ['SubsidyClaimPaid', '2021-06-01', 'hr'],
    ]);
    expect((claim.steps as { detail: object }[])[1]!.detail).toEqual({ verifiedOn: '2021-05-10', stampRef: 'S-1' });
  });
});
