import type { PersonErased } from '#libs/domain';
import type { AggregateType } from '../commands/event-writer.js';

export type { PersonErased };

export interface ErasureState {
  exists: boolean;
  erased: boolean;
}

/**
 * The worker stream seen by the erasure alone: whether the person exists and was erased already. Its own
 * fold, so that erasing depends on no other event of the stream.
 */
export const personErasureAggregate: AggregateType<ErasureState, PersonErased> = {
  category: 'worker',
  label: 'Worker',
  initialState: () => ({ exists: false, erased: false }),
  evolve: (state, event) => ({ exists: true, erased: state.erased || event.type === 'PersonErased' }),
};
