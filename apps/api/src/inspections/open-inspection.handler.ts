import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { inspectionDecider, type FindingKind, type InspectionCheck, type InspectionEvent } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, newResourceId } from '../commands/event-writer.js';
import { enterpriseScope } from '../enterprises/enterprise-scope.js';
import type { CommandContext } from '../http/command-context.js';
import { InspectionProposals } from '../read-models/inspections/inspection-proposals.js';
import { assertInScope } from '../shared/scope.js';
import { loadReferenced } from '../workers/load-referenced.js';
import { workerAggregate } from '../workers/worker.aggregate.js';
import { inspectionAggregate } from './inspection.aggregates.js';
import type { OpenInspectionDto } from './inspection.dtos.js';

export class OpenInspection extends Command<CommandResult> {
  constructor(
    readonly body: OpenInspectionDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Opens an inspection (执法检查) of an enterprise on a day. The findings the officer brings are the
 * officer's own, so they are recorded as confirmed on the inspection day. Beside them the system
 * proposes what the state as of that day shows (untrained workers on post, special-operation posts
 * without a valid certificate, no training plan); the officer confirms or drops each on site.
 */
@CommandHandler(OpenInspection)
export class OpenInspectionHandler implements ICommandHandler<OpenInspection> {
  constructor(
    private readonly writer: EventWriter,
    private readonly proposals: InspectionProposals,
  ) {}

  async execute({ body, context }: OpenInspection): Promise<CommandResult> {
    assertInScope(context.actor, await enterpriseScope(this.writer, body.enterpriseId));
    const inspectionId = newResourceId(context);
    const officers = body.findings.map((f) => ({ ...f, kind: f.kind as FindingKind }));
    // A finding about a worker names one the log knows: 404 worker_not_found at the finding's path otherwise.
    for (const [i, finding] of body.findings.entries()) {
      if (finding.workerId !== undefined) await loadReferenced(this.writer, workerAggregate, finding.workerId, `findings[${i}].workerId`);
    }
    // A proposal the officer already brought (same kind, same worker) is not proposed again.
    const proposed = (await this.proposals.propose(body.enterpriseId, body.inspectedOn))
      .filter((p) => !officers.some((f) => f.kind === p.kind && (f.workerId ?? null) === (p.workerId ?? null)))
      .map((p, i) => ({ ...p, findingId: `s${i + 1}` }));
    return this.writer.execute({
      type: inspectionAggregate,
      id: inspectionId,
      context,
      mode: 'create',
      occurredAt: body.inspectedOn,
      decide: ({ state }) => {
        const opened = inspectionDecider.decide(
          {
            type: 'OpenInspection',
            data: {
              inspectionId,
              enterpriseId: body.enterpriseId,
              inspectedOn: body.inspectedOn,
              checks: body.checks as InspectionCheck[],
              findings: [...officers.map((f, i) => ({ ...f, findingId: `f${i + 1}` })), ...proposed],
            },
          },
          state,
        );
        if (!opened.ok) return opened;
        const events: InspectionEvent[] = [...opened.events];
        let after = opened.events.reduce(inspectionDecider.evolve, state);
        for (const finding of after.findings.filter((f) => f.findingId.startsWith('f'))) {
          const confirmed = inspectionDecider.decide({ type: 'ConfirmFinding', data: { inspectionId, findingId: finding.findingId, on: body.inspectedOn } }, after);
          if (!confirmed.ok) return confirmed;
          events.push(...confirmed.events);
          after = confirmed.events.reduce(inspectionDecider.evolve, after);
        }
        return { ok: true, events, warnings: [] };
      },
      answerExtras: () => ({ proposedFindings: proposed }),
    });
  }
}
