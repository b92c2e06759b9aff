import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { subsidyClaimDecider, type ReferenceData, type SubsidyClaimSubmitted } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, newResourceId } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { forbidden } from '../http/problem.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { inScope } from '../shared/scope.js';
import { ClaimContextReader } from './claim-context.js';
import { ClaimReservations } from './claim-reservations.js';
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
    private readonly reservations: ClaimReservations,
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
    return this.writer.execute({
      type: subsidyClaimAggregate,
      id: claimId,
      context,
      mode: 'create',
      occurredAt: body.submittedOn,
      decide: async ({ state }) => {
        const facts = await this.contextReader.read(claimId, body);
        const { classId, claimant, submittedOn, trainees } = body;
        const decision = this.decider.decide(
          { type: 'SubmitSubsidyClaim', data: { claimId, classId, claimant, submittedOn, countyCode: facts.countyCode, trainees }, context: facts.context },
          state,
        );
        if (!decision.ok) {
          // An earlier attempt of this very request (same Idempotency-Key) may hold reservations.
          await this.reservations.releaseAll(facts.keys, context, submittedOn);
          return decision;
        }
        const submitted = (decision.events[0] as SubsidyClaimSubmitted).data;
        const refusal = await this.reservations.take({ claimId, classId, claimant, trainees: submitted.trainees }, context, submittedOn);
        return refusal ? { ok: false, rejection: refusal } : decision;
      },
    });
  }
}
