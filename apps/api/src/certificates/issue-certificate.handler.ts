import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { certificateDecider, type CertificateNumberReserved, type CertificateState, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, newResourceId, type AggregateType } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { forbidden, ProblemError } from '#libs/runtime';
import { PersonalDataVault, PersonErasedError } from '../personal-data/personal-data-vault.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { loadReferenced } from '../workers/load-referenced.js';
import { birthDateOf } from '../workers/person-birth-date.js';
import { certificateAggregate, linkCertificate, loadPersonCertificates } from '../workers/person-certificates.js';
import { workerAggregate } from '../workers/worker.aggregate.js';
import type { IssueCertificateDto } from './issue-certificate.dto.js';
import { PersonScope } from './person-scope.js';

export class IssueCertificate extends Command<CommandResult> {
  constructor(
    readonly body: IssueCertificateDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A number, issuer and type as they are compared: the issuer and number trimmed, the number in capitals. */
interface NumberKey {
  issuer: string;
  type: string;
  number: string;
}

const keyOf = (issuer: string, type: string, number: string): NumberKey => ({ issuer: issuer.trim(), type, number: number.trim().toUpperCase() });
const sameKey = (a: NumberKey, b: NumberKey) => a.issuer === b.issuer && a.type === b.type && a.number === b.number;

@CommandHandler(IssueCertificate)
export class IssueCertificateHandler implements ICommandHandler<IssueCertificate> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    private readonly vault: PersonalDataVault,
    private readonly personScope: PersonScope,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = certificateDecider(reference);
  }

  async execute({ body, context }: IssueCertificate): Promise<CommandResult> {
    // 特种作业操作证 are issued by emergency management; the other certificates by training providers.
    const issuerRole = body.type === 'special_operation' ? 'em_officer' : 'training_provider';
    if (context.actor.role !== issuerRole) throw forbidden(`A ${body.type} certificate is issued by a ${issuerRole}.`);

    const personId = body.workerId;
    const { state: worker } = await loadReferenced(this.writer, workerAggregate, personId, 'workerId');
    if (issuerRole === 'em_officer') await this.personScope.assertCountyOfficer(context.actor, worker);
    else await this.personScope.assertTrainedBy(context.actor, worker);
    const birthDate = await birthDateOf(this.vault, worker);

    const certificateId = newResourceId(context);
    const { workerId: _workerId, ...fields } = body;
    const link = { certificateId, type: body.type, ...(body.type === 'special_operation' ? { specialOperationCode: body.specialOperationCode } : {}) };
    return this.writer.execute({
      type: certificateAggregate,
      id: certificateId,
      context,
      mode: 'create',
      occurredAt: body.issuedOn,
      decide: async ({ state }) => {
        const otherCertificates = await loadPersonCertificates(this.writer, personId);
        // The number is in practice the holder's ID number: only its sealed form goes into the log (decision 0020).
        const sealedNumber = await this.vault.sealCertificateNumber(personId, body.number).catch((error: unknown) => {
          throw error instanceof PersonErasedError ? erasedMeanwhile() : error;
        });
        const decision = this.decider.decide(
          {
            type: 'IssueCertificate',
            data: { ...fields, certificateId, personId, sealedNumber },
            context: { birthDate, exams: worker.exams, otherCertificates },
          },
          state,
        );
        // Claimed only once the rules said yes: a refused issue holds no number.
        if (decision.ok) await this.claimNumber(personId, keyOf(body.issuer, body.type, body.number), otherCertificates);
        return decision;
      },
      // The holder's index link is written with the certificate: no certificate is ever missing from it, and of
      // two issues for one person at once, one links and the other decides again (and sees the first's number).
      alongside: async () => [await linkCertificate(this.writer, personId, link)],
    });
  }

  /**
   * One certificate per number, issuer and type. The number's keyed hash is claimed for the holder in the
   * key store's index, where an erasure removes it with the key (decision 0020); a number the holder
   * already claimed is checked against their own certificates; a number reserved in the log before
   * decision 0020 stays taken while its holder is not erased.
   */
  private async claimNumber(personId: string, key: NumberKey, otherCertificates: CertificateState[]): Promise<void> {
    if (await this.takenBeforeDecision0020(key)) throw duplicateNumber();
    const outcome = await this.vault.claimIdNumber(this.vault.certificateNumberHash(key.issuer, key.type, key.number), personId);
    if ('erased' in outcome) throw erasedMeanwhile();
    if (outcome.personId !== personId) throw duplicateNumber();
    for (const other of otherCertificates) {
      const issued = other.issued;
      if (!issued) continue;
      const number = issued.sealedNumber ? await this.vault.openCertificateNumber(issued.sealedNumber) : (issued.number ?? null);
      if (number !== null && sameKey(key, keyOf(issued.issuer, issued.type, number))) throw duplicateNumber();
    }
  }

  private async takenBeforeDecision0020(key: NumberKey): Promise<boolean> {
    const legacyHash = createHash('sha256').update(`${key.issuer}\n${key.type}\n${key.number}`).digest('hex');
    const { state } = await this.writer.load(legacyNumberReservation, legacyHash);
    if (state.certificateId === null) return false;
    const { state: certificate } = await this.writer.load(certificateAggregate, state.certificateId);
    const holder = certificate.issued?.personId;
    return holder !== undefined && !(await this.vault.isErased(holder));
  }
}

/** Stream `certificate_number-<sha256>` of logs written before decision 0020, read only. */
const legacyNumberReservation: AggregateType<{ certificateId: string | null }, CertificateNumberReserved> = {
  category: 'certificate_number',
  label: 'Certificate number reservation',
  initialState: () => ({ certificateId: null }),
  evolve: (state, event) => ({ certificateId: state.certificateId ?? event.data.certificateId }),
};

/** Erased between the check of the birth date and the seal: refused as an erased person is. */
function erasedMeanwhile(): ProblemError {
  return new ProblemError(422, 'person_erased', "The person's personal data has been erased; the rules that need it cannot be checked.");
}

function duplicateNumber(): ProblemError {
  return new ProblemError(409, 'duplicate_certificate_number', 'This issuer has already issued a certificate of this type with this number.', [
    { path: 'number', message: 'already issued' },
  ]);
}
