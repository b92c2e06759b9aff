import type { ReferenceData } from '../reference/reference-data.js';
import { accept, reject, type Decider, type DomainEvent } from '../shared/decision.js';
import { noRulesInForce } from '../shared/rejections.js';

/**
 * Stream `subsidy_year-<personId>_<year>`: a counter of the person's subsidised trainings in a
 * calendar year. Not a "no stream" reservation: the application appends with the revision it read,
 * so two claims racing for the last slot conflict and one re-decides. A rejected claim frees its slot.
 */

export type SubsidyYearSlotTaken = DomainEvent<'SubsidyYearSlotTaken', { claimId: string }>;
export type SubsidyYearSlotReleased = DomainEvent<'SubsidyYearSlotReleased', { claimId: string }>;
export type SubsidyYearEvent = SubsidyYearSlotTaken | SubsidyYearSlotReleased;

export type TakeSubsidyYearSlot = { type: 'TakeSubsidyYearSlot'; data: { claimId: string; year: number } };
export type ReleaseSubsidyYearSlot = { type: 'ReleaseSubsidyYearSlot'; data: { claimId: string } };
export type SubsidyYearCommand = TakeSubsidyYearSlot | ReleaseSubsidyYearSlot;

export interface SubsidyYearState {
  claimIds: string[];
}

export const subsidyYearDecider = (ref: ReferenceData): Decider<SubsidyYearState, SubsidyYearCommand, SubsidyYearEvent> => ({
  initialState: () => ({ claimIds: [] }),
  evolve: (state, event) => ({
    claimIds: event.type === 'SubsidyYearSlotTaken' ? [...state.claimIds, event.data.claimId] : state.claimIds.filter((id) => id !== event.data.claimId),
  }),
  decide: (command, state) => {
    const { claimId } = command.data;
    if (command.type === 'ReleaseSubsidyYearSlot') {
      return state.claimIds.includes(claimId) ? accept([{ type: 'SubsidyYearSlotReleased', data: { claimId } }]) : accept([]);
    }
    if (state.claimIds.includes(claimId)) return accept([]);
    const endOfYear = `${command.data.year}-12-31`;
    const limits = ref.subsidyLimits.find(endOfYear);
    if (!limits) return noRulesInForce('subsidy-limits', endOfYear);
    if (state.claimIds.length >= limits.maxPerPersonPerYear) {
      return reject('yearly_limit_reached', `at most ${limits.maxPerPersonPerYear} subsidised trainings per person and calendar year`);
    }
    return accept([{ type: 'SubsidyYearSlotTaken', data: { claimId } }]);
  },
});
