import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteKeyStore } from './sqlite-key-store.js';
import { describeKeyStoreConformance } from './testing/key-store.conformance.js';

describeKeyStoreConformance('sqlite', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-keys-'));
  return {
    shared: false,
    open: () => Promise.resolve(new SqliteKeyStore(dataDir)),
    dispose: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
  };
});
