import type { EventStore } from './event-store.port.js';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

/** `clock` sets the embedded store's `recordedAt` (tests of "as known at" move it; production uses the system clock). */
export type EventStoreConfig = { kind: 'sqlite'; dataDir: string; clock?: () => Date } | { kind: 'kurrentdb'; url: string };

/** The adapter the configuration names (`EVENT_STORE=sqlite|kurrentdb`), opened and ready. */
export const createEventStore = async (config: EventStoreConfig): Promise<EventStore> =>
  config.kind === 'sqlite' ? SqliteEventStore.open({ dataDir: config.dataDir, clock: config.clock }) : KurrentDbEventStore.connect(config.url);
