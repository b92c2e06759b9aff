import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { countyDecider, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import { countyAggregate } from './county.aggregate.js';
import type { SubmitCountyDocumentDto } from './submit-county-document.dto.js';

export class SubmitCountyDocument extends Command<CommandResult> {
  constructor(
    readonly countyCode: string,
    readonly document: 'implementation_plan' | 'summary',
    readonly body: SubmitCountyDocumentDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SubmitCountyDocument)
export class SubmitCountyDocumentHandler implements ICommandHandler<SubmitCountyDocument> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = countyDecider(reference);
  }

  async execute({ countyCode, document, body, context }: SubmitCountyDocument): Promise<CommandResult> {
    assertInScope(context.actor, { countyCode });
    const type = document === 'implementation_plan' ? 'SubmitImplementationPlan' : 'SubmitSummary';
    return this.writer.execute({
      type: countyAggregate,
      id: countyCode,
      context,
      mode: 'upsert',
      occurredAt: body.submittedOn,
      decide: ({ state }) => this.decider.decide({ type, data: { countyCode, submittedOn: body.submittedOn } }, state),
    });
  }
}
