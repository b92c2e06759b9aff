import type { ReferenceData } from './reference-data.js';
import { ReferenceDataError, ReferenceReader } from './reference-reader.js';
import { REFERENCE_TABLES } from './reference-tables.js';
import { versioned, type Version, type Versioned } from './versioned.js';

const readVersions = <T>(readFile: (file: string) => string, file: string, read: (r: ReferenceReader, body: Record<string, unknown>, path: string) => T) => {
  const r = new ReferenceReader(file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFile(file));
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

/** The file names of the reference tables (`reference/…`), each read once by `parseReferenceData`. */
export const REFERENCE_FILES: readonly string[] = Object.values(REFERENCE_TABLES).map(({ file }) => file);

/**
 * Validates every reference table, given the text of each file by name (the domain reads no files:
 * `loadReferenceData` in libs/runtime reads them from `reference/`). Throws a ReferenceDataError
 * listing every problem (file and field) so a broken file stops start-up instead of producing wrong
 * decisions later; a `readFile` that throws is reported as the file that cannot be read.
 */
export const parseReferenceData = (readFile: (file: string) => string): ReferenceData => {
  const problems: string[] = [];
  const tables = Object.fromEntries(
    Object.entries(REFERENCE_TABLES).map(([name, { file, read }]) => {
      const { r, versions } = readVersions(readFile, file, read as never);
      problems.push(...r.problems);
      return [name, versioned(name, versions)] as [string, Versioned<unknown>];
    }),
  );
  if (problems.length > 0) throw new ReferenceDataError(problems);
  return tables as unknown as ReferenceData;
};
