import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { traineeOf, workerDecider, type Day, type ReferenceData, type TrainingClassState } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, newResourceId } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { ProblemError } from '#libs/runtime';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { trainingClassAggregate } from '../training-classes/training-class.aggregate.js';
import { assertMayExamine } from './examiner-scope.js';
import { loadReferenced } from './load-referenced.js';
import { birthDateOf } from './person-birth-date.js';
import type { RecordExamDto } from './record-exam.dto.js';
import { workerAggregate } from './worker.aggregate.js';

export class RecordExam extends Command<CommandResult> {
  constructor(
    readonly personId: string,
    readonly body: RecordExamDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** PassExam / FailExam: the scores decide which; the answer says `passed`. */
@CommandHandler(RecordExam)
export class RecordExamHandler implements ICommandHandler<RecordExam> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    private readonly vault: PersonalDataVault,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = workerDecider(reference);
  }

  async execute({ personId, body, context }: RecordExam): Promise<CommandResult> {
    const trainingClass = body.classId ? (await loadReferenced(this.writer, trainingClassAggregate, body.classId, 'classId')).state : null;
    const examId = newResourceId(context);
    return this.writer.execute({
      type: workerAggregate,
      id: personId,
      context,
      mode: 'update',
      occurredAt: body.examinedOn,
      decide: async ({ state }) => {
        await assertMayExamine(this.writer, context.actor, { worker: state, kind: body.kind, trainingClass });
        return this.decider.decide(
          {
            type: 'RecordExam',
            data: { ...body, personId, examId },
            context: { birthDate: await birthDateOf(this.vault, state), trainingCompletedOn: trainingCompletedOn(trainingClass, personId, body) },
          },
          state,
        );
      },
      answerExtras: (events) => ({ examId, passed: events.some((event) => event.type === 'ExamPassed') }),
    });
  }
}

/**
 * The completion that lets a worker sit again after a failed resit (补考): the named class, which must
 * be of the exam's kind and code and have the worker on its roster.
 */
function trainingCompletedOn(trainingClass: TrainingClassState | null, personId: string, body: RecordExamDto): Day | null {
  const opened = trainingClass?.opened;
  if (!trainingClass || !opened) return null;
  if (opened.kind !== body.kind || opened.specialOperationCode !== body.specialOperationCode) {
    throw new ProblemError(422, 'class_mismatch', 'The exam is not of the class’s kind and special-operation code.', [
      { path: 'classId', message: 'the class is of another kind or code' },
    ]);
  }
  const trainee = traineeOf(trainingClass, personId);
  if (!trainee) throw new ProblemError(422, 'not_a_trainee', 'The worker is not a trainee of this class.', [{ path: 'classId', message: 'not on the roster' }]);
  return trainee.completion?.completedOn ?? null;
}
