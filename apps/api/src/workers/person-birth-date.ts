import type { Day } from '#libs/domain';
import { ProblemError } from '#libs/runtime';
import type { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import type { WorkerRecord } from './worker.aggregate.js';

/**
 * The birth date the age rules need, opened from the sealed personal data. An erased person
 * (key deleted) can no longer be examined or posted: nothing left to check the rules against.
 */
export async function birthDateOf(vault: PersonalDataVault, worker: WorkerRecord): Promise<Day> {
  const personal = worker.personal ? await vault.open(worker.personal) : null;
  if (!personal) throw new ProblemError(422, 'person_erased', "The person's personal data has been erased; the rules that need it cannot be checked.");
  return personal.birthDate;
}
