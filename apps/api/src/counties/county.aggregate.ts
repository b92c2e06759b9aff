import { evolveCounty, initialCountyState, type CountyEvent, type CountyState } from '#libs/domain';
import type { AggregateType } from '../commands/event-writer.js';

export const countyAggregate: AggregateType<CountyState, CountyEvent> = {
  category: 'county',
  label: 'County',
  initialState: initialCountyState,
  evolve: evolveCounty,
};
