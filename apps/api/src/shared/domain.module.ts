import { Global, Module } from '@nestjs/common';
import { loadReferenceData } from '#libs/runtime';
import { Clock, SystemClock } from './clock.js';

export const REFERENCE_DATA = Symbol('REFERENCE_DATA');

/** Reference data, loaded and validated once at start-up (a broken file stops the start), and the clock. */
@Global()
@Module({
  providers: [
    { provide: REFERENCE_DATA, useFactory: () => loadReferenceData() },
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [REFERENCE_DATA, Clock],
})
export class DomainModule {}
