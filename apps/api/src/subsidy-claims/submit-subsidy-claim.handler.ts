import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { subsidyClaimDecider, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, newResourceId, type SideAppend } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { forbidden } from '../http/problem.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { inScope } from '../shared/scope.js';
import { ClaimContextReader } from './claim-context.js';
import { changeAll } from './reservation-slot.js';
import type { SubmitSubsidyClaimDto } from './submit-subsidy-claim.dto.js';
import { subsidyClaimAggregate } from './subsidy-claim.aggregate.js';

export class SubmitSubsidyClaim extends Command<CommandResult> {
  constructor(
    readonly body: SubmitSubsidyClaimDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SubmitSubsidyClaim)
export class SubmitSubsidyClaimHandler implements ICommandHandler<SubmitSubsidyClaim> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    private readonly contextReader: ClaimContextReader,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = subsidyClaimDecider(reference);
  }

  async execute({ body, context }: SubmitSubsidyClaim): Promise<CommandResult> {
    // An enterprise claims as itself, a provider as itself.
    const { kind, id } = body.claimant;
    const own = kind === 'enterprise' ? context.actor.role === 'enterprise_admin' && inScope(context.actor, { enterpriseId: id }) : context.actor.role === 'training_provider' && inScope(context.actor, { providerId: id });
    if (!own) throw forbidden('You can claim only as your own enterprise or training provider.');

    const claimId = newResourceId(context);
    // The reservations this attempt's decision took, appended with the claim (set by `decide`, read by `alongside`).
    let reservations: SideAppend[] = [];
    return this.writer.execute({
      type: subsidyClaimAggregate,
      id: claimId,
      context,
      mode: 'create',
      occurredAt: body.submittedOn,
      decide: async ({ state }) => {
        const facts = await this.contextReader.read(body);
        const { classId, claimant, submittedOn, trainees } = body;
        const decision = this.decider.decide(
          { type: 'SubmitSubsidyClaim', data: { claimId, classId, claimant, submittedOn, countyCode: facts.countyCode, trainees }, context: facts.context },
          state,
        );
        if (!decision.ok) return decision;
        const taken = changeAll(facts.reservations, (slot) => slot.take(claimId));
        if (!taken.ok) return taken;
        reservations = taken.sides;
        return decision;
      },
      alongside: () => reservations,
    });
  }
}
