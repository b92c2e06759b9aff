import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { inspectionDecider, type InspectionCommand } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter } from '../commands/event-writer.js';
import { enterpriseScope } from '../enterprises/enterprise-scope.js';
import type { CommandContext } from '../http/command-context.js';
import { assertInScope } from '../shared/scope.js';
import { inspectionAggregate } from './inspection.aggregates.js';

export type InspectionStep = Exclude<InspectionCommand, { type: 'OpenInspection' }>;

/** Confirming or dropping a finding, and closing the inspection: the officer of the enterprise's county. */
export class RecordInspectionStep extends Command<CommandResult> {
  constructor(
    readonly step: InspectionStep,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordInspectionStep)
export class RecordInspectionStepHandler implements ICommandHandler<RecordInspectionStep> {
  constructor(private readonly writer: EventWriter) {}

  async execute({ step, context }: RecordInspectionStep): Promise<CommandResult> {
    const { inspectionId } = step.data;
    const { state } = await this.writer.loadExisting(inspectionAggregate, inspectionId);
    assertInScope(context.actor, await enterpriseScope(this.writer, state.opened!.enterpriseId));
    return this.writer.execute({
      type: inspectionAggregate,
      id: inspectionId,
      context,
      mode: 'update',
      occurredAt: step.type === 'CloseInspection' ? step.data.closedOn : step.data.on,
      decide: (loaded) => inspectionDecider.decide(step, loaded.state),
    });
  }
}
