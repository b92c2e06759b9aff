import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { certificateDecider, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { certificateAggregate } from '../workers/person-certificates.js';
import { CertificateAccess } from './certificate-access.js';
import type { RevokeCertificateDto } from './revoke-certificate.dto.js';

export class RevokeCertificate extends Command<CommandResult> {
  constructor(
    readonly certificateId: string,
    readonly body: RevokeCertificateDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RevokeCertificate)
export class RevokeCertificateHandler implements ICommandHandler<RevokeCertificate> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    private readonly access: CertificateAccess,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = certificateDecider(reference);
  }

  async execute({ certificateId, body, context }: RevokeCertificate): Promise<CommandResult> {
    await this.access.holderForOfficer(certificateId, context.actor);
    return this.writer.execute({
      type: certificateAggregate,
      id: certificateId,
      context,
      mode: 'update',
      occurredAt: body.revokedOn,
      decide: ({ state }) => this.decider.decide({ type: 'RevokeCertificate', data: { ...body, certificateId } }, state),
    });
  }
}
