import {
  classClaimDecider,
  subsidyReservationDecider,
  subsidyYearDecider,
  type Claimant,
  type ClassClaimCommand,
  type ClassClaimEvent,
  type ClassClaimState,
  type Decider,
  type DomainEvent,
  type ReferenceData,
  type SubsidyReservationCommand,
  type SubsidyReservationEvent,
  type SubsidyReservationState,
  type SubsidyYearCommand,
  type SubsidyYearEvent,
  type SubsidyYearState,
} from '#libs/domain';

/**
 * A reservation stream a subsidy claim holds, described once: its decider, the command that takes it
 * for a claim, the one that releases it, and which claims hold it now.
 */
export interface ReservationKind<S, C, E extends DomainEvent> {
  decider: Decider<S, C, E>;
  take: (claimId: string) => C;
  release: (claimId: string) => C;
  holders: (state: S) => string[];
}

/** `subsidy_class-<classId>`: the class, by one claimant kind. */
export const classClaimKind = (claimant: Claimant): ReservationKind<ClassClaimState, ClassClaimCommand, ClassClaimEvent> => ({
  decider: classClaimDecider,
  take: (claimId) => ({ type: 'ClaimClass', data: { claimId, claimant } }),
  release: (claimId) => ({ type: 'ReleaseClassClaim', data: { claimId } }),
  holders: (state) => (state.heldBy ? [state.heldBy.claimId] : []),
});

/** `subsidy_reservation-<personId>_<code>`: a person and certificate code, once. */
export const personCodeKind: ReservationKind<SubsidyReservationState, SubsidyReservationCommand, SubsidyReservationEvent> = {
  decider: subsidyReservationDecider,
  take: (claimId) => ({ type: 'ReserveSubsidy', data: { claimId } }),
  release: (claimId) => ({ type: 'ReleaseSubsidyReservation', data: { claimId, reason: 'claim_rejected' } }),
  holders: (state) => (state.heldBy ? [state.heldBy] : []),
};

/** `subsidy_year-<personId>_<year>`: a counter of the person's subsidised trainings that year. */
export const personYearKind = (reference: ReferenceData, year: number): ReservationKind<SubsidyYearState, SubsidyYearCommand, SubsidyYearEvent> => ({
  decider: subsidyYearDecider(reference),
  take: (claimId) => ({ type: 'TakeSubsidyYearSlot', data: { claimId, year } }),
  release: (claimId) => ({ type: 'ReleaseSubsidyYearSlot', data: { claimId } }),
  holders: (state) => state.claimIds,
});
