import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { trainingClassDecider, type ReferenceData } from '#libs/domain';
import type { AuthenticatedActor } from '../auth/roles.js';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, newResourceId } from '../commands/event-writer.js';
import { enterpriseAggregate } from '../enterprises/enterprise.aggregate.js';
import type { CommandContext } from '../http/command-context.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import { trainingProviderAggregate } from '../training-providers/training-provider.aggregate.js';
import { loadReferenced } from '../workers/load-referenced.js';
import type { OpenTrainingClassDto } from './open-training-class.dto.js';
import { trainingClassAggregate } from './training-class.aggregate.js';

export class OpenTrainingClass extends Command<CommandResult> {
  constructor(
    readonly body: OpenTrainingClassDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Without an owner in the body, the class belongs to the caller: its provider, or its enterprise. */
const withOwner = (body: OpenTrainingClassDto, actor: AuthenticatedActor): OpenTrainingClassDto => {
  if (body.providerId !== undefined || body.enterpriseId !== undefined) return body;
  if (actor.role === 'training_provider' && actor.scope?.providerId) return { ...body, providerId: actor.scope.providerId };
  if (actor.role === 'enterprise_admin' && actor.scope?.enterpriseId) return { ...body, enterpriseId: actor.scope.enterpriseId };
  return body;
};

@CommandHandler(OpenTrainingClass)
export class OpenTrainingClassHandler implements ICommandHandler<OpenTrainingClass> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = trainingClassDecider(reference);
  }

  async execute({ body, context }: OpenTrainingClass): Promise<CommandResult> {
    const data = withOwner(body, context.actor);
    assertInScope(context.actor, { providerId: data.providerId, enterpriseId: data.enterpriseId });
    const classId = newResourceId(context);
    return this.writer.execute({
      type: trainingClassAggregate,
      id: classId,
      context,
      mode: 'create',
      occurredAt: data.startsOn,
      decide: async ({ state }) => {
        const decision = this.decider.decide({ type: 'OpenTrainingClass', data: { ...data, classId } }, state);
        // The owner must exist; checked once the decider has made sure there is exactly one.
        if (decision.ok) await this.assertOwnerExists(data);
        return decision;
      },
    });
  }

  private async assertOwnerExists({ providerId, enterpriseId }: OpenTrainingClassDto): Promise<void> {
    if (providerId !== undefined) await loadReferenced(this.writer, trainingProviderAggregate, providerId, 'providerId');
    if (enterpriseId !== undefined) await loadReferenced(this.writer, enterpriseAggregate, enterpriseId, 'enterpriseId');
  }
}
