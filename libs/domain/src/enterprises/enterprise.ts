import type { DomainEvent } from '../shared/decision.js';
import type { Day } from '../shared/day.js';
import type { SectorCode } from '../reference/reference-data.js';

/** Stream `enterprise-<enterpriseId>`: a high-risk enterprise (高危企业) and its yearly training plans. */

export type EnterpriseRegistered = DomainEvent<'EnterpriseRegistered', {
  enterpriseId: string;
  name: string;
  /** 统一社会信用代码, upper case. */
  creditCode: string;
  sector: SectorCode;
  subsector?: string;
  countyCode: string;
  registeredOn: Day;
}>;

export type TrainingPlanSubmitted = DomainEvent<'TrainingPlanSubmitted', {
  enterpriseId: string;
  year: number;
  submittedOn: Day;
  summary?: string;
}>;

/** The enterprise's summary and long-term mechanism (总结和长效机制), milestone 2021-11-30 for every unit (各级各单位). */
export type EnterpriseSummarySubmitted = DomainEvent<'EnterpriseSummarySubmitted', {
  enterpriseId: string;
  submittedOn: Day;
}>;

export type EnterpriseEvent = EnterpriseRegistered | TrainingPlanSubmitted | EnterpriseSummarySubmitted;

export interface EnterpriseState {
  registered: EnterpriseRegistered['data'] | null;
  /** Every submission, revisions included; the milestone counts the first of a year. */
  trainingPlans: Array<{ year: number; submittedOn: Day }>;
}

export const initialEnterpriseState = (): EnterpriseState => ({ registered: null, trainingPlans: [] });

export const evolveEnterprise = (state: EnterpriseState, event: EnterpriseEvent): EnterpriseState => {
  switch (event.type) {
    case 'EnterpriseRegistered':
      return { ...state, registered: event.data };
    case 'TrainingPlanSubmitted':
      return { ...state, trainingPlans: [...state.trainingPlans, { year: event.data.year, submittedOn: event.data.submittedOn }] };
    case 'EnterpriseSummarySubmitted':
      return state;
  }
};
