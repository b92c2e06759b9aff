import { accept, type Decision, type DomainEvent } from '#libs/domain';

/**
 * The command both stores run: a worker's stream is enrolled, then sits exams. Each command reads the
 * stream, folds it, decides the next event and appends it with the revision read. Ten commands per
 * stream, then the caller moves to a new worker, so streams stay as short as real ones.
 */
export const COMMANDS_PER_STREAM = 10;

export type ExamEvent = DomainEvent<'WorkerEnrolled' | 'ExamPassed', Record<string, unknown>>;
export interface ExamState {
  enrolled: boolean;
  attempts: number;
}

export const initialExamState = (): ExamState => ({ enrolled: false, attempts: 0 });

export const evolveExam = (state: ExamState, event: { type: string }): ExamState =>
  event.type === 'WorkerEnrolled' ? { ...state, enrolled: true } : { ...state, attempts: state.attempts + 1 };

export const decideExam = (personId: string, state: ExamState): Decision<ExamEvent> =>
  accept([
    state.enrolled
      ? {
          type: 'ExamPassed',
          data: { personId, examId: `x${state.attempts}`, kind: 'special_operation', specialOperationCode: '9.3', theoryScore: 88, practicalScore: 91, keySafetySkillsPassed: true, examinedOn: '2021-05-10', attempt: 1 },
        }
      : {
          type: 'WorkerEnrolled',
          data: { personId, idNumberHash: 'a3f1c2e4b5d6a7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70', employmentId: `m${personId}`, enterpriseId: 'e4309001', employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2021-03-01' },
        },
  ]);

/** The stream id part for the `n`th command of a caller. */
export const personOf = (run: number, caller: number, n: number): string => `r${run}c${caller}w${Math.floor(n / COMMANDS_PER_STREAM)}`;
