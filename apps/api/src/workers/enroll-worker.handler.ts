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
import { EventWriter, newResourceId } from '../commands/event-writer.js';
import { enterpriseAggregate } from '../enterprises/enterprise.aggregate.js';
import type { CommandContext } from '../http/command-context.js';
import { ProblemError } from '#libs/runtime';
import { PersonalDataVault, PersonErasedError, type PersonalData } from '../personal-data/personal-data-vault.js';
import { Clock } from '../shared/clock.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import type { EnrollWorkerDto } from './enroll-worker.dto.js';
import { loadReferenced } from './load-referenced.js';
import { idNumberOwner, type IdNumberOwner } from './id-number-owner.js';
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

/** Lost the race to claim a new ID number: enrol the winner's person instead. */
class ClaimLost extends ProblemError {
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

/**
 * A lost claim turns into an enrolment of the winner's person, and an erasure that overtook an attempt
 * into a new person: one retry each suffices, spares for safety.
 */
const MAX_ATTEMPTS = 4;

/** What an enrolment found behind an ID number before it decided. */
type Account =
  /** Nobody, or an erased person: a new person (the candidate id), who claims the ID number. */
  | { kind: 'new' }
  /** A claim whose enrolment has not been appended yet (stopped between the two, or still running): that id, adopted. */
  | { kind: 'unfinished'; personId: string }
  /** A person enrolled before, not erased, with the same name. */
  | { kind: 'known'; personId: string; personal: PersonalData };

/**
 * One lifelong account per ID number (个人终身账号). The ID number's keyed hash is indexed in the key
 * store, not in the event log (decision 0016), so that an erasure takes it away with the person's key.
 * A new ID number is claimed there for a new person id, then the enrolment is appended: two steps, not
 * one atomic append. A claim whose append never came (a crash in between) is adopted by the next
 * enrolment of that ID number: the same id, which then gets its first event. A known ID number with the
 * account's name enrols that person again, adding the employment to their record; with another name it
 * is refused. After an erasure the ID number belongs to nobody: enrolled again, it is a new person.
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
        personal: NOT_SEALED_YET,
      },
      context: { birthDate: check.birthDate },
    });

    for (let attempt = 1; ; attempt++) {
      const owner = await idNumberOwner(this.writer, this.vault, idNumberHash);
      if (owner && context.idempotencyKey) {
        const replay = await this.writer.findReplay(streamName(workerAggregate.category, owner.personId), context, () => ({
          employmentId: candidateId,
        }));
        if (replay) return replay;
      }
      const account = await this.accountOf(owner, personal);
      const personId = account.kind === 'new' ? candidateId : account.personId;
      // The index gets the ID number for a new person, and for a person the old log alone knew (moved on first use).
      const claim = account.kind === 'new' || (account.kind === 'known' && owner?.legacy === true);
      try {
        return await this.writer.execute({
          type: workerAggregate,
          id: personId,
          context,
          mode: account.kind === 'known' ? 'update' : 'upsert',
          occurredAt: body.enrolledOn,
          decide: async ({ state }) => {
            // Lost the race to an erasure: the retry must not revive the erased id; the next attempt makes a new person.
            if (state.erasedOn !== null) throw new ErasedMeanwhile();
            // An account another enrolment created since this one looked (an adopted claim): its name must match, its data stays.
            const sealedData = state.personal ? await this.openAccount(state.personal, personal) : account.kind === 'known' ? account.personal : personal;
            const decision = this.decider.decide(command(personId), state);
            // Only an accepted enrolment claims the ID number (a refused one leaves nothing behind), before its key and its append.
            if (decision.ok && claim) await this.claim(idNumberHash, personId);
            return this.sealed(decision, personId, sealedData);
          },
          answerExtras: () => ({ employmentId: candidateId }),
        });
      } catch (error) {
        // The person was erased after this attempt read them (the vault refuses their key): enrol again, as a new person.
        const erasedMeanwhile = error instanceof ErasedMeanwhile || error instanceof PersonErasedError;
        if (!(error instanceof ClaimLost || erasedMeanwhile) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The account an ID number already has, checked before anything else is said about it: a name that
   * does not match is 422 `identity_mismatch`, the same answer whatever the account holds, so that
   * knowing an ID number neither reveals nor takes over the person behind it.
   */
  private async accountOf(owner: IdNumberOwner | null, claimed: PersonalData): Promise<Account> {
    if (!owner) return { kind: 'new' };
    const { state, revision } = await this.writer.load(workerAggregate, owner.personId);
    if (revision === null) return owner.legacy ? { kind: 'new' } : { kind: 'unfinished', personId: owner.personId };
    const personal = state.erasedOn === null && state.personal ? await this.vault.open(state.personal) : null;
    // An erased person is gone: the same ID number enrolled again is a new person, with none of that history.
    if (!personal) return { kind: 'new' };
    if (!sameName(personal.name, claimed.name)) throw identityMismatch();
    return { kind: 'known', personId: owner.personId, personal };
  }

  /** The personal data of an existing account, if the claimed name matches it; erased meanwhile otherwise. */
  private async openAccount(sealed: SealedPersonalData, claimed: PersonalData): Promise<PersonalData> {
    const personal = await this.vault.open(sealed);
    if (!personal) throw new ErasedMeanwhile();
    if (!sameName(personal.name, claimed.name)) throw identityMismatch();
    return personal;
  }

  /** The ID number given to this person in the key store's index; someone else first, and this attempt enrols them instead. */
  private async claim(idNumberHash: string, personId: string): Promise<void> {
    const outcome = await this.vault.claimIdNumber(idNumberHash, personId);
    if ('erased' in outcome) throw new ErasedMeanwhile();
    if (outcome.personId !== personId) throw new ClaimLost();
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
