import { evolveTrainingClass, initialTrainingClassState, type TrainingClassEvent, type TrainingClassState } from '#libs/domain';
import type { AggregateType } from '../commands/event-writer.js';

export const trainingClassAggregate: AggregateType<TrainingClassState, TrainingClassEvent> = {
  category: 'training_class',
  label: 'Training class',
  initialState: initialTrainingClassState,
  evolve: evolveTrainingClass,
};
