import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accept, reject, type Decision, type PersonRenamed, type WorkerEvent } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { sameName } from '../workers/enroll-worker.handler.js';
import { workerAggregate } from '../workers/worker.aggregate.js';
import { PersonalDataVault } from './personal-data-vault.js';
import type { RenamePersonDto } from './rename-person.dto.js';

export class RenamePerson extends Command<CommandResult> {
  constructor(
    readonly personId: string,
    readonly body: RenamePersonDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * A change of name (改名) on documentary proof, by the city's administrator: the account's personal
 * data sealed again, with the new name and the same ID number. The only way a name changes.
 */
@CommandHandler(RenamePerson)
export class RenamePersonHandler implements ICommandHandler<RenamePerson> {
  constructor(
    private readonly writer: EventWriter,
    private readonly vault: PersonalDataVault,
  ) {}

  async execute({ personId, body, context }: RenamePerson): Promise<CommandResult> {
    return this.writer.execute({
      type: workerAggregate,
      id: personId,
      context,
      mode: 'update',
      occurredAt: body.renamedOn,
      decide: async ({ state }): Promise<Decision<WorkerEvent>> => {
        const personal = state.erasedOn === null && state.personal ? await this.vault.open(state.personal) : null;
        if (!personal) return reject('already_erased', "The person's personal data has been erased.");
        if (sameName(personal.name, body.name)) return reject('name_unchanged', 'The account already has this name.', { path: 'name' });
        const sealed = await this.vault.seal(personId, { ...personal, name: body.name });
        return accept<PersonRenamed>([{ type: 'PersonRenamed', data: { personId, renamedOn: body.renamedOn, personal: sealed } }]);
      },
    });
  }
}
