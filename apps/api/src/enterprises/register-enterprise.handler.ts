import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { enterpriseDecider, type CreditCodeReserved, type ReferenceData } from '#libs/domain';
import { streamName } from '#libs/event-store';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter, newResourceId } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { ProblemError } from '#libs/runtime';
import { Clock } from '../shared/clock.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { assertInScope } from '../shared/scope.js';
import { enterpriseAggregate } from './enterprise.aggregate.js';
import type { RegisterEnterpriseDto } from './register-enterprise.dto.js';

export class RegisterEnterprise extends Command<CommandResult> {
  constructor(
    readonly body: RegisterEnterpriseDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterEnterprise)
export class RegisterEnterpriseHandler implements ICommandHandler<RegisterEnterprise> {
  private readonly decider;

  constructor(
    private readonly writer: EventWriter,
    private readonly clock: Clock,
    @Inject(REFERENCE_DATA) reference: ReferenceData,
  ) {
    this.decider = enterpriseDecider(reference);
  }

  async execute({ body, context }: RegisterEnterprise): Promise<CommandResult> {
    assertInScope(context.actor, { countyCode: body.countyCode });
    const enterpriseId = newResourceId(context);
    const registeredOn = this.clock.today();
    const creditCode = body.creditCode.toUpperCase();
    return this.writer.execute({
      type: enterpriseAggregate,
      id: enterpriseId,
      context,
      mode: 'create',
      occurredAt: registeredOn,
      decide: ({ state }) =>
        this.decider.decide({ type: 'RegisterEnterprise', data: { ...body, creditCode, enterpriseId, registeredOn } }, state),
      // One enterprise per credit code (统一社会信用代码), held by a reservation stream written with it.
      alongside: () => [
        {
          streamId: streamName('enterprise_credit_code', creditCode),
          events: [{ type: 'CreditCodeReserved', data: { creditCode, enterpriseId } } satisfies CreditCodeReserved],
          expected: 'no_stream',
          onConflict: () =>
            new ProblemError(409, 'duplicate_credit_code', 'An enterprise with this credit code is already registered.', [
              { path: 'creditCode', message: 'already registered' },
            ]),
        },
      ],
    });
  }
}
