import { InvalidReadStoreRequestError } from './read-store.port.js';

const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,119}$/;

/**
 * Collection names are lower-case identifiers, so they are safe as SQLite table names and MongoDB
 * collection names alike. Names of the stores' own bookkeeping are refused.
 */
export function assertCollectionName(name: string): void {
  if (!COLLECTION_NAME.test(name) || name.startsWith('sqlite_') || RESERVED.has(name)) {
    throw new InvalidReadStoreRequestError(`invalid collection name: ${JSON.stringify(name)}`);
  }
}

/** MongoDB collections of the adapter's bookkeeping (SQLite's start with `_`, which names cannot). */
export const MONGODB_META_COLLECTIONS = { checkpoints: 'checkpoints', activeVersions: 'projection_versions', leases: 'leases' } as const;

const RESERVED = new Set<string>(Object.values(MONGODB_META_COLLECTIONS));
