import { addDays, addMonths, addYears, daysBetween, isValidDay, yearOf } from './day.js';

describe('calendar days', () => {
  it('accepts only real dates in YYYY-MM-DD form', () => {
    expect(isValidDay('2024-02-29')).toBe(true);
    expect(isValidDay('2000-02-29')).toBe(true);
    expect(isValidDay('2023-02-29')).toBe(false);
    expect(isValidDay('1900-02-29')).toBe(false);
    expect(isValidDay('2024-04-31')).toBe(false);
    expect(isValidDay('2024-13-01')).toBe(false);
    expect(isValidDay('2024-1-1')).toBe(false);
    expect(isValidDay('2024-01-01T00:00:00Z')).toBe(false);
    expect(isValidDay(20240101)).toBe(false);
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-01-15', -60)).toBe('2025-11-16');
  });

  it('adds months and years, clamping to the end of shorter months', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-11-30', 3)).toBe('2025-02-28');
    expect(addMonths('2024-03-15', -12)).toBe('2023-03-15');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2020-01-15', 6)).toBe('2026-01-15');
  });

  it('counts days between and reads the year', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2024-12-31')).toBe(-1);
    expect(yearOf('2021-12-31')).toBe(2021);
  });

  it('refuses to compute on something that is not a day', () => {
    expect(() => addDays('not a day', 1)).toThrow(RangeError);
  });
});
