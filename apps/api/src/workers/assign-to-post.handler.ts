import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { workerDecider, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, newResourceId } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import type { AssignToPostDto } from './assign-to-post.dto.js';
import { birthDateOf } from './person-birth-date.js';
import { loadPersonCertificates } from './person-certificates.js';
import { workerAggregate } from './worker.aggregate.js';

export class AssignToPost extends Command<CommandResult> {
  constructor(
    readonly personId: string,
    readonly body: AssignToPostDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Posting without training or certificate succeeds with warnings: the fact is recorded and counted (M1, M2). */
@CommandHandler(AssignToPost)
export class AssignToPostHandler implements ICommandHandler<AssignToPost> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    private readonly vault: PersonalDataVault,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = workerDecider(reference);
  }

  async execute({ personId, body, context }: AssignToPost): Promise<CommandResult> {
    assertInScope(context.actor, { enterpriseId: body.enterpriseId });
    const postId = newResourceId(context);
    return this.writer.execute({
      type: workerAggregate,
      id: personId,
      context,
      mode: 'update',
      occurredAt: body.startsOn,
      decide: async ({ state }) =>
        this.decider.decide(
          {
            type: 'AssignToPost',
            data: { ...body, personId, postId },
            context: { birthDate: await birthDateOf(this.vault, state), certificates: await loadPersonCertificates(this.writer, personId) },
          },
          state,
        ),
      answerExtras: () => ({ postId }),
    });
  }
}
