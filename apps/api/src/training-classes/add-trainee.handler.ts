import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { trainingClassDecider, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { Clock } from '../shared/clock.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { loadReferenced } from '../workers/load-referenced.js';
import { workerAggregate } from '../workers/worker.aggregate.js';
import type { AddTraineeDto } from './add-trainee.dto.js';
import { assertClassOwner } from './class-owner.js';
import { trainingClassAggregate } from './training-class.aggregate.js';

export class AddTrainee extends Command<CommandResult> {
  constructor(
    readonly classId: string,
    readonly body: AddTraineeDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(AddTrainee)
export class AddTraineeHandler implements ICommandHandler<AddTrainee> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    private readonly clock: Clock,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = trainingClassDecider(reference);
  }

  async execute({ classId, body, context }: AddTrainee): Promise<CommandResult> {
    return this.writer.execute({
      type: trainingClassAggregate,
      id: classId,
      context,
      mode: 'update',
      occurredAt: this.clock.today(),
      decide: async ({ state }) => {
        assertClassOwner(context.actor, state);
        await loadReferenced(this.writer, workerAggregate, body.workerId, 'workerId');
        return this.decider.decide({ type: 'AddTrainee', data: { classId, workerId: body.workerId } }, state);
      },
    });
  }
}
