/**
 * Calendar days as `YYYY-MM-DD` strings. Rules speak in days (exam date, issue date, deadline),
 * never instants, so there is no time zone here: the arithmetic is on the proleptic Gregorian calendar.
 */
export type Day = string;

const DAY_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const parts = (day: Day): [number, number, number] => {
  const match = DAY_SHAPE.exec(day);
  if (!match) throw new RangeError(`not a day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
};

const format = (year: number, month: number, date: number): Day =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;

/** A real calendar date in `YYYY-MM-DD` form (rejects 2023-02-29, 2024-13-01, 2024-1-1). */
export const isValidDay = (value: unknown): value is Day => {
  if (typeof value !== 'string') return false;
  const match = DAY_SHAPE.exec(value);
  if (!match) return false;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && date >= 1 && date <= daysInMonth(year, month);
};

// Date.UTC is used only as a day counter: no local time zone is involved.
const toEpochDay = (day: Day): number => {
  const [year, month, date] = parts(day);
  return Date.UTC(year, month - 1, date) / 86_400_000;
};

const fromEpochDay = (epochDay: number): Day => {
  const date = new Date(epochDay * 86_400_000);
  return format(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
};

export const addDays = (day: Day, days: number): Day => fromEpochDay(toEpochDay(day) + days);

/** Adds calendar months; the 31st becomes the last day of a shorter month (2024-01-31 + 1 month = 2024-02-29). */
export const addMonths = (day: Day, months: number): Day => {
  const [year, month, date] = parts(day);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = (index % 12) + 1;
  return format(newYear, newMonth, Math.min(date, daysInMonth(newYear, newMonth)));
};

/** Adds calendar years; 29 February becomes 28 February in a common year. */
export const addYears = (day: Day, years: number): Day => addMonths(day, years * 12);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: Day, to: Day): number => toEpochDay(to) - toEpochDay(from);

export const yearOf = (day: Day): number => parts(day)[0];

/** ISO days compare correctly as strings; these read better in rules. */
export const isBefore = (a: Day, b: Day): boolean => a < b;
export const isAfter = (a: Day, b: Day): boolean => a > b;
export const isOnOrBefore = (a: Day, b: Day): boolean => a <= b;
export const isOnOrAfter = (a: Day, b: Day): boolean => a >= b;
