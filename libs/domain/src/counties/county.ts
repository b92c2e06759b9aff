import type { DomainEvent } from '../shared/decision.js';
import type { Day } from '../shared/day.js';

/** Stream `county-<countyCode>`: a county-level unit's implementation plan and summary (milestone evidence). */

export type ImplementationPlanSubmitted = DomainEvent<'ImplementationPlanSubmitted', { countyCode: string; submittedOn: Day }>;
export type SummarySubmitted = DomainEvent<'SummarySubmitted', { countyCode: string; submittedOn: Day }>;
export type CountyEvent = ImplementationPlanSubmitted | SummarySubmitted;

export interface CountyState {
  /** First submissions count for the milestones; later ones are revisions. */
  implementationPlanSubmittedOn: Day | null;
  summarySubmittedOn: Day | null;
}

export const initialCountyState = (): CountyState => ({ implementationPlanSubmittedOn: null, summarySubmittedOn: null });

export const evolveCounty = (state: CountyState, event: CountyEvent): CountyState =>
  event.type === 'ImplementationPlanSubmitted'
    ? { ...state, implementationPlanSubmittedOn: state.implementationPlanSubmittedOn ?? event.data.submittedOn }
    : { ...state, summarySubmittedOn: state.summarySubmittedOn ?? event.data.submittedOn };
