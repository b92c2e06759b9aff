import type { KeyStoreConfig } from '#libs/runtime';
import type { KeyStore } from './key-store.port.js';
import { SqliteKeyStore } from './sqlite-key-store.js';

/** The key store of this configuration, opened: a server that cannot be reached throws a StoreUnavailableError naming it. */
export async function openKeyStore(config: KeyStoreConfig): Promise<KeyStore> {
  switch (config.kind) {
    case 'sqlite':
      return new SqliteKeyStore(config.dataDir);
    case 'postgresql': {
      const { PostgresKeyStore } = await import('./postgresql-key-store.js');
      return PostgresKeyStore.connect(config.url);
    }
    case 'mongodb': {
      const { MongoDbKeyStore } = await import('./mongodb-key-store.js');
      return MongoDbKeyStore.connect(config.url, config.database);
    }
  }
}
