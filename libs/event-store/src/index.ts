export * from './event-store.port.js';
export { createEventStore, type EventStoreConfig } from './create-event-store.js';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store.js';
export { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.js';
export { canonicalJson, eventHash, chainEvents, verifyChain } from './hash-chain.js';
export { categoryOf, isValidStreamName, isValidEventType } from './stream-name.js';
export { MAX_EVENT_BYTES } from './append-validation.js';
export { matchesFilter } from './event-filter.js';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgresql/postgresql-event-store.js';
