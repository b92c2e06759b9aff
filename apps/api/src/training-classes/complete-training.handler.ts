import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { trainingClassDecider, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertClassOwner } from './class-owner.js';
import type { CompleteTrainingDto } from './complete-training.dto.js';
import { trainingClassAggregate } from './training-class.aggregate.js';

export class CompleteTraining extends Command<CommandResult> {
  constructor(
    readonly classId: string,
    readonly body: CompleteTrainingDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CompleteTraining)
export class CompleteTrainingHandler implements ICommandHandler<CompleteTraining> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = trainingClassDecider(reference);
  }

  async execute({ classId, body, context }: CompleteTraining): Promise<CommandResult> {
    return this.writer.execute({
      type: trainingClassAggregate,
      id: classId,
      context,
      mode: 'update',
      occurredAt: body.completedOn,
      decide: ({ state }) => {
        assertClassOwner(context.actor, state);
        return this.decider.decide({ type: 'CompleteTraining', data: { ...body, classId } }, state);
      },
    });
  }
}
