import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReadStoreConformance } from '../testing/read-store.conformance.js';
import { SqliteReadStore, type SqliteReadStoreOptions } from './sqlite-read-store.js';

const harness = (options: SqliteReadStoreOptions) => async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'read-store-'));
  const store = new SqliteReadStore(dataDir, options);
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

describeReadStoreConformance('sqlite', harness({}));
describeReadStoreConformance('sqlite with a writer thread', harness({ writerThread: true }));
