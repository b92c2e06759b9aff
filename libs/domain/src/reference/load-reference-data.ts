import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReferenceData } from './reference-data.js';
import { ReferenceDataError, ReferenceReader } from './reference-reader.js';
import { REFERENCE_TABLES } from './reference-tables.js';
import { versioned, type Version, type Versioned } from './versioned.js';

const MARKER = 'special-operation-rules.json';

/** The repository's `reference/` folder, found by walking up from this file (works from src and from dist). */
export const findReferenceDir = (from: string = dirname(fileURLToPath(import.meta.url))): string => {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'reference');
    if (existsSync(join(candidate, MARKER))) return candidate;
    if (dirname(dir) === dir) throw new ReferenceDataError([`no reference/ folder holding ${MARKER} above ${from}`]);
  }
};

const readVersions = <T>(dir: string, file: string, read: (r: ReferenceReader, body: Record<string, unknown>, path: string) => T) => {
  const r = new ReferenceReader(file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (error) {
    r.problem('(file)', error instanceof SyntaxError ? `is not valid JSON (${error.message})` : 'cannot be read');
    return { r, versions: [] as Version<T>[] };
  }
  const root = r.object(raw, '(root)');
  const versions = r.array(root.versions, 'versions', (value, path) => {
    const body = r.object(value, path);
    const effectiveFrom = r.day(body.effectiveFrom, `${path}.effectiveFrom`);
    const effectiveUntil = r.optional(body.effectiveUntil, (v) => r.day(v, `${path}.effectiveUntil`));
    if (effectiveUntil !== undefined && effectiveUntil < effectiveFrom) {
      r.problem(`${path}.effectiveUntil`, 'must not be before effectiveFrom');
    }
    const source = r.string(body.source, `${path}.source`);
    return { ...read(r, body, path), effectiveFrom, ...(effectiveUntil === undefined ? {} : { effectiveUntil }), source };
  }, { nonEmpty: true });
  // Versions in date order, none overlapping: a day must have at most one set of figures in force.
  versions.forEach((version, i) => {
    const previous = versions[i - 1];
    if (previous && (previous.effectiveUntil === undefined || previous.effectiveUntil >= version.effectiveFrom)) {
      r.problem(`versions[${i}].effectiveFrom`, `overlaps versions[${i - 1}] (or versions are not in date order)`);
    }
  });
  return { r, versions };
};

/**
 * Loads and validates every reference file. Throws a ReferenceDataError listing every problem
 * (file and field) so a broken file stops start-up instead of producing wrong decisions later.
 */
export const loadReferenceData = (dir: string = findReferenceDir()): ReferenceData => {
  const problems: string[] = [];
  const tables = Object.fromEntries(
    Object.entries(REFERENCE_TABLES).map(([name, { file, read }]) => {
      const { r, versions } = readVersions(dir, file, read as never);
      problems.push(...r.problems);
      return [name, versioned(name, versions)] as [string, Versioned<unknown>];
    }),
  );
  if (problems.length > 0) throw new ReferenceDataError(problems);
  return tables as unknown as ReferenceData;
};
