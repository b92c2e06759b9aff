import { accept, reject, type Decider, type DomainEvent } from '../shared/decision.js';

/**
 * Stream `person_id-<idNumberHash>`: in logs written before decision 0016, the first enrolment of an ID
 * number created the person with it. Read only now (a fallback for those logs): the ID-number index is in
 * the key store, where an erasure removes it; nothing appends to these streams any more.
 */

export type PersonIdReserved = DomainEvent<'PersonIdReserved', { personId: string }>;
export type ReservePersonId = { type: 'ReservePersonId'; data: { personId: string } };
export interface PersonIdReservationState {
  personId: string | null;
}

/**
 * Taken already: `person_already_known` (409) — the application then enrols the existing
 * `state.personId` instead (EnrollWorker returns that person's id). The same id again is a no-op.
 */
export const personIdReservationDecider: Decider<PersonIdReservationState, ReservePersonId, PersonIdReserved> = {
  initialState: () => ({ personId: null }),
  evolve: (_state, event) => ({ personId: event.data.personId }),
  decide: ({ data }, state) => {
    if (state.personId === data.personId) return accept([]);
    if (state.personId !== null) return reject('person_already_known', 'this ID number belongs to a person already enrolled', { kind: 'conflict' });
    return accept([{ type: 'PersonIdReserved', data }]);
  },
};
