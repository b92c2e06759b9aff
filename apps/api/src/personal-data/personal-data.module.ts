import { Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '#libs/event-store';
import { EventWriter } from '../commands/event-writer.js';
import { APP_CONFIG, type AppConfig } from '#libs/runtime';
import { ErasePersonHandler, finishBegunErasures } from './erase-person.handler.js';
import { PersonalDataController } from './personal-data.controller.js';
import { EVENT_STORE } from '../infrastructure/stores.module.js';
import { PersonalDataVault } from './personal-data-vault.js';
import { reapplyLoggedErasures } from './reapply-erasures.js';
import { RenamePersonHandler } from './rename-person.handler.js';

/** The vault of per-person keys, shared by the commands that seal and the queries that open; and the erasure. */
@Global()
@Module({
  controllers: [PersonalDataController],
  providers: [
    { provide: PersonalDataVault, inject: [APP_CONFIG], useFactory: (config: AppConfig) => PersonalDataVault.open(config) },
    ErasePersonHandler,
    RenamePersonHandler,
  ],
  exports: [PersonalDataVault],
})
export class PersonalDataModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('personal-data');

  constructor(
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    private readonly writer: EventWriter,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  /**
   * Before the first request: a key whose PersonErased is in the log but that a crash kept is destroyed
   * now; so is every key a restored key-store backup brought back after its erasure was logged.
   */
  async onApplicationBootstrap(): Promise<void> {
    await finishBegunErasures(this.writer, this.vault);
    const { read, destroyed } = await reapplyLoggedErasures(this.events, this.vault);
    if (destroyed > 0) this.logger.warn(`${destroyed} of ${read} erasures in the event log found undone in the key store (a restored backup?): their keys destroyed again`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.vault.close();
  }
}
