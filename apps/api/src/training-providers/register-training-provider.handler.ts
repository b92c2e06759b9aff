import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { trainingProviderDecider, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, newResourceId } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { Clock } from '../shared/clock.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import type { RegisterTrainingProviderDto } from './register-training-provider.dto.js';
import { trainingProviderAggregate } from './training-provider.aggregate.js';

export class RegisterTrainingProvider extends Command<CommandResult> {
  constructor(
    readonly body: RegisterTrainingProviderDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterTrainingProvider)
export class RegisterTrainingProviderHandler implements ICommandHandler<RegisterTrainingProvider> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    private readonly clock: Clock,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = trainingProviderDecider(reference);
  }

  async execute({ body, context }: RegisterTrainingProvider): Promise<CommandResult> {
    assertInScope(context.actor, { countyCode: body.countyCode });
    const providerId = newResourceId(context);
    const registeredOn = this.clock.today();
    return this.writer.execute({
      type: trainingProviderAggregate,
      id: providerId,
      context,
      mode: 'create',
      occurredAt: registeredOn,
      decide: ({ state }) => this.decider.decide({ type: 'RegisterTrainingProvider', data: { ...body, providerId, registeredOn } }, state),
    });
  }
}
