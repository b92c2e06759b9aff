import type { DomainEvent } from '../shared/decision.js';
import type { Day } from '../shared/day.js';
import type { ExamKind } from '../workers/worker.js';

/** Stream `training_class-<classId>`: a training class (培训班), the unit a subsidy claim is made for. */

export type TrainingClassKind = ExamKind;

export type TrainingClassOpened = DomainEvent<'TrainingClassOpened', {
  classId: string;
  countyCode: string;
  kind: TrainingClassKind;
  specialOperationCode?: string;
  title: string;
  content: string;
  theoryHours: number;
  practicalHours: number;
  startsOn: Day;
  endsOn: Day;
  /** Exactly one owner: a training provider or an enterprise (its own training centre or in-house class). */
  providerId?: string;
  enterpriseId?: string;
}>;

export type TraineeAdded = DomainEvent<'TraineeAdded', { classId: string; workerId: string }>;
export type TraineeCompleted = DomainEvent<'TraineeCompleted', { classId: string; workerId: string; hoursAttended: number; completedOn: Day }>;

export type TrainingClassEvent = TrainingClassOpened | TraineeAdded | TraineeCompleted;

export interface Trainee {
  workerId: string;
  completion: { hoursAttended: number; completedOn: Day } | null;
}

export interface TrainingClassState {
  opened: TrainingClassOpened['data'] | null;
  trainees: Trainee[];
}

export const initialTrainingClassState = (): TrainingClassState => ({ opened: null, trainees: [] });

export const evolveTrainingClass = (state: TrainingClassState, event: TrainingClassEvent): TrainingClassState => {
  switch (event.type) {
    case 'TrainingClassOpened':
      return { ...state, opened: event.data };
    case 'TraineeAdded':
      return { ...state, trainees: [...state.trainees, { workerId: event.data.workerId, completion: null }] };
    case 'TraineeCompleted': {
      const { workerId, hoursAttended, completedOn } = event.data;
      return { ...state, trainees: state.trainees.map((t) => (t.workerId === workerId ? { ...t, completion: { hoursAttended, completedOn } } : t)) };
    }
  }
};

export const traineeOf = (state: TrainingClassState, workerId: string): Trainee | undefined =>
  state.trainees.find((t) => t.workerId === workerId);
