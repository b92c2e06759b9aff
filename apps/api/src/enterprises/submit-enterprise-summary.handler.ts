import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { enterpriseDecider, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import { enterpriseAggregate } from './enterprise.aggregate.js';
import type { SubmitEnterpriseSummaryDto } from './submit-enterprise-summary.dto.js';

export class SubmitEnterpriseSummary extends Command<CommandResult> {
  constructor(
    readonly enterpriseId: string,
    readonly body: SubmitEnterpriseSummaryDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The enterprise's own summary and long-term mechanism: the 2021-11-30 milestone is for every unit, enterprises too. */
@CommandHandler(SubmitEnterpriseSummary)
export class SubmitEnterpriseSummaryHandler implements ICommandHandler<SubmitEnterpriseSummary> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = enterpriseDecider(reference);
  }

  async execute({ enterpriseId, body, context }: SubmitEnterpriseSummary): Promise<CommandResult> {
    assertInScope(context.actor, { enterpriseId });
    return this.writer.execute({
      type: enterpriseAggregate,
      id: enterpriseId,
      context,
      mode: 'update',
      occurredAt: body.submittedOn,
      decide: ({ state }) => this.decider.decide({ type: 'SubmitEnterpriseSummary', data: { enterpriseId, submittedOn: body.submittedOn } }, state),
    });
  }
}
