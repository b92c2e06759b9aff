import type { EventWriter } from '../commands/event-writer.js';
import type { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { personIdReservation } from './person-id-reservation.js';

export interface IdNumberOwner {
  personId: string;
  /** Found only in a `person_id-<hash>` stream of a log written before the index moved to the key store. */
  legacy: boolean;
}

/**
 * Whose ID number this is (its keyed hash): the key store's index first, where every enrolment now
 * records it and an erasure deletes it (decision 0016); then, for logs written before, the
 * `person_id-<hash>` reservation stream, which nothing appends to any more. A person found only there
 * is given the ID number in the index by the next enrolment that matches them, so the old stream is
 * read once per ID number that still uses it. The person found may be erased, or may have no stream
 * yet (an enrolment that stopped between its claim and its append): the caller decides what that means.
 */
export async function idNumberOwner(writer: EventWriter, vault: PersonalDataVault, idNumberHash: string): Promise<IdNumberOwner | null> {
  const indexed = await vault.findIdNumber(idNumberHash);
  if (indexed) return { personId: indexed, legacy: false };
  const legacy = (await writer.load(personIdReservation, idNumberHash)).state.personId;
  return legacy ? { personId: legacy, legacy: true } : null;
}
