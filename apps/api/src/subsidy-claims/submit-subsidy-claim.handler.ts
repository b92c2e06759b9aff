import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { subsidyClaimDecider, type ReferenceData } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, newResourceId, type SideAppend } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { forbidden } from '#libs/runtime';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { inScope } from '../shared/scope.js';
import { ClaimContextReader, type ClaimFacts } from './claim-context.js';
import { changeAll } from './reservation-slot.js';
import type { LaborContractDto, SubmitSubsidyClaimDto } from './submit-subsidy-claim.dto.js';
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
        assertClaimInScope(body, facts);
        const { classId, claimant, submittedOn } = body;
        const trainees = body.trainees.map((trainee) => ({ ...trainee, laborContract: withoutPersonalName(trainee.laborContract) }));
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

/**
 * An enterprise claims for its own class, or for trainees it employed: checked before any rule, so that
 * an enterprise naming another's class learns nothing of it (not even that it is claimed already).
 * A provider's ownership of the class is the first rule the decider checks.
 */
function assertClaimInScope(body: SubmitSubsidyClaimDto, facts: ClaimFacts): void {
  const { claimant } = body;
  if (claimant.kind !== 'enterprise') return;
  if (facts.context.trainingClass.opened?.enterpriseId === claimant.id) return;
  const employed = body.trainees.every((trainee) => facts.context.trainees[trainee.workerId]?.employerId === claimant.id);
  if (!employed) throw forbidden('This class and its trainees are outside your scope.');
}

/** Extensions of the document types a contract's copy comes in; any other "extension" may be a name (劳动合同.zhangsan). */
const DOCUMENT_EXTENSIONS = new Set(['pdf', 'ofd', 'jpg', 'jpeg', 'png', 'tif', 'tiff', 'doc', 'docx']);

/**
 * The copy of a labour contract is known by its SHA-256; the name a client gave it (劳动合同-张三.pdf)
 * often holds the person's name, which would outlive an erasure in the claim, its history and exports.
 * The claim keeps a name made of the hash and, for a known document type only, the lower-cased extension.
 */
export function withoutPersonalName(contract: LaborContractDto | undefined): LaborContractDto | undefined {
  if (!contract || typeof contract.fileName !== 'string' || !contract.fileName.trim() || typeof contract.sha256 !== 'string') return contract;
  const typed = /\.([A-Za-z0-9]{1,8})$/.exec(contract.fileName.trim())?.[1].toLowerCase();
  const extension = typed !== undefined && DOCUMENT_EXTENSIONS.has(typed) ? `.${typed}` : '';
  return { ...contract, fileName: `labor-contract-${contract.sha256.slice(0, 16).toLowerCase()}${extension}` };
}
