import type { EventStore } from './event-store.port.js';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

export type EventStoreConfig = { kind: 'sqlite'; dataDir: string } | { kind: 'kurrentdb'; url: string };

/** The adapter the configuration names (`EVENT_STORE=sqlite|kurrentdb`), opened and ready. */
export const createEventStore = async (config: EventStoreConfig): Promise<EventStore> =>
  config.kind === 'sqlite' ? SqliteEventStore.open({ dataDir: config.dataDir }) : KurrentDbEventStore.connect(config.url);
