export * from './read-store.port.js';
export type { DocumentFilter, FieldOperators, RangeValue, SortSpec } from './document-filter.js';
export { createReadStore, type ReadStoreConfig } from './create-read-store.js';
export { SqliteReadStore, type SqliteReadStoreOptions } from './sqlite/sqlite-read-store.js';
export { MongoDbReadStore, type MongoDbReadStoreConfig } from './mongodb/mongodb-read-store.js';
export { applyIncrement, applyPatch, documentFields } from './write-batch.js';
