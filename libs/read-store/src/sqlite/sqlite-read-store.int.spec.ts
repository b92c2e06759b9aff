import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidReadStoreRequestError } from '../read-store.port.js';
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

describe.each([
  ['on its own connection', {}],
  ['on a writer thread', { writerThread: true }],
])('SQLite read store, batch writes %s', (_, options: SqliteReadStoreOptions) => {
  it('rolls back a batch that fails in the store, checkpoint included, with the error the store raised', async () => {
    const { store, dispose } = await harness(options)();
    try {
      await store.applyBatch('p', [{ type: 'upsert', collection: 'counts', id: 'a', position: 1n, doc: { n: 'text' } }], 1n);
      const failing = store.applyBatch(
        'p',
        [
          { type: 'upsert', collection: 'counts', id: 'b', position: 2n, doc: { m: 1 } },
          { type: 'increment', collection: 'counts', id: 'a', position: 2n, inc: { n: 1 } },
        ],
        2n,
      );
      await expect(failing).rejects.toBeInstanceOf(InvalidReadStoreRequestError);
      expect(await store.get('counts', 'b')).toBeNull();
      expect(await store.getCheckpoint('p')).toBe(1n);
      // The store goes on.
      await store.applyBatch('p', [{ type: 'upsert', collection: 'counts', id: 'b', position: 3n, doc: { m: 3 } }], 3n);
      expect(await store.get('counts', 'b')).toEqual({ id: 'b', m: 3, _position: 3n });
    } finally {
      await dispose();
    }
  });
});
