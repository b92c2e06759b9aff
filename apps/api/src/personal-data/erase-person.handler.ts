import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accept, reject } from '#libs/domain';
import type { CommandResult } from '../commands/command-result.js';
import { EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { ProblemError } from '#libs/runtime';
import { Clock } from '../shared/clock.js';
import { personCertificatesIndex } from '../workers/person-certificates.js';
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

/** How long an erasure's answer waits for the keys store before saying the key's destruction is still under way. */
const ANSWER_WITHIN_MS = 10_000;

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

  /**
   * Waits for the key's destruction (the vault retries while another process holds the keys store). If
   * that takes longer than an answer can wait, the destruction goes on and the answer says the erasure
   * is recorded and the key not yet gone (503 `erasure_pending`): never "nothing was recorded".
   */
  private async destroyKey(personId: string): Promise<void> {
    const destroyed = this.vault.eraseWhenFree(personId);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), ANSWER_WITHIN_MS);
    });
    try {
      const outcome = await Promise.race([destroyed.then(() => 'done' as const), late]);
      if (outcome === 'late') {
        destroyed.catch(() => undefined); // a closed vault leaves the note: the next start finishes it
        throw new ProblemError(503, 'erasure_pending', "The erasure is recorded; the person's key is destroyed as soon as the keys store is free.", undefined, { 'Retry-After': '5' });
      }
    } catch (error) {
      if (error instanceof ProblemError) throw error;
      throw new ProblemError(503, 'erasure_pending', "The erasure is recorded; the person's key is destroyed at the next start.", undefined, { 'Retry-After': '5' });
    } finally {
      clearTimeout(timer);
    }
  }

  async execute({ personId, context }: ErasePerson): Promise<CommandResult> {
    const erasedOn = this.clock.today();
    await this.writer.loadExisting(personErasureAggregate, personId);
    await this.vault.beginErasure(personId);
    let recorded = false;
    try {
      const result = await this.writer.execute({
        type: personErasureAggregate,
        id: personId,
        context,
        mode: 'update',
        occurredAt: erasedOn,
        decide: async ({ state }) => {
          if (state.erased) return reject('already_erased', "The person's personal data has already been erased.");
          // The certificates are named so that read models drop what they keep of their numbers (decision 0020).
          const { certificateIds } = (await this.writer.load(personCertificatesIndex, personId)).state;
          return accept<PersonErased>([{ type: 'PersonErased', data: { personId, erasedOn, certificateIds } }]);
        },
      });
      // Recorded: from here on the key must go, whoever holds the keys store; the answer never says otherwise.
      recorded = true;
      await this.destroyKey(personId);
      return result;
    } finally {
      // Refused, or failed before the append: the erasure the log records (now or before) is finished, any other abandoned.
      if (!recorded && (await this.vault.erasuresBegun()).includes(personId)) {
        const { state } = await this.writer.load(personErasureAggregate, personId);
        if (state.erased) await this.destroyKey(personId);
        else await this.vault.abandonErasure(personId);
      }
    }
  }
}

/** The log decides: erased there, the key goes; not, the key stays and the note is dropped. */
async function finishErasure(writer: EventWriter, vault: PersonalDataVault, personId: string): Promise<void> {
  const { state } = await writer.load(personErasureAggregate, personId);
  if (state.erased) await vault.eraseWhenFree(personId);
  else await vault.abandonErasure(personId);
}

/** At start: the erasures a crash interrupted between the append and the key's destruction. */
export async function finishBegunErasures(writer: EventWriter, vault: PersonalDataVault): Promise<number> {
  const begun = await vault.erasuresBegun();
  for (const personId of begun) await finishErasure(writer, vault, personId);
  return begun.length;
}
