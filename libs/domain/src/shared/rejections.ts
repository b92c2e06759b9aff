import type { Day } from './day.js';
import { reject } from './decision.js';

/** Rejections that several aggregates share, so their codes and kinds stay the same everywhere. */

export const notFound = (what: string) =>
  reject(`${what}_not_found`, `no ${what.replace(/_/g, ' ')} with that id`, { kind: 'not_found' });

export const alreadyExists = (what: string) =>
  reject(`${what}_already_exists`, `a ${what.replace(/_/g, ' ')} with that id already exists`, { kind: 'conflict' });

export const invalidTransition = (message: string) => reject('invalid_transition', message);

export const invalidDay = (path: string) =>
  reject('invalid_day', `${path} must be a real calendar day as YYYY-MM-DD`, { kind: 'invalid', path });

export const invalidInput = (code: string, message: string, path?: string) =>
  reject(code, message, { kind: 'invalid', ...(path ? { path } : {}) });

/** The day lies outside every version of a reference table (e.g. before the rules began). */
export const noRulesInForce = (table: string, day: Day) =>
  reject('no_rules_in_force', `no ${table} reference data is in force on ${day}`);

export const unknownCounty = (path = 'countyCode') =>
  reject('unknown_county', 'the county code is not one of the city\'s units', { kind: 'not_found', path });
