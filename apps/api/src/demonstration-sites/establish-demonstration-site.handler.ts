import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { demonstrationSiteDecider, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, newResourceId } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { demonstrationSiteAggregate } from './demonstration-site.aggregate.js';
import type { EstablishDemonstrationSiteDto } from './establish-demonstration-site.dto.js';

export class EstablishDemonstrationSite extends Command<CommandResult> {
  constructor(
    readonly body: EstablishDemonstrationSiteDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(EstablishDemonstrationSite)
export class EstablishDemonstrationSiteHandler implements ICommandHandler<EstablishDemonstrationSite> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = demonstrationSiteDecider(reference);
  }

  async execute({ body, context }: EstablishDemonstrationSite): Promise<CommandResult> {
    const siteId = newResourceId(context);
    return this.writer.execute({
      type: demonstrationSiteAggregate,
      id: siteId,
      context,
      mode: 'create',
      occurredAt: body.establishedOn,
      decide: ({ state }) => this.decider.decide({ type: 'EstablishDemonstrationSite', data: { siteId, ...body } }, state),
    });
  }
}
