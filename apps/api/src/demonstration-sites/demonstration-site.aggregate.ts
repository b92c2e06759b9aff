import {
  evolveDemonstrationSite,
  initialDemonstrationSiteState,
  type DemonstrationSiteEvent,
  type DemonstrationSiteState,
} from '#libs/domain';
import type { AggregateType } from '../commands/event-writer.js';

export const demonstrationSiteAggregate: AggregateType<DemonstrationSiteState, DemonstrationSiteEvent> = {
  category: 'demonstration_site',
  label: 'Demonstration site',
  initialState: initialDemonstrationSiteState,
  evolve: evolveDemonstrationSite,
};
