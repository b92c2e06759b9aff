import { evolveSubsidyClaim, initialSubsidyClaimState, type SubsidyClaimEvent, type SubsidyClaimState } from '#libs/domain';
import type { AggregateType } from '../commands/event-writer.js';

export const subsidyClaimAggregate: AggregateType<SubsidyClaimState, SubsidyClaimEvent> = {
  category: 'subsidy_claim',
  label: 'Subsidy claim',
  initialState: initialSubsidyClaimState,
  evolve: evolveSubsidyClaim,
};
