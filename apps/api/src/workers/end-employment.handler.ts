import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { workerDecider, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import type { EndEmploymentDto } from './end-employment.dto.js';
import { workerAggregate } from './worker.aggregate.js';

export class EndEmployment extends Command<CommandResult> {
  constructor(
    readonly personId: string,
    readonly body: EndEmploymentDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(EndEmployment)
export class EndEmploymentHandler implements ICommandHandler<EndEmployment> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = workerDecider(reference);
  }

  async execute({ personId, body, context }: EndEmployment): Promise<CommandResult> {
    assertInScope(context.actor, { enterpriseId: body.enterpriseId });
    return this.writer.execute({
      type: workerAggregate,
      id: personId,
      context,
      mode: 'update',
      occurredAt: body.endsOn,
      decide: ({ state }) => this.decider.decide({ type: 'EndEmployment', data: { ...body, personId } }, state),
    });
  }
}
