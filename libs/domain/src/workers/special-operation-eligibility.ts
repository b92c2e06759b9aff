import { ageOn } from '../identity/resident-id.js';
import type { EducationLevel, ReferenceData } from '../reference/reference-data.js';
import { educationRank, requiredEducationFor } from '../reference/reference-lookups.js';
import type { Day } from '../shared/day.js';
import { reject } from '../shared/decision.js';
import { noRulesInForce } from '../shared/rejections.js';

export type Sex = 'male' | 'female';

const notEligible = (message: string) => reject('not_eligible', message);

/**
 * Age 18 up to retirement age (Order 30). Without `sex` the male retirement age is used: the
 * higher one, so the check never refuses someone it should not.
 */
export const checkSpecialOperationAge = (ref: ReferenceData, birthDate: Day, day: Day, sex?: Sex) => {
  const rules = ref.specialOperationRules.find(day);
  const ages = ref.workingAges.find(day);
  if (!rules) return noRulesInForce('special-operation rules', day);
  if (!ages) return noRulesInForce('working-age', day);
  const age = ageOn(birthDate, day);
  if (age < rules.eligibility.minimumAge) return notEligible(`special operations need an age of at least ${rules.eligibility.minimumAge}`);
  if (age >= ages.retirementAges[sex ?? 'male']) return notEligible('special operations end at retirement age');
  return undefined;
};

/** Junior middle school or above; senior high or equivalent for hazardous-chemical operations (category 9). */
export const checkSpecialOperationEducation = (ref: ReferenceData, level: EducationLevel | null, code: string, day: Day) => {
  const required = requiredEducationFor(ref, code, day);
  if (!required) return noRulesInForce('education-requirements', day);
  if (level === null) return notEligible(`the worker's education is not recorded; ${required} or above is required`);
  if (educationRank(ref, level, day) < educationRank(ref, required, day)) {
    return notEligible(`special operation ${code} requires ${required} education or above`);
  }
  return undefined;
};
