import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { checkResidentId, trainingClassDecider, type ReferenceData, type TrainingClassState } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, type SideAppend } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { forbidden, invalidInput, ProblemError } from '#libs/runtime';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { Clock } from '../shared/clock.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { sameName } from '../workers/enroll-worker.handler.js';
import { loadReferenced } from '../workers/load-referenced.js';
import { idNumberOwner } from '../workers/id-number-owner.js';
import { workerAggregate } from '../workers/worker.aggregate.js';
import type { AddTraineeDto } from './add-trainee.dto.js';
import { assertClassOwner } from './class-owner.js';
import { providerTraineeAggregate, providerTraineeId, type ProviderTraineeLinked } from './provider-trainees.js';
import { trainingClassAggregate } from './training-class.aggregate.js';

export class AddTrainee extends Command<CommandResult> {
  constructor(
    readonly classId: string,
    readonly body: AddTraineeDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** One answer for an unknown ID number, an erased person and a name that does not match: it reveals nothing. */
const noMatchingAccount = (): ProblemError =>
  new ProblemError(422, 'identity_mismatch', 'No account matches this ID number and name.', [{ path: 'name', message: 'does not match an account with this ID number' }]);

@CommandHandler(AddTrainee)
export class AddTraineeHandler implements ICommandHandler<AddTrainee> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    private readonly clock: Clock,
    private readonly vault: PersonalDataVault,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = trainingClassDecider(reference);
  }

  async execute({ classId, body, context }: AddTrainee): Promise<CommandResult> {
    const byRoster = body.idNumber !== undefined || body.name !== undefined;
    if (byRoster === (body.workerId !== undefined)) {
      throw invalidInput([{ path: 'workerId', message: 'give either workerId, or idNumber and name from the roster' }]);
    }
    if (byRoster && (body.idNumber === undefined || body.name === undefined)) {
      throw invalidInput([{ path: body.idNumber === undefined ? 'idNumber' : 'name', message: 'idNumber and name go together' }]);
    }
    // The class's owner first: nobody else learns anything about the person from the answer.
    const owner = (await this.writer.loadExisting(trainingClassAggregate, classId)).state;
    assertClassOwner(context.actor, owner);
    const workerId = byRoster ? await this.matchRoster(body.idNumber!, body.name!) : await this.ownTrainee(owner, body.workerId!);
    const providerId = owner.opened?.providerId;

    return this.writer.execute({
      type: trainingClassAggregate,
      id: classId,
      context,
      mode: 'update',
      occurredAt: this.clock.today(),
      decide: ({ state }) => {
        assertClassOwner(context.actor, state);
        return this.decider.decide({ type: 'AddTrainee', data: { classId, workerId } }, state);
      },
      // The provider's first roster with the person links them, in the same append (read again on each attempt).
      alongside: async (): Promise<SideAppend[]> => {
        if (!providerId) return [];
        const link = await this.writer.load(providerTraineeAggregate, providerTraineeId(providerId, workerId));
        if (link.revision !== null) return [];
        return [{ streamId: link.streamId, events: [{ type: 'ProviderTraineeLinked', data: { providerId, workerId } } satisfies ProviderTraineeLinked], expected: 'no_stream' }];
      },
      answerExtras: () => ({ workerId }),
    });
  }

  /** The person whose account has this ID number and this name, not erased; otherwise one answer for all. */
  private async matchRoster(rawIdNumber: string, name: string): Promise<string> {
    const idNumber = rawIdNumber.trim().toUpperCase();
    if (!checkResidentId(idNumber, this.clock.today()).ok) throw noMatchingAccount();
    const personId = (await idNumberOwner(this.writer, this.vault, this.vault.idNumberHash(idNumber)))?.personId;
    if (!personId) throw noMatchingAccount();
    const { state } = await this.writer.load(workerAggregate, personId);
    const personal = state.erasedOn === null && state.personal ? await this.vault.open(state.personal) : null;
    if (!personal || !sameName(personal.name, name)) throw noMatchingAccount();
    return personId;
  }

  /** By id: an enterprise's own current worker, or a person the provider already has had on a roster. */
  private async ownTrainee(owner: TrainingClassState, workerId: string): Promise<string> {
    const worker = await loadReferenced(this.writer, workerAggregate, workerId, 'workerId');
    const enterpriseId = owner.opened?.enterpriseId;
    if (enterpriseId) {
      // Its own workers: employed there while the class ran (a former employer keeps the classes it ran for them).
      const { startsOn, endsOn } = owner.opened!;
      const employed = worker.state.employments.some((e) => e.enterpriseId === enterpriseId && e.enrolledOn <= endsOn && (e.endedOn === null || e.endedOn >= startsOn));
      if (!employed) throw forbidden('An enterprise adds only its own workers to its classes.');
      return workerId;
    }
    const providerId = owner.opened!.providerId!;
    const link = await this.writer.load(providerTraineeAggregate, providerTraineeId(providerId, workerId));
    if (!link.state.linked) throw forbidden('A provider adds by workerId only the people it already trains; take a new one from the roster (idNumber and name).');
    return workerId;
  }
}
