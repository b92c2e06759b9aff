import type { Day } from '../shared/day.js';
import type { EducationLevel, ReferenceData } from './reference-data.js';

/** Lookups the rules share, each answering for the version in force on the given day. */

export const isKnownCounty = (ref: ReferenceData, countyCode: string, day: Day): boolean =>
  ref.units.find(day)?.units.some((unit) => unit.code === countyCode) ?? false;

export const findSector = (ref: ReferenceData, sector: string, day: Day) =>
  ref.sectors.find(day)?.sectors.find((s) => s.code === sector);

export const findSpecialOperation = (ref: ReferenceData, code: string, day: Day) =>
  ref.specialOperationCatalogue
    .find(day)
    ?.categories.flatMap((category) => category.operations)
    .find((operation) => operation.code === code);

/** The catalogue category of a code: `9.3` → `9`. */
export const specialOperationCategory = (code: string): string => code.split('.')[0]!;

export const educationRank = (ref: ReferenceData, level: EducationLevel, day: Day): number =>
  ref.educationRequirements.find(day)?.levels.find((l) => l.code === level)?.rank ?? 0;

/** The education a special operation requires (senior high for hazardous chemicals, junior middle otherwise). */
export const requiredEducationFor = (ref: ReferenceData, code: string, day: Day): EducationLevel | undefined => {
  const requirements = ref.educationRequirements.find(day)?.specialOperation;
  return requirements && (requirements.byCategory[specialOperationCategory(code)] ?? requirements.minimum);
};
