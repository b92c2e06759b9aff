import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { certificateDecider, type ReferenceData } from '#libs/domain';
import type { WorkerDocument } from '#libs/projections';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { ReadModels } from '../read-models/shared/read-models.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { certificateAggregate } from '../workers/person-certificates.js';
import { CertificateAccess } from './certificate-access.js';
import type { ReviewCertificateDto } from './review-certificate.dto.js';
import { reviewTrainingHours } from './review-training-hours.js';

export class ReviewCertificate extends Command<CommandResult> {
  constructor(
    readonly certificateId: string,
    readonly body: ReviewCertificateDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ReviewCertificate)
export class ReviewCertificateHandler implements ICommandHandler<ReviewCertificate> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    private readonly access: CertificateAccess,
    private readonly readModels: ReadModels,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = certificateDecider(reference);
  }

  async execute({ certificateId, body, context }: ReviewCertificate): Promise<CommandResult> {
    const worker = await this.access.holderForOfficer(certificateId, context.actor);
    // The classes the person completed, as the read model lists them: where to look for review training.
    const trainedIn = (await this.readModels.get<WorkerDocument>('workers', 'workers', worker.personId!))?.trainings.map((training) => training.classId) ?? [];
    return this.writer.execute({
      type: certificateAggregate,
      id: certificateId,
      context,
      mode: 'update',
      occurredAt: body.reviewedOn,
      decide: async ({ state }) => {
        const since = state.schedule.at(-1)!.from;
        const code = state.issued!.specialOperationCode;
        const hours = code ? await reviewTrainingHours(this.writer, worker, code, since, body.reviewedOn, trainedIn) : 0;
        return this.decider.decide({ type: 'ReviewCertificate', data: { ...body, certificateId }, context: { reviewTrainingHours: hours } }, state);
      },
    });
  }
}
