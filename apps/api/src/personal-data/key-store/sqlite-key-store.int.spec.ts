import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KEY_BYTES } from './key-store.port.js';
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

describe('SQLite key store: an erased ID number is in no file under DATA_DIR', () => {
  it('zeroes the entry and truncates the WAL: neither the hash nor the key is left in keys.sqlite or beside it', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-keys-'));
    const store = new SqliteKeyStore(dataDir);
    try {
      const personId = randomUUID();
      const key = randomBytes(KEY_BYTES);
      const hash = randomBytes(32).toString('hex');
      await store.createKeys([{ personId, candidate: key }]);
      await store.claimIdNumber(hash, personId);
      const everything = () => Buffer.concat(readdirSync(dataDir).map((name) => readFileSync(path.join(dataDir, name))));
      // The check would prove nothing if the hash were not on disk to begin with.
      expect(everything().includes(Buffer.from(hash))).toBe(true);

      await store.beginErasure(personId);
      expect(await store.tryErase(personId)).toBe(true);

      expect(await store.findIdNumber(hash)).toBeNull();
      expect(everything().includes(Buffer.from(hash))).toBe(false);
      expect(everything().includes(key)).toBe(false);
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
