import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReferenceData } from '../reference/parse-reference-data.js';
import type { ReferenceData } from '../reference/reference-data.js';

/** The repository's `reference/` folder, for the domain's specs (the application's loader is libs/runtime's). */
export const REFERENCE_DIR = fileURLToPath(new URL('../../../../reference', import.meta.url));

/** The reference tables of `dir` (the repository's by default), for specs. */
export const loadReferenceData = (dir: string = REFERENCE_DIR): ReferenceData => parseReferenceData((file) => readFileSync(join(dir, file), 'utf8'));
