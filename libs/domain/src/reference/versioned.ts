import type { Day } from '../shared/day.js';

/** When a version of a reference table is in force (both days inclusive) and where its figures come from. */
export interface VersionInfo {
  effectiveFrom: Day;
  effectiveUntil?: Day;
  source: string;
}

export type Version<T> = T & VersionInfo;

/** A reference table with dated versions, answering "which figures were in force on that day?". */
export interface Versioned<T> {
  readonly kind: string;
  readonly versions: ReadonlyArray<Version<T>>;
  /** The version in force on `day`, or undefined when none is. */
  find(day: Day): Version<T> | undefined;
  /** The version in force on `day`; throws when none is (for callers that know the day is covered). */
  on(day: Day): Version<T>;
}

export const versioned = <T>(kind: string, versions: ReadonlyArray<Version<T>>): Versioned<T> => {
  const find = (day: Day) =>
    versions.find((v) => v.effectiveFrom <= day && (v.effectiveUntil === undefined || day <= v.effectiveUntil));
  return {
    kind,
    versions,
    find,
    on(day) {
      const version = find(day);
      if (!version) throw new RangeError(`no version of the ${kind} reference data is in force on ${day}`);
      return version;
    },
  };
};
