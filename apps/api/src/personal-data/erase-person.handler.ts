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
 * Crypto-shredding (删除个人信息): `PersonErased` is appended, then the person's key destroyed. In that
 * order, so that an erasure is never done without its record (who, when) in the log; a crash in between
 * is finished at the next start (`finishBegunErasures`), from the note the vault took before the append.
 * The decision itself has no side effect: the writer may decide more than once.
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
    await this.writer.loadExisting(personErasureAggregate, personId);
    this.vault.beginErasure(personId);
    try {
      const result = await this.writer.execute({
        type: personErasureAggregate,
        id: personId,
        context,
        mode: 'update',
        occurredAt: erasedOn,
        decide: ({ state }) => {
          if (state.erased) return reject('already_erased', "The person's personal data has already been erased.");
          return accept<PersonErased>([{ type: 'PersonErased', data: { personId, erasedOn } }]);
        },
      });
      this.vault.erase(personId);
      return result;
    } finally {
      // Refused, or failed before the append: the erasure the log records (now or before) is finished, any other abandoned.
      if (this.vault.erasuresBegun().includes(personId)) await finishErasure(this.writer, this.vault, personId);
    }
  }
}

/** The log decides: erased there, the key goes; not, the key stays and the note is dropped. */
async function finishErasure(writer: EventWriter, vault: PersonalDataVault, personId: string): Promise<void> {
  const { state } = await writer.load(personErasureAggregate, personId);
  if (state.erased) vault.erase(personId);
  else vault.abandonErasure(personId);
}

/** At start: the erasures a crash interrupted between the append and the key's destruction. */
export async function finishBegunErasures(writer: EventWriter, vault: PersonalDataVault): Promise<number> {
  const begun = vault.erasuresBegun();
  for (const personId of begun) await finishErasure(writer, vault, personId);
  return begun.length;
}
