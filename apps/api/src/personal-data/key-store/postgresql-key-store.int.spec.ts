import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createPostgresDatabase, type TestDatabase } from '../../../../../libs/event-store/src/testing/postgres-test-database.js';
import { KEY_BYTES } from './key-store.port.js';
import { PostgresKeyStore } from './postgresql-key-store.js';
import { describeKeyStoreConformance } from './testing/key-store.conformance.js';

const url = process.env['POSTGRES_URL'];
/** Databases this suite creates on POSTGRES_URL's server are named `<prefix>_<random>` and dropped after. */
const PREFIX = process.env['TEST_DATABASE_PREFIX'] ?? 'key_store_test';

/** A database of its own on POSTGRES_URL's server, and its URL. */
const freshDatabase = (): Promise<TestDatabase> => createPostgresDatabase(url!, PREFIX);

if (url) {
  describeKeyStoreConformance('postgresql', async () => {
    const database = await freshDatabase();
    return { shared: true, open: () => PostgresKeyStore.connect(database.url), dispose: () => database.drop() };
  });

  describe('PostgreSQL key store: an erased key is in no live file of the table', () => {
    let database: { url: string; drop(): Promise<void> };
    let store: PostgresKeyStore;
    let inspector: pg.Client;

    beforeAll(async () => {
      database = await freshDatabase();
      store = await PostgresKeyStore.connect(database.url);
      inspector = new pg.Client({ connectionString: database.url });
      await inspector.connect();
    });
    afterAll(async () => {
      await inspector?.end();
      await store?.close();
      await database?.drop();
    });

    /** The bytes of the partition's file as the server holds it on disk after a checkpoint (superuser: pg_read_binary_file). */
    const fileOf = async (relation: string): Promise<{ path: string; bytes: Buffer }> => {
      await inspector.query('CHECKPOINT');
      const { rows } = await inspector.query<{ path: string }>('SELECT pg_relation_filepath($1::regclass) AS path', [relation]);
      const path = rows[0]!.path;
      return { path, bytes: await bytesAt(path) };
    };
    const bytesAt = async (path: string): Promise<Buffer> => {
      const { rows } = await inspector.query<{ bytes: Buffer | null }>('SELECT pg_read_binary_file($1::text, 0, 16777216, true) AS bytes', [path]);
      return rows[0]!.bytes ?? Buffer.alloc(0);
    };

    it('overwrites, deletes and rewrites the partition: neither the new file nor the old one holds the key', async () => {
      const personId = randomUUID();
      const key = randomBytes(KEY_BYTES);
      expect(await store.createKeys([{ personId, candidate: key }])).toEqual([{ key }]);
      const { rows } = await inspector.query<{ partition: string }>('SELECT tableoid::regclass::text AS partition FROM person_keys WHERE person_id = $1', [personId]);
      const partition = rows[0]!.partition;
      const before = await fileOf(partition);
      // The check would prove nothing if the key were not in the file to begin with.
      expect(before.bytes.includes(key)).toBe(true);

      expect(await store.tryErase(personId)).toBe(true);

      const after = await fileOf(partition);
      expect(after.path).not.toBe(before.path);
      expect(after.bytes.includes(key)).toBe(false);
      // The file the row lived in is truncated at the rewrite's commit and unlinked at the next checkpoint.
      expect((await bytesAt(before.path)).includes(key)).toBe(false);
      expect(await store.erasuresBegun()).not.toContain(personId);
    });

    it('deletes the ID number with the key and rewrites its partition: no file of id_numbers holds the hash', async () => {
      const personId = randomUUID();
      const hash = randomBytes(32).toString('hex');
      await store.createKeys([{ personId, candidate: randomBytes(KEY_BYTES) }]);
      expect(await store.claimIdNumber(hash, personId)).toEqual({ personId });
      const { rows } = await inspector.query<{ partition: string }>('SELECT tableoid::regclass::text AS partition FROM id_numbers WHERE id_number_hash = $1', [hash]);
      const before = await fileOf(rows[0]!.partition);
      expect(before.bytes.includes(Buffer.from(hash))).toBe(true);

      await store.beginErasure(personId);
      expect(await store.tryErase(personId)).toBe(true);

      expect(await store.findIdNumber(hash)).toBeNull();
      const after = await fileOf(rows[0]!.partition);
      expect(after.path).not.toBe(before.path);
      expect(after.bytes.includes(Buffer.from(hash))).toBe(false);
      expect((await bytesAt(before.path)).includes(Buffer.from(hash))).toBe(false);
      // The index by person is rebuilt with its table: no file of it keeps the pair either.
      const index = await inspector.query<{ index: string }>(
        `SELECT i.indexrelid::regclass::text AS index FROM pg_index i WHERE i.indrelid = $1::regclass`,
        [rows[0]!.partition],
      );
      for (const { index: name } of index.rows) expect((await fileOf(name)).bytes.includes(Buffer.from(hash))).toBe(false);
      expect(await inspector.query('SELECT 1 FROM id_number_rewrites WHERE person_id = $1', [personId])).toMatchObject({ rowCount: 0 });
    });

    it('keeps the erasure pending while an older transaction could still see the row, and finishes it after', async () => {
      const personId = randomUUID();
      const key = randomBytes(KEY_BYTES);
      await store.createKeys([{ personId, candidate: key }]);
      await inspector.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await inspector.query('SELECT count(*) FROM erased_persons');
      await store.beginErasure(personId);
      // Unreadable at once; the rewrite waits for the old snapshot.
      expect(await store.tryErase(personId)).toBe(false);
      expect((await store.getKeys([personId])).has(personId)).toBe(false);
      expect(await store.erasuresBegun()).toContain(personId);
      await inspector.query('COMMIT');
      expect(await store.tryErase(personId)).toBe(true);
      expect(await store.erasuresBegun()).not.toContain(personId);
    });
  });
} else {
  const how = 'POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres npm test -- key-store (it creates and drops a database of its own)';
  process.stdout.write(`PostgreSQL key-store suite SKIPPED: POSTGRES_URL is not set. To run it: ${how}\n`);
  describe('KeyStore conformance: postgresql', () => {
    it.skip(`SKIPPED, POSTGRES_URL is not set: ${how}`, () => undefined);
  });
}
