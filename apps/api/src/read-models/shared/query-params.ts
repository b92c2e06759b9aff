import { isValidDay, type Day } from '#libs/domain';
import { invalidInput } from '#libs/runtime';

/** Query parameters are strings (or arrays when repeated): each reader answers 400 naming the bad one. */
type Query = Record<string, unknown>;

const single = (query: Query, name: string): string | undefined => {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw invalidInput([{ path: name, message: `${name} must be given once` }]);
  return value;
};

export function dayParam(query: Query, name: string): Day | undefined {
  const value = single(query, name);
  if (value !== undefined && !isValidDay(value)) throw invalidInput([{ path: name, message: `${name} must be a real calendar day as YYYY-MM-DD` }]);
  return value;
}

/** An ISO 8601 instant with zone, or a day (meaning the end of that day, China time); as a UTC ISO string. */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * An ISO 8601 instant with zone whose every field is real: `Date` would roll 2021-02-30 over to March
 * 2 and 24:00 to the next day, answering for a moment nobody asked about.
 */
export function isValidInstant(value: string): boolean {
  const match = INSTANT.exec(value);
  if (!match) return false;
  const [, day, hours, minutes, seconds = '00', offsetHours = '00', offsetMinutes = '00'] = match;
  return isValidDay(day) && Number(hours) < 24 && Number(minutes) < 60 && Number(seconds) < 60 && Number(offsetHours) <= 14 && Number(offsetMinutes) < 60;
}

export function instantParam(query: Query, name: string): string | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  if (isValidDay(value)) return new Date(`${value}T23:59:59.999+08:00`).toISOString();
  const instant = isValidInstant(value) ? new Date(value) : null;
  if (!instant || Number.isNaN(instant.getTime())) throw invalidInput([{ path: name, message: `${name} must be an ISO 8601 instant with zone, or a day` }]);
  return instant.toISOString();
}

export function oneOfParam<T extends string>(query: Query, name: string, allowed: readonly T[]): T | undefined {
  const value = single(query, name);
  if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
    throw invalidInput([{ path: name, message: `${name} must be one of ${allowed.join(', ')}` }]);
  }
  return value as T | undefined;
}

export function patternParam(query: Query, name: string, pattern: RegExp): string | undefined {
  const value = single(query, name);
  if (value !== undefined && !pattern.test(value)) throw invalidInput([{ path: name, message: `${name} is not valid` }]);
  return value;
}

export function integerParam(query: Query, name: string, min: number, max: number): number | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  const number = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(number >= min && number <= max)) throw invalidInput([{ path: name, message: `${name} must be an integer from ${min} to ${max}` }]);
  return number;
}
