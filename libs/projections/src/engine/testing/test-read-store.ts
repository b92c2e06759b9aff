import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { createReadStore, type ReadStore } from '#libs/read-store';

export interface TestReadStore {
  store: ReadStore;
  /** Opens the same store again (a restarted process). */
  reopen(): Promise<ReadStore>;
  dispose(): Promise<void>;
}

/** SQLite in a temporary directory, or MongoDB when READ_STORE=mongodb and MONGODB_URL are set. */
export async function openTestReadStore(): Promise<TestReadStore> {
  const url = process.env['MONGODB_URL'];
  const opened: ReadStore[] = [];
  const open = async (config: Parameters<typeof createReadStore>[0]) => {
    const store = await createReadStore(config);
    opened.push(store);
    return store;
  };
  if (process.env['READ_STORE'] === 'mongodb' && url) {
    const database = `projector_test_${randomUUID().slice(0, 8)}`;
    const config = { kind: 'mongodb' as const, url, database };
    return {
      store: await open(config),
      reopen: () => open(config),
      dispose: async () => {
        await Promise.all(opened.map((store) => store.close()));
        const client = new MongoClient(url);
        await client.db(database).dropDatabase().finally(() => client.close());
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'projector-'));
  const config = { kind: 'sqlite' as const, dataDir };
  return {
    store: await open(config),
    reopen: () => open(config),
    dispose: async () => {
      await Promise.all(opened.map((store) => store.close()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
