import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { subsidyClaimDecider, type ReferenceData, type SubsidyClaimCommand } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, type SideAppend } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import { loadReferenced } from '../workers/load-referenced.js';
import { ClaimReservations } from './claim-reservations.js';
import { changeAll } from './reservation-slot.js';
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
 * reservations in the same atomic append as the rejection, so a corrected claim can be made.
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
    // The releases this attempt's decision made, appended with the step (set by `decide`, read by `alongside`).
    let releases: SideAppend[] = [];
    return this.writer.execute({
      type: subsidyClaimAggregate,
      id: claimId,
      context,
      mode: 'update',
      occurredAt,
      decide: async ({ state }) => {
        const decision = this.decider.decide(step, state);
        if (!decision.ok || step.type !== 'RejectSubsidyClaim') return decision;
        const released = changeAll(await this.reservations.slots(state.submitted!), (slot) => slot.release(claimId));
        if (!released.ok) return released;
        releases = released.sides;
        return decision;
      },
      alongside: () => releases,
    });
  }
}
