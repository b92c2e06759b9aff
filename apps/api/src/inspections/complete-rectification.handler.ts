import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { rectificationOrderDecider, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter } from '../commands/event-writer.js';
import { enterpriseScope } from '../enterprises/enterprise-scope.js';
import type { CommandContext } from '../http/command-context.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import { rectificationOrderAggregate } from './inspection.aggregates.js';
import type { CompleteRectificationDto } from './inspection.dtos.js';

export class CompleteRectification extends Command<CommandResult> {
  constructor(
    readonly orderId: string,
    readonly body: CompleteRectificationDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CompleteRectification)
export class CompleteRectificationHandler implements ICommandHandler<CompleteRectification> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = rectificationOrderDecider(reference);
  }

  async execute({ orderId, body, context }: CompleteRectification): Promise<CommandResult> {
    const { state } = await this.writer.loadExisting(rectificationOrderAggregate, orderId);
    assertInScope(context.actor, await enterpriseScope(this.writer, state.ordered!.enterpriseId));
    return this.writer.execute({
      type: rectificationOrderAggregate,
      id: orderId,
      context,
      mode: 'update',
      occurredAt: body.completedOn,
      decide: (loaded) => this.decider.decide({ type: 'CompleteRectification', data: { orderId, completedOn: body.completedOn } }, loaded.state),
    });
  }
}
