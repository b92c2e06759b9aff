import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { subsidyClaimDecider, type ReferenceData, type SubsidyClaimCommand } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import { loadReferenced } from '../workers/load-referenced.js';
import { ClaimReservations } from './claim-reservations.js';
import { subsidyClaimAggregate } from './subsidy-claim.aggregate.js';

/** A step after submission: verify, approve, reject, pay, claw back. The roles are the controller's. */
export type ClaimStep = Exclude<SubsidyClaimCommand, { type: 'SubmitSubsidyClaim' }>;

export class RecordClaimStep extends Command<CommandResult> {
  constructor(
    readonly claimId: string,
    readonly step: ClaimStep,
    /** The step's own day, for the event's metadata. */
    readonly occurredAt: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Every step is taken by an officer of the claim's county and records who (the event's actor), when
 * (its day) and on what evidence (stampRef, reference, reason). A rejection releases the claim's
 * reservations afterwards, on a replay too, so a crash in between is repaired by retrying the request.
 */
@CommandHandler(RecordClaimStep)
export class RecordClaimStepHandler implements ICommandHandler<RecordClaimStep> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    private readonly reservations: ClaimReservations,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = subsidyClaimDecider(reference);
  }

  async execute({ claimId, step, occurredAt, context }: RecordClaimStep): Promise<CommandResult> {
    const claim = await loadReferenced(this.writer, subsidyClaimAggregate, claimId, 'id');
    const submitted = claim.state.submitted!;
    assertInScope(context.actor, { countyCode: submitted.countyCode });
    const result = await this.writer.execute({
      type: subsidyClaimAggregate,
      id: claimId,
      context,
      mode: 'update',
      occurredAt,
      decide: ({ state }) => this.decider.decide(step, state),
    });
    if (step.type === 'RejectSubsidyClaim') {
      const { classId, claimant, trainees } = submitted;
      await this.reservations.releaseAll({ claimId, classId, claimant, trainees }, context, occurredAt);
    }
    return result;
  }
}
