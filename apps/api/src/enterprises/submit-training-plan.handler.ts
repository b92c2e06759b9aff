import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { enterpriseDecider, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import { enterpriseAggregate } from './enterprise.aggregate.js';
import type { SubmitTrainingPlanDto } from './submit-training-plan.dto.js';

export class SubmitTrainingPlan extends Command<CommandResult> {
  constructor(
    readonly enterpriseId: string,
    readonly body: SubmitTrainingPlanDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SubmitTrainingPlan)
export class SubmitTrainingPlanHandler implements ICommandHandler<SubmitTrainingPlan> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = enterpriseDecider(reference);
  }

  async execute({ enterpriseId, body, context }: SubmitTrainingPlan): Promise<CommandResult> {
    assertInScope(context.actor, { enterpriseId });
    return this.writer.execute({
      type: enterpriseAggregate,
      id: enterpriseId,
      context,
      mode: 'update',
      occurredAt: body.submittedOn,
      decide: ({ state }) => this.decider.decide({ type: 'SubmitTrainingPlan', data: { ...body, enterpriseId } }, state),
    });
  }
}
