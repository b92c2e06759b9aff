import { personIdReservationDecider, type PersonIdReservationState, type PersonIdReserved } from '#libs/domain';
import type { AggregateType } from '../commands/event-writer.js';

/** Stream `person_id-<idNumberHash>`: which person an ID number belonged to in logs written before decision 0016 (read only, `idNumberOwner`). */
export const personIdReservation: AggregateType<PersonIdReservationState, PersonIdReserved> = {
  category: 'person_id',
  label: 'ID number reservation',
  initialState: personIdReservationDecider.initialState,
  evolve: personIdReservationDecider.evolve,
};
