import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { SqliteReadStore } from '../sqlite/sqlite-read-store.js';
import { describeReadStoreConformance, type ReadStoreHarness } from '../testing/read-store.conformance.js';
import { loadDocuments, MIXED_DOCUMENTS } from '../testing/read-store-fixtures.js';
import { randomQueries } from '../testing/random-queries.js';
import { MongoDbReadStore } from './mongodb-read-store.js';

const url = process.env['MONGODB_URL'];

/** A database of its own per run, dropped afterwards. */
async function openMongo(mongoUrl: string): Promise<ReadStoreHarness> {
  const database = `read_store_test_${randomUUID().slice(0, 8)}`;
  const store = await MongoDbReadStore.connect({ url: mongoUrl, database });
  return {
    store,
    dispose: async () => {
      await store.close();
      const client = new MongoClient(mongoUrl);
      try {
        await client.db(database).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

if (url) {
  describeReadStoreConformance('mongodb', () => openMongo(url));

  describe('ReadStore adapters agree', () => {
    let mongo: ReadStoreHarness;
    let sqlite: SqliteReadStore;
    let dataDir: string;

    beforeAll(async () => {
      mongo = await openMongo(url);
      dataDir = mkdtempSync(join(tmpdir(), 'read-store-'));
      sqlite = new SqliteReadStore(dataDir);
      await loadDocuments(mongo.store, 'mixed', MIXED_DOCUMENTS);
      await loadDocuments(sqlite, 'mixed', MIXED_DOCUMENTS);
    });
    afterAll(async () => {
      await mongo?.dispose();
      await sqlite?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('returns the same documents, in the same order, for 300 random queries', async () => {
      const disagreements: string[] = [];
      for (const query of randomQueries(300)) {
        const [fromSqlite, fromMongo] = await Promise.all([sqlite.find('mixed', query), mongo.store.find('mixed', query)]);
        if (JSON.stringify(fromSqlite.map((doc) => doc.id)) !== JSON.stringify(fromMongo.map((doc) => doc.id))) {
          disagreements.push(`${JSON.stringify(query)}: sqlite ${fromSqlite.map((doc) => doc.id)} / mongodb ${fromMongo.map((doc) => doc.id)}`);
        }
      }
      expect(disagreements).toEqual([]);
    });
  });
} else {
  describe('ReadStore conformance: mongodb', () => {
    it.skip('SKIPPED, MONGODB_URL is not set: npm run test:mongo starts FerretDB and runs this suite', () => undefined);
  });
  process.stdout.write(
    'mongodb read-store tests skipped: MONGODB_URL is not set. Run `npm run test:mongo` (starts FerretDB) or set MONGODB_URL.\n',
  );
}
