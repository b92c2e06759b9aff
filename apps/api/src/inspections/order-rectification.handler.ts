import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { rectificationOrderDecider, type FineBand, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, newResourceId } from '../commands/event-writer.js';
import { enterpriseScope } from '../enterprises/enterprise-scope.js';
import type { CommandContext } from '../http/command-context.js';
import { Clock } from '../shared/clock.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import { inspectionAggregate, rectificationOrderAggregate } from './inspection.aggregates.js';
import type { OrderRectificationDto } from './inspection.dtos.js';

export class OrderRectification extends Command<CommandResult> {
  constructor(
    readonly inspectionId: string,
    readonly body: OrderRectificationDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** 责令限期改正: a deadline and, optionally, a fine within the band of the law in force on the order's day. */
@CommandHandler(OrderRectification)
export class OrderRectificationHandler implements ICommandHandler<OrderRectification> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    private readonly clock: Clock,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = rectificationOrderDecider(reference);
  }

  async execute({ inspectionId, body, context }: OrderRectification): Promise<CommandResult> {
    const inspection = await this.writer.loadExisting(inspectionAggregate, inspectionId);
    assertInScope(context.actor, await enterpriseScope(this.writer, inspection.state.opened!.enterpriseId));
    const orderId = newResourceId(context);
    const orderedOn = body.orderedOn ?? this.clock.today();
    return this.writer.execute({
      type: rectificationOrderAggregate,
      id: orderId,
      context,
      mode: 'create',
      occurredAt: orderedOn,
      decide: ({ state }) =>
        this.decider.decide(
          {
            type: 'OrderRectification',
            data: {
              orderId,
              inspectionId,
              orderedOn,
              deadline: body.deadline,
              ...(body.fine !== undefined ? { fine: { amount: body.fine, band: body.fineBand as FineBand | undefined } } : {}),
            },
            context: { inspection: inspection.state },
          },
          state,
        ),
    });
  }
}
