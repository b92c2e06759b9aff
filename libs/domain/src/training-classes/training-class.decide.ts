import type { ReferenceData } from '../reference/reference-data.js';
import { findSpecialOperation, isKnownCounty } from '../reference/reference-lookups.js';
import { checkDays } from '../shared/check-days.js';
import { accept, reject, type Decider, type Decision } from '../shared/decision.js';
import { alreadyExists, invalidInput, notFound, unknownCounty } from '../shared/rejections.js';
import { EXAM_KINDS } from '../workers/worker.js';
import {
  evolveTrainingClass,
  initialTrainingClassState,
  traineeOf,
  type TrainingClassEvent,
  type TrainingClassOpened,
  type TrainingClassState,
} from './training-class.js';
import { hoursBelowMinimum } from './training-hours.js';

export type OpenTrainingClass = { type: 'OpenTrainingClass'; data: TrainingClassOpened['data'] };
export type AddTrainee = { type: 'AddTrainee'; data: { classId: string; workerId: string } };
export type CompleteTraining = { type: 'CompleteTraining'; data: { classId: string; workerId: string; hoursAttended: number; completedOn: string } };
export type TrainingClassCommand = OpenTrainingClass | AddTrainee | CompleteTraining;

const isHours = (value: number) => Number.isFinite(value) && value >= 0;

const open = (ref: ReferenceData, { data }: OpenTrainingClass, state: TrainingClassState): Decision<TrainingClassEvent> => {
  if (state.opened) return alreadyExists('training_class');
  const badDay = checkDays({ startsOn: data.startsOn, endsOn: data.endsOn });
  if (badDay) return badDay;
  if (!EXAM_KINDS.includes(data.kind)) return invalidInput('invalid_class_kind', `kind must be one of ${EXAM_KINDS.join(', ')}`, 'kind');
  if ((data.providerId === undefined) === (data.enterpriseId === undefined)) {
    return invalidInput('invalid_owner', 'a class has exactly one owner: providerId or enterpriseId', 'providerId');
  }
  if (data.kind === 'special_operation' && data.specialOperationCode === undefined) {
    return invalidInput('special_operation_code_required', 'a special-operation class needs its catalogue code', 'specialOperationCode');
  }
  if (data.specialOperationCode !== undefined && !findSpecialOperation(ref, data.specialOperationCode, data.startsOn)) {
    return invalidInput('unknown_special_operation_code', 'not a code of the special-operation catalogue', 'specialOperationCode');
  }
  if (!isHours(data.theoryHours) || !isHours(data.practicalHours) || data.theoryHours + data.practicalHours === 0) {
    return invalidInput('invalid_hours', 'theory and practical hours are zero or more, and not both zero', 'theoryHours');
  }
  if (data.endsOn < data.startsOn) return invalidInput('ends_before_start', 'endsOn is before startsOn', 'endsOn');
  if (!isKnownCounty(ref, data.countyCode, data.startsOn)) return unknownCounty();
  return accept([{ type: 'TrainingClassOpened', data }]);
};

const addTrainee = ({ data }: AddTrainee, state: TrainingClassState): Decision<TrainingClassEvent> => {
  if (!state.opened) return notFound('training_class');
  if (traineeOf(state, data.workerId)) return reject('already_added', 'the worker is already a trainee of this class', { kind: 'conflict' });
  return accept([{ type: 'TraineeAdded', data }]);
};

const complete = (ref: ReferenceData, { data }: CompleteTraining, state: TrainingClassState): Decision<TrainingClassEvent> => {
  const opened = state.opened;
  if (!opened) return notFound('training_class');
  const badDay = checkDays({ completedOn: data.completedOn });
  if (badDay) return badDay;
  const trainee = traineeOf(state, data.workerId);
  if (!trainee) return reject('not_a_trainee', 'the worker is not a trainee of this class', { path: 'workerId' });
  if (trainee.completion) return reject('already_completed', 'the trainee has already completed this class', { kind: 'conflict' });
  if (data.completedOn < opened.startsOn || data.completedOn > opened.endsOn) {
    return reject('completed_outside_class_dates', `completion falls between ${opened.startsOn} and ${opened.endsOn}`, { path: 'completedOn' });
  }
  if (!isHours(data.hoursAttended) || data.hoursAttended === 0) return invalidInput('invalid_hours', 'hoursAttended must be more than zero', 'hoursAttended');
  if (data.hoursAttended > opened.theoryHours + opened.practicalHours) {
    return reject('hours_exceed_class', `the class has ${opened.theoryHours + opened.practicalHours} hours`, { path: 'hoursAttended' });
  }
  const short = hoursBelowMinimum(ref, opened, data.hoursAttended);
  if (short) return reject('training_hours_below_minimum', short, { path: 'hoursAttended' });
  return accept([{ type: 'TraineeCompleted', data }]);
};

export const trainingClassDecider = (ref: ReferenceData): Decider<TrainingClassState, TrainingClassCommand, TrainingClassEvent> => ({
  initialState: initialTrainingClassState,
  evolve: evolveTrainingClass,
  decide: (command, state) => {
    switch (command.type) {
      case 'OpenTrainingClass':
        return open(ref, command, state);
      case 'AddTrainee':
        return addTrainee(command, state);
      case 'CompleteTraining':
        return complete(ref, command, state);
    }
  },
});
