import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReferenceData, ReferenceDataError, type ReferenceData } from '#libs/domain';

const MARKER = 'special-operation-rules.json';

/** The repository's `reference/` folder, found by walking up from this file (works from src and from dist). */
export const findReferenceDir = (from: string = dirname(fileURLToPath(import.meta.url))): string => {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'reference');
    if (existsSync(join(candidate, MARKER))) return candidate;
    if (dirname(dir) === dir) throw new ReferenceDataError([`no reference/ folder holding ${MARKER} above ${from}`]);
  }
};

/**
 * Reads and validates every reference table under `dir`, once at start: the api and the projector
 * pass the result to what needs it (deciders, the compliance projection, queries); nothing holds it
 * in a module of its own.
 */
export const loadReferenceData = (dir: string = findReferenceDir()): ReferenceData => parseReferenceData((file) => readFileSync(join(dir, file), 'utf8'));
