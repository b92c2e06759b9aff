import { Global, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventWriter } from '../commands/event-writer.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ErasePersonHandler, finishBegunErasures } from './erase-person.handler.js';
import { PersonalDataController } from './personal-data.controller.js';
import { PersonalDataVault } from './personal-data-vault.js';
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
  constructor(
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    private readonly writer: EventWriter,
  ) {}

  /** Before the first request: a key whose PersonErased is in the log but that a crash kept is destroyed now. */
  async onApplicationBootstrap(): Promise<void> {
    await finishBegunErasures(this.writer, this.vault);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.vault.close();
  }
}
