import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  checkResidentId,
  workerDecider,
  type Decision,
  type EnrollWorker as EnrollWorkerCommand,
  type ReferenceData,
  type SealedPersonalData,
  type WorkerEvent,
} from '#libs/domain';
import { streamName } from '#libs/event-store';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, newResourceId, type SideAppend } from '../commands/event-writer.js';
import { enterpriseAggregate } from '../enterprises/enterprise.aggregate.js';
import type { CommandContext } from '../http/command-context.js';
import { ProblemError } from '../http/problem.js';
import { PersonalDataVault, PersonErasedError, type PersonalData } from '../personal-data/personal-data-vault.js';
import { Clock } from '../shared/clock.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import type { EnrollWorkerDto } from './enroll-worker.dto.js';
import { loadReferenced } from './load-referenced.js';
import { personIdReservation } from './person-id-reservation.js';
import { workerAggregate } from './worker.aggregate.js';

export class EnrollWorker extends Command<CommandResult> {
  constructor(
    readonly body: EnrollWorkerDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The decider never opens personal data: it decides on a placeholder, and only an accepted enrolment is sealed. */
const NOT_SEALED_YET: SealedPersonalData = { v: 1, keyId: '', iv: '', ciphertext: '', tag: '' };

/** Lost the race to reserve a new ID number: enrol the winner's person instead. */
class ReservationLost extends ProblemError {
  constructor() {
    super(409, 'concurrent_change', 'Another enrolment of this ID number was recorded at the same time; retry.');
  }
}

/** The known person was erased while this enrolment was decided: enrol the ID number again, as a new person. */
class ErasedMeanwhile extends ProblemError {
  constructor() {
    super(409, 'concurrent_change', 'The person was erased while this enrolment was recorded; retry.');
  }
}

const identityMismatch = (): ProblemError =>
  new ProblemError(422, 'identity_mismatch', 'The name does not match the account of this ID number.', [
    { path: 'name', message: 'does not match the account of this ID number' },
  ]);

/** Names compared as people write them: canonical Unicode (NFC), outer spaces ignored. */
export const sameName = (a: string, b: string): boolean => a.normalize('NFC').trim() === b.normalize('NFC').trim();

/** A lost reservation turns into an enrolment of the known person: one retry suffices, a spare one for safety. */
const MAX_ATTEMPTS = 3;

/**
 * One lifelong account per ID number (个人终身账号). A new ID number creates the person's stream together
 * with the `person_id-<idNumberHash>` reservation, in one atomic append; a known ID number with the
 * account's name enrols that person again, adding the employment to their record; with another name it
 * is refused. After an erasure the reservation moves to a new person (the erased one stays erased).
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
    const personal: PersonalData = { name: body.name, idNumber, birthDate: check.birthDate };
    const candidateId = newResourceId(context);
    const command = (personId: string): EnrollWorkerCommand => ({
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
        personal: NOT_SEALED_YET,
      },
      context: { birthDate: check.birthDate },
    });

    for (let attempt = 1; ; attempt++) {
      const reserved = await this.writer.load(personIdReservation, idNumberHash);
      if (reserved.state.personId && context.idempotencyKey) {
        const replay = await this.writer.findReplay(streamName(workerAggregate.category, reserved.state.personId), context, () => ({
          employmentId: candidateId,
        }));
        if (replay) return replay;
      }
      const account = reserved.state.personId ? await this.lifelongAccount(reserved.state.personId, personal) : null;
      // An erased person is gone: the same ID number enrolled again is a new person, with none of that history.
      const known = account?.erased === false ? reserved.state.personId : null;
      const personId = known ?? candidateId;
      const reservation: SideAppend = {
        streamId: reserved.streamId,
        events: [{ type: 'PersonIdReserved', data: { personId } }],
        expected: reserved.revision ?? 'no_stream',
        previous: reserved.last,
        onConflict: () => new ReservationLost(),
      };
      // A known person keeps the personal data of their account: enrolling them changes no name.
      const sealedData = account?.erased === false ? account.personal : personal;
      try {
        return await this.writer.execute({
          type: workerAggregate,
          id: personId,
          context,
          mode: known ? 'update' : 'create',
          occurredAt: body.enrolledOn,
          decide: ({ state }) => {
            // Lost the race to an erasure: the retry must not revive the erased id; the next attempt makes a new person.
            if (known && state.erasedOn !== null) throw new ErasedMeanwhile();
            return this.sealed(this.decider.decide(command(personId), state), personId, sealedData);
          },
          alongside: () => (known ? [] : [reservation]),
          answerExtras: () => ({ employmentId: candidateId }),
        });
      } catch (error) {
        // The person was erased after this attempt read them (the vault refuses their key): enrol again, as a new person.
        const erasedMeanwhile = error instanceof ErasedMeanwhile || error instanceof PersonErasedError;
        if (!(error instanceof ReservationLost || erasedMeanwhile) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The account an ID number already has, checked before anything else is said about it: a name that
   * does not match is 422 `identity_mismatch`, the same answer whatever the account holds, so that
   * knowing an ID number neither reveals nor takes over the person behind it.
   */
  private async lifelongAccount(personId: string, claimed: PersonalData): Promise<{ erased: true } | { erased: false; personal: PersonalData }> {
    const { state } = await this.writer.load(workerAggregate, personId);
    const personal = state.erasedOn === null && state.personal ? await this.vault.open(state.personal) : null;
    if (!personal) return { erased: true };
    if (!sameName(personal.name, claimed.name)) throw identityMismatch();
    return { erased: false, personal };
  }

  /**
   * Seals the personal data into the accepted enrolment; a refused one leaves no key in the vault. The
   * key is committed before the append is asked for (see `PersonalDataVault.seal`).
   */
  private async sealed(decision: Decision<WorkerEvent>, personId: string, personal: PersonalData): Promise<Decision<WorkerEvent>> {
    if (!decision.ok) return decision;
    const sealed = await this.vault.seal(personId, personal);
    const events = decision.events.map((event) => (event.type === 'WorkerEnrolled' ? { ...event, data: { ...event.data, personal: sealed } } : event));
    return { ...decision, events };
  }
}
