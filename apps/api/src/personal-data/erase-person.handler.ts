import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accept, reject } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { Clock } from '../shared/clock.js';
import { personErasureAggregate, type PersonErased } from './person-erasure.aggregate.js';
import { PersonalDataVault } from './personal-data-vault.js';

export class ErasePerson extends Command<CommandResult> {
  constructor(
    readonly personId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Crypto-shredding (删除个人信息): deletes the person's key, then records `PersonErased`. In that order, so
 * that a crash between the two leaves the data unreadable and a retry records the event; the reverse could
 * record an erasure that did not happen.
 */
@CommandHandler(ErasePerson)
export class ErasePersonHandler implements ICommandHandler<ErasePerson> {
  constructor(
    private readonly writer: EventWriter,
    private readonly clock: Clock,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {}

  async execute({ personId, context }: ErasePerson): Promise<CommandResult> {
    const erasedOn = this.clock.today();
    return this.writer.execute({
      type: personErasureAggregate,
      id: personId,
      context,
      mode: 'update',
      occurredAt: erasedOn,
      decide: ({ state }) => {
        if (state.erased) return reject('already_erased', "The person's personal data has already been erased.");
        this.vault.erase(personId);
        return accept<PersonErased>([{ type: 'PersonErased', data: { personId, erasedOn } }]);
      },
    });
  }
}
