import { evolveWorker, initialWorkerState, type SealedPersonalData, type WorkerEvent, type WorkerState } from '#libs/domain';
import type { AggregateType } from '../commands/event-writer.js';

/** The worker's state plus the latest sealed personal data, from which the birth date is read for the rules. */
export interface WorkerRecord extends WorkerState {
  personal: SealedPersonalData | null;
}

export const workerAggregate: AggregateType<WorkerRecord, WorkerEvent> = {
  category: 'worker',
  label: 'Worker',
  initialState: () => ({ ...initialWorkerState(), personal: null }),
  evolve: (state, event) => ({
    ...evolveWorker(state, event),
    personal: event.type === 'WorkerEnrolled' || event.type === 'PersonRenamed' ? event.data.personal : state.personal,
  }),
};
