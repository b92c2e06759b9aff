import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { activeEmploymentAt, workerDecider, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { forbidden } from '#libs/runtime';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import type { RecordEducationDto } from './record-education.dto.js';
import { workerAggregate } from './worker.aggregate.js';

export class RecordEducation extends Command<CommandResult> {
  constructor(
    readonly personId: string,
    readonly body: RecordEducationDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * An education started or obtained after enrolment (M4 counts it from `since`): by the administrator of an
 * enterprise currently employing the person, or by the city's administrator.
 */
@CommandHandler(RecordEducation)
export class RecordEducationHandler implements ICommandHandler<RecordEducation> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = workerDecider(reference);
  }

  async execute({ personId, body, context }: RecordEducation): Promise<CommandResult> {
    assertInScope(context.actor, { enterpriseId: body.enterpriseId });
    return this.writer.execute({
      type: workerAggregate,
      id: personId,
      context,
      mode: 'update',
      occurredAt: body.since,
      decide: ({ state }) => {
        // An enterprise speaks only for the people it employs now; the city for anyone (the domain still asks for an employer).
        if (context.actor.role === 'enterprise_admin' && state.personId !== null && !activeEmploymentAt(state, body.enterpriseId)) {
          throw forbidden('This person is not employed by your enterprise.');
        }
        return this.decider.decide({ type: 'RecordEducation', data: { ...body, personId } }, state);
      },
    });
  }
}
