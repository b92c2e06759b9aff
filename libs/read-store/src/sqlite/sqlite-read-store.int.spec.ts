import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReadStoreConformance } from '../testing/read-store.conformance.js';
import { SqliteReadStore } from './sqlite-read-store.js';

describeReadStoreConformance('sqlite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'read-store-'));
  const store = new SqliteReadStore(dataDir);
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
