import { MongoDbReadStore } from './mongodb/mongodb-read-store.js';
import type { ReadStore } from './read-store.port.js';
import { SqliteReadStore } from './sqlite/sqlite-read-store.js';

export type ReadStoreConfig = { kind: 'sqlite'; dataDir: string } | { kind: 'mongodb'; url: string; database?: string };

export async function createReadStore(config: ReadStoreConfig): Promise<ReadStore> {
  switch (config.kind) {
    case 'sqlite':
      return new SqliteReadStore(config.dataDir);
    case 'mongodb':
      return MongoDbReadStore.connect({ url: config.url, database: config.database });
  }
}
