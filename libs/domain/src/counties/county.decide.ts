import type { ReferenceData } from '../reference/reference-data.js';
import { isKnownCounty } from '../reference/reference-lookups.js';
import { checkDays } from '../shared/check-days.js';
import { accept, type Decider } from '../shared/decision.js';
import { unknownCounty } from '../shared/rejections.js';
import { evolveCounty, initialCountyState, type CountyEvent, type CountyState } from './county.js';

export type SubmitImplementationPlan = { type: 'SubmitImplementationPlan'; data: { countyCode: string; submittedOn: string } };
export type SubmitSummary = { type: 'SubmitSummary'; data: { countyCode: string; submittedOn: string } };
export type CountyCommand = SubmitImplementationPlan | SubmitSummary;

export const countyDecider = (ref: ReferenceData): Decider<CountyState, CountyCommand, CountyEvent> => ({
  initialState: initialCountyState,
  evolve: evolveCounty,
  decide: ({ type, data }) => {
    const badDay = checkDays({ submittedOn: data.submittedOn });
    if (badDay) return badDay;
    if (!isKnownCounty(ref, data.countyCode, data.submittedOn)) return unknownCounty();
    return accept([{ type: type === 'SubmitImplementationPlan' ? 'ImplementationPlanSubmitted' : 'SummarySubmitted', data }]);
  },
});
