import { evolveTrainingProvider, initialTrainingProviderState, type TrainingProviderEvent, type TrainingProviderState } from '#libs/domain';
import type { AggregateType } from '../commands/event-writer.js';

export const trainingProviderAggregate: AggregateType<TrainingProviderState, TrainingProviderEvent> = {
  category: 'training_provider',
  label: 'Training provider',
  initialState: initialTrainingProviderState,
  evolve: evolveTrainingProvider,
};
