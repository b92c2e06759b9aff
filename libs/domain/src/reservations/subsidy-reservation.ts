import { accept, reject, type Decider, type DomainEvent } from '../shared/decision.js';

/**
 * Stream `subsidy_reservation-<personId>_<subsidyCode>`: a person and certificate code are
 * subsidised once only. Released when the claim is rejected (nobody was paid); kept after a
 * clawback, so a fraudulent claim cannot be followed by a fresh one for the same person and code.
 */

export type SubsidyReserved = DomainEvent<'SubsidyReserved', { claimId: string }>;
export type SubsidyReservationReleased = DomainEvent<'SubsidyReservationReleased', { claimId: string; reason: 'claim_rejected' }>;
export type SubsidyReservationEvent = SubsidyReserved | SubsidyReservationReleased;

export type ReserveSubsidy = { type: 'ReserveSubsidy'; data: { claimId: string } };
export type ReleaseSubsidyReservation = { type: 'ReleaseSubsidyReservation'; data: { claimId: string; reason: 'claim_rejected' } };
export type SubsidyReservationCommand = ReserveSubsidy | ReleaseSubsidyReservation;

export interface SubsidyReservationState {
  heldBy: string | null;
}

export const subsidyReservationDecider: Decider<SubsidyReservationState, SubsidyReservationCommand, SubsidyReservationEvent> = {
  initialState: () => ({ heldBy: null }),
  evolve: (_state, event) => ({ heldBy: event.type === 'SubsidyReserved' ? event.data.claimId : null }),
  decide: (command, state) => {
    const { claimId } = command.data;
    if (command.type === 'ReserveSubsidy') {
      if (state.heldBy === claimId) return accept([]);
      if (state.heldBy !== null) return reject('already_subsidised', 'the person was already subsidised for this certificate code');
      return accept([{ type: 'SubsidyReserved', data: command.data }]);
    }
    // Releasing what this claim does not hold changes nothing (retries are safe).
    return state.heldBy === claimId ? accept([{ type: 'SubsidyReservationReleased', data: command.data }]) : accept([]);
  },
};
