import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { checkResidentId, reservationStreams, workerDecider, type EnrollWorker as EnrollWorkerCommand, type ReferenceData, type SealedPersonalData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, newResourceId } from '../commands/event-writer.js';
import { rejectionToProblem } from '../commands/rejection.js';
import { enterpriseAggregate } from '../enterprises/enterprise.aggregate.js';
import type { CommandContext } from '../http/command-context.js';
import { ProblemError } from '../http/problem.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { Clock } from '../shared/clock.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import type { EnrollWorkerDto } from './enroll-worker.dto.js';
import { loadReferenced } from './load-referenced.js';
import { workerAggregate } from './worker.aggregate.js';

export class EnrollWorker extends Command<CommandResult> {
  constructor(
    readonly body: EnrollWorkerDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A create that lost the race to another enrolment of the same person becomes an update: one retry suffices. */
const MAX_ATTEMPTS = 2;

/** The decider never opens personal data, so the trial decision needs no key sealed for a person id that may go unused. */
const NOT_SEALED_YET: SealedPersonalData = { v: 1, keyId: '', iv: '', ciphertext: '', tag: '' };

/**
 * One lifelong account per ID number (个人终身账号): the `person_id-<idNumberHash>` reservation names the
 * person; a known ID number enrols that person again and adds the employment to their record.
 */
@CommandHandler(EnrollWorker)
export class EnrollWorkerHandler implements ICommandHandler<EnrollWorker> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    private readonly vault: PersonalDataVault,
    private readonly clock: Clock,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = workerDecider(reference);
  }

  async execute({ body, context }: EnrollWorker): Promise<CommandResult> {
    assertInScope(context.actor, { enterpriseId: body.enterpriseId });
    const idNumber = body.idNumber.trim().toUpperCase();
    const check = checkResidentId(idNumber, this.clock.today());
    if (!check.ok) throw new ProblemError(400, check.code, check.message, [{ path: 'idNumber', message: check.message }]);
    await loadReferenced(this.writer, enterpriseAggregate, body.enterpriseId, 'enterpriseId');

    const idNumberHash = this.vault.idNumberHash(idNumber);
    const candidateId = newResourceId(context);
    const command = (personId: string, personal: SealedPersonalData): EnrollWorkerCommand => ({
      type: 'EnrollWorker',
      data: {
        personId,
        employmentId: candidateId,
        enterpriseId: body.enterpriseId,
        employmentType: body.employmentType,
        hireType: body.hireType,
        enrolledOn: body.enrolledOn,
        ...(body.educationLevel ? { educationLevel: body.educationLevel } : {}),
        idNumberHash,
        personal,
      },
      context: { birthDate: check.birthDate },
    });

    // Refuse what no record could accept (too young, no rules in force) before reserving the ID number.
    const dryRun = this.decider.decide(command(candidateId, NOT_SEALED_YET), this.decider.initialState());
    if (!dryRun.ok) throw rejectionToProblem(dryRun.rejection);

    const reservation = await this.writer.reserve(
      reservationStreams.personId(idNumberHash),
      { type: 'PersonIdReserved', data: { personId: candidateId } },
      context,
      body.enrolledOn,
    );
    const personId = reservation.taken ? candidateId : (reservation.holder.data as { personId: string }).personId;
    const enrollment = command(personId, this.vault.seal(personId, { name: body.name, idNumber, birthDate: check.birthDate }));

    for (let attempt = 1; ; attempt++) {
      // The person's stream may not exist yet even when the ID number is known: the first enrolment can still be on its way.
      const existing = await this.writer.load(workerAggregate, personId);
      try {
        return await this.writer.execute({
          type: workerAggregate,
          id: personId,
          context,
          mode: existing.revision === null ? 'create' : 'update',
          occurredAt: body.enrolledOn,
          decide: ({ state }) => this.decider.decide(enrollment, state),
          answerExtras: () => ({ employmentId: enrollment.data.employmentId }),
        });
      } catch (error) {
        const lostCreate = error instanceof ProblemError && error.code === 'already_exists';
        if (!lostCreate || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}
