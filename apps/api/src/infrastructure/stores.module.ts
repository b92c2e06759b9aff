import { Global, Inject, Logger, Module, OnApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { createEventStore, type EventStore } from '#libs/event-store';
import { APP_CONFIG, type AppConfig, TRACING, type Tracing } from '#libs/runtime';
import { instrumentEventStore, METRICS, Metrics } from '#libs/runtime/metrics/metrics';
import { traceEventStore } from '#libs/runtime/tracing/traced-stores';

export const EVENT_STORE = Symbol('EVENT_STORE');

/** Opens the stores named by the configuration and closes them last on shutdown (after in-flight appends). */
@Global()
@Module({})
export class StoresModule implements OnApplicationShutdown {
  private readonly logger = new Logger('stores');

  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  /** With `tracing` (traces on), each append is in a span; without it the store is not wrapped for traces at all. */
  static register(config: AppConfig, tracing?: Tracing): DynamicModule {
    return {
      module: StoresModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: METRICS, useFactory: () => new Metrics() },
        { provide: TRACING, useValue: tracing ?? null },
        {
          provide: EVENT_STORE,
          inject: [METRICS],
          useFactory: async (metrics: Metrics) => {
            const store = instrumentEventStore(await createEventStore(config.eventStore), metrics);
            return tracing ? traceEventStore(store, tracing, config.eventStore.kind) : store;
          },
        },
      ],
      exports: [APP_CONFIG, EVENT_STORE, METRICS, TRACING],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.eventStore.close();
    this.logger.log('event store closed');
  }
}
