import { isValidDay, type Day } from '../shared/day.js';

/** Thrown at start-up when a reference file is missing or wrong; each problem names the file and the field. */
export class ReferenceDataError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid reference data:\n  ${problems.join('\n  ')}`);
    this.name = 'ReferenceDataError';
  }
}

type Json = Record<string, unknown>;

/**
 * Reads untyped JSON into typed values, recording a problem (`file: path: what is wrong`) instead
 * of stopping at the first one, so one start-up shows everything to fix.
 */
export class ReferenceReader {
  readonly problems: string[] = [];

  constructor(private readonly file: string) {}

  problem(path: string, message: string): void {
    this.problems.push(`${this.file}: ${path}: ${message}`);
  }

  object(value: unknown, path: string): Json {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
    this.problem(path, 'must be an object');
    return {};
  }

  string(value: unknown, path: string): string {
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.problem(path, 'must be a non-empty string');
    return '';
  }

  number(value: unknown, path: string, range: { min?: number; max?: number } = {}): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.problem(path, 'must be a number');
      return 0;
    }
    if (range.min !== undefined && value < range.min) this.problem(path, `must be at least ${range.min}`);
    if (range.max !== undefined && value > range.max) this.problem(path, `must be at most ${range.max}`);
    return value;
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value === 'boolean') return value;
    this.problem(path, 'must be true or false');
    return false;
  }

  day(value: unknown, path: string): Day {
    if (isValidDay(value)) return value;
    this.problem(path, 'must be a real calendar day as YYYY-MM-DD');
    return '0001-01-01';
  }

  oneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T {
    if (typeof value === 'string' && (options as readonly string[]).includes(value)) return value as T;
    this.problem(path, `must be one of ${options.join(', ')}`);
    return options[0]!;
  }

  array<T>(value: unknown, path: string, item: (value: unknown, path: string) => T, options: { nonEmpty?: boolean } = {}): T[] {
    if (!Array.isArray(value)) {
      this.problem(path, 'must be an array');
      return [];
    }
    if (options.nonEmpty && value.length === 0) this.problem(path, 'must not be empty');
    return value.map((element, i) => item(element, `${path}[${i}]`));
  }

  optional<T>(value: unknown, read: (value: unknown) => T): T | undefined {
    return value === undefined ? undefined : read(value);
  }

  /** Codes inside one list must be unique (a duplicate would make lookups ambiguous). */
  unique(values: string[], path: string): void {
    const seen = new Set<string>();
    for (const value of values) {
      if (seen.has(value)) this.problem(path, `duplicate code ${value}`);
      seen.add(value);
    }
  }
}
