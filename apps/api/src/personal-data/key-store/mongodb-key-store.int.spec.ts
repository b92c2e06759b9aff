import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MongoDbKeyStore } from './mongodb-key-store.js';
import { describeKeyStoreConformance } from './testing/key-store.conformance.js';

const url = process.env['MONGODB_URL'];

if (url) {
  describeKeyStoreConformance('mongodb', async () => {
    const database = `key_store_test_${randomUUID().slice(0, 8)}`;
    return {
      shared: true,
      open: () => MongoDbKeyStore.connect(url, database),
      dispose: async () => {
        const client = new MongoClient(url);
        await client.db(database).dropDatabase().finally(() => client.close());
      },
    };
  });
} else {
  process.stdout.write('MongoDB key-store suite SKIPPED: MONGODB_URL is not set. Run `npm run test:mongo -- key-store` (starts FerretDB) or set MONGODB_URL.\n');
  describe('KeyStore conformance: mongodb', () => {
    it.skip('SKIPPED, MONGODB_URL is not set: npm run test:mongo -- key-store', () => undefined);
  });
}
