import { checkCreditCode } from '../identity/credit-code.js';
import { findSector, isKnownCounty } from '../reference/reference-lookups.js';
import type { ReferenceData } from '../reference/reference-data.js';
import { accept, type Decider, type Decision } from '../shared/decision.js';
import { checkDays } from '../shared/check-days.js';
import { yearOf } from '../shared/day.js';
import { alreadyExists, invalidInput, notFound, unknownCounty } from '../shared/rejections.js';
import { evolveEnterprise, initialEnterpriseState, type EnterpriseEvent, type EnterpriseRegistered, type EnterpriseState } from './enterprise.js';

export type RegisterEnterprise = {
  type: 'RegisterEnterprise';
  data: Omit<EnterpriseRegistered['data'], 'sector'> & { sector: string };
};

export type SubmitTrainingPlan = {
  type: 'SubmitTrainingPlan';
  data: { enterpriseId: string; year: number; submittedOn: string; summary?: string };
};

export type SubmitEnterpriseSummary = {
  type: 'SubmitEnterpriseSummary';
  data: { enterpriseId: string; submittedOn: string };
};

export type EnterpriseCommand = RegisterEnterprise | SubmitTrainingPlan | SubmitEnterpriseSummary;

const register = (ref: ReferenceData, { data }: RegisterEnterprise, state: EnterpriseState): Decision<EnterpriseEvent> => {
  if (state.registered) return alreadyExists('enterprise');
  const badDay = checkDays({ registeredOn: data.registeredOn });
  if (badDay) return badDay;
  const creditCode = checkCreditCode(data.creditCode);
  if (!creditCode.ok) return invalidInput(creditCode.code, creditCode.message, 'creditCode');
  const sector = findSector(ref, data.sector, data.registeredOn);
  if (!sector) return invalidInput('unknown_sector', 'the sector is not one of the high-risk sectors', 'sector');
  if (data.subsector !== undefined && !sector.subsectors.some((s) => s.code === data.subsector)) {
    return invalidInput('unknown_subsector', 'the subsector does not belong to the sector', 'subsector');
  }
  if (!isKnownCounty(ref, data.countyCode, data.registeredOn)) return unknownCounty();
  return accept([{ type: 'EnterpriseRegistered', data: { ...data, sector: sector.code, creditCode: data.creditCode.trim().toUpperCase() } }]);
};

const submitTrainingPlan = ({ data }: SubmitTrainingPlan, state: EnterpriseState): Decision<EnterpriseEvent> => {
  if (!state.registered) return notFound('enterprise');
  const badDay = checkDays({ submittedOn: data.submittedOn });
  if (badDay) return badDay;
  // A plan is for the current or the coming year; anything else is a typing mistake.
  if (!Number.isInteger(data.year) || Math.abs(data.year - yearOf(data.submittedOn)) > 1) {
    return invalidInput('invalid_plan_year', 'the plan year must be the year of submission or the one before or after it', 'year');
  }
  return accept([{ type: 'TrainingPlanSubmitted', data }]);
};

/** A summary (总结), backfilled from paper too; a later one is recorded as well, the milestone counts the first. */
const submitSummary = ({ data }: SubmitEnterpriseSummary, state: EnterpriseState): Decision<EnterpriseEvent> => {
  if (!state.registered) return notFound('enterprise');
  const badDay = checkDays({ submittedOn: data.submittedOn });
  if (badDay) return badDay;
  return accept([{ type: 'EnterpriseSummarySubmitted', data }]);
};

export const enterpriseDecider = (ref: ReferenceData): Decider<EnterpriseState, EnterpriseCommand, EnterpriseEvent> => ({
  initialState: initialEnterpriseState,
  evolve: evolveEnterprise,
  decide: (command, state) => {
    switch (command.type) {
      case 'RegisterEnterprise':
        return register(ref, command, state);
      case 'SubmitTrainingPlan':
        return submitTrainingPlan(command, state);
      case 'SubmitEnterpriseSummary':
        return submitSummary(command, state);
    }
  },
});
