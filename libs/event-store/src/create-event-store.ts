import type { EventStore } from './event-store.port.js';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.js';
import { PostgresEventStore } from './postgresql/postgresql-event-store.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

/** `clock` sets the store's `recordedAt` (tests of "as known at" move it; production uses the system clock). */
export type EventStoreConfig =
  | { kind: 'sqlite'; dataDir: string; clock?: () => Date }
  | { kind: 'kurrentdb'; url: string }
  | { kind: 'postgresql'; url: string; poolSize?: number; clock?: () => Date };

/** The adapter the configuration names (`EVENT_STORE=sqlite|postgresql|kurrentdb`), opened and ready. */
export const createEventStore = async (config: EventStoreConfig): Promise<EventStore> => {
  switch (config.kind) {
    case 'sqlite':
      return SqliteEventStore.open({ dataDir: config.dataDir, clock: config.clock });
    case 'postgresql':
      return PostgresEventStore.connect({ url: config.url, poolSize: config.poolSize, clock: config.clock });
    case 'kurrentdb':
      return KurrentDbEventStore.connect(config.url);
  }
};
