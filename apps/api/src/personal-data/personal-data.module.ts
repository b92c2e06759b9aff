import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ErasePersonHandler } from './erase-person.handler.js';
import { PersonalDataController } from './personal-data.controller.js';
import { PersonalDataVault } from './personal-data-vault.js';

/** The vault of per-person keys, shared by the commands that seal and the queries that open; and the erasure. */
@Global()
@Module({
  controllers: [PersonalDataController],
  providers: [
    { provide: PersonalDataVault, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new PersonalDataVault(config.dataDir) },
    ErasePersonHandler,
  ],
  exports: [PersonalDataVault],
})
export class PersonalDataModule implements OnApplicationShutdown {
  constructor(@Inject(PersonalDataVault) private readonly vault: PersonalDataVault) {}

  onApplicationShutdown(): void {
    this.vault.close();
  }
}
