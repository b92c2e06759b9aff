import { accept, reject, type Decider, type DomainEvent } from '../shared/decision.js';
import type { Claimant } from '../subsidy-claims/subsidy-claim.js';

/**
 * Stream `subsidy_class-<classId>`: a class is claimed once, by the enterprise or by the provider,
 * never both. A rejected claim releases it so a corrected claim can be made.
 */

export type ClassClaimed = DomainEvent<'ClassClaimed', { claimId: string; claimant: Claimant }>;
export type ClassClaimReleased = DomainEvent<'ClassClaimReleased', { claimId: string }>;
export type ClassClaimEvent = ClassClaimed | ClassClaimReleased;

export type ClaimClass = { type: 'ClaimClass'; data: { claimId: string; claimant: Claimant } };
export type ReleaseClassClaim = { type: 'ReleaseClassClaim'; data: { claimId: string } };
export type ClassClaimCommand = ClaimClass | ReleaseClassClaim;

export interface ClassClaimState {
  heldBy: { claimId: string; claimant: Claimant } | null;
}

export const classClaimDecider: Decider<ClassClaimState, ClassClaimCommand, ClassClaimEvent> = {
  initialState: () => ({ heldBy: null }),
  evolve: (_state, event) => ({ heldBy: event.type === 'ClassClaimed' ? event.data : null }),
  decide: (command, state) => {
    const held = state.heldBy;
    if (command.type === 'ReleaseClassClaim') {
      return held?.claimId === command.data.claimId ? accept([{ type: 'ClassClaimReleased', data: command.data }]) : accept([]);
    }
    if (held?.claimId === command.data.claimId) return accept([]);
    if (held && held.claimant.kind !== command.data.claimant.kind) {
      return reject('claimed_by_other_claimant', `this class is already claimed by the ${held.claimant.kind}`);
    }
    if (held) return reject('class_already_claimed', 'this class is already claimed', { kind: 'conflict' });
    return accept([{ type: 'ClassClaimed', data: command.data }]);
  },
};
