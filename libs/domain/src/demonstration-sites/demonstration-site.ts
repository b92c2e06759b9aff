import type { DomainEvent } from '../shared/decision.js';
import type { Day } from '../shared/day.js';
import type { SectorCode } from '../reference/reference-data.js';

/** Stream `demonstration_site-<siteId>`: a demonstration training base (实训基地) or vocational school (示范职业院校). */

export const DEMONSTRATION_SITE_KINDS = ['training_base', 'vocational_school'] as const;
export type DemonstrationSiteKind = (typeof DEMONSTRATION_SITE_KINDS)[number];

export type DemonstrationSiteEstablished = DomainEvent<'DemonstrationSiteEstablished', {
  siteId: string;
  kind: DemonstrationSiteKind;
  countyCode: string;
  sector?: SectorCode;
  name: string;
  establishedOn: Day;
  /** A training base that also holds special-operation practical exams (实操考试示范基地, target 二.2). */
  practicalExams?: true;
}>;

export type DemonstrationSiteEvent = DemonstrationSiteEstablished;

export interface DemonstrationSiteState {
  established: DemonstrationSiteEstablished['data'] | null;
}

export const initialDemonstrationSiteState = (): DemonstrationSiteState => ({ established: null });

export const evolveDemonstrationSite = (_state: DemonstrationSiteState, event: DemonstrationSiteEvent): DemonstrationSiteState => ({
  established: event.data,
});
