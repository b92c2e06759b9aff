import { MongoDbReadStore } from './mongodb/mongodb-read-store.js';
import type { ReadStore } from './read-store.port.js';
import { SqliteReadStore, type SqliteReadStoreOptions } from './sqlite/sqlite-read-store.js';

export type ReadStoreConfig = ({ kind: 'sqlite'; dataDir: string } & SqliteReadStoreOptions) | { kind: 'mongodb'; url: string; database?: string };

export async function createReadStore(config: ReadStoreConfig): Promise<ReadStore> {
  switch (config.kind) {
    case 'sqlite':
      return new SqliteReadStore(config.dataDir, { writerThread: config.writerThread ?? false });
    case 'mongodb':
      return MongoDbReadStore.connect({ url: config.url, database: config.database });
  }
}
