import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { workerDecider, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import type { EndPostDto } from './end-post.dto.js';
import { workerAggregate } from './worker.aggregate.js';

export class EndPost extends Command<CommandResult> {
  constructor(
    readonly personId: string,
    readonly postId: string,
    readonly body: EndPostDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(EndPost)
export class EndPostHandler implements ICommandHandler<EndPost> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = workerDecider(reference);
  }

  async execute({ personId, postId, body, context }: EndPost): Promise<CommandResult> {
    return this.writer.execute({
      type: workerAggregate,
      id: personId,
      context,
      mode: 'update',
      occurredAt: body.endsOn,
      decide: ({ state }) => {
        // The post's enterprise is its scope; an unknown post is the decider's 404.
        const post = state.posts.find((p) => p.postId === postId);
        if (post) assertInScope(context.actor, { enterpriseId: post.enterpriseId });
        return this.decider.decide({ type: 'EndPost', data: { personId, postId, endsOn: body.endsOn } }, state);
      },
    });
  }
}
