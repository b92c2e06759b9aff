import { evolveEnterprise, initialEnterpriseState, type EnterpriseEvent, type EnterpriseState } from '#libs/domain';
import type { AggregateType } from '../commands/event-writer.js';

export const enterpriseAggregate: AggregateType<EnterpriseState, EnterpriseEvent> = {
  category: 'enterprise',
  label: 'Enterprise',
  initialState: initialEnterpriseState,
  evolve: evolveEnterprise,
};
