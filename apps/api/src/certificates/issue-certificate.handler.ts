import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { certificateDecider, type CertificateNumberReserved, type ReferenceData } from '#libs/domain';
import { streamName } from '#libs/event-store';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, newResourceId, type SideAppend } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { forbidden, ProblemError } from '#libs/runtime';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
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
        return this.decider.decide(
          {
            type: 'IssueCertificate',
            data: { ...fields, certificateId, personId },
            context: { birthDate, exams: worker.exams, otherCertificates },
          },
          state,
        );
      },
      // The number's reservation and the holder's index link are written with the certificate, so a
      // refused issue holds no number and no certificate is ever missing from its holder's index.
      alongside: async () => [numberReservation(certificateId, body), await linkCertificate(this.writer, personId, link)],
    });
  }
}

/** One certificate per number, issuer and type (`certificate_number-<sha256>`): taken by the first issue, 409 for the next. */
function numberReservation(certificateId: string, body: IssueCertificateDto): SideAppend {
  const key = createHash('sha256').update(`${body.issuer.trim()}\n${body.type}\n${body.number.trim().toUpperCase()}`).digest('hex');
  return {
    streamId: streamName('certificate_number', key),
    events: [{ type: 'CertificateNumberReserved', data: { certificateId } } satisfies CertificateNumberReserved],
    expected: 'no_stream',
    onConflict: () =>
      new ProblemError(409, 'duplicate_certificate_number', 'This issuer has already issued a certificate of this type with this number.', [
        { path: 'number', message: 'already issued' },
      ]),
  };
}
