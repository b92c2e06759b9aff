/**
 * The behaviour every ReadStore adapter must have. Each adapter's `*.int.spec.ts` calls
 * `describeReadStoreConformance` with a way to open a fresh, empty store.
 */
import { InvalidReadStoreRequestError, type ReadStore, type WriteOp } from '../read-store.port.js';
import type { DocumentFilter, SortSpec } from '../document-filter.js';
import { loadDocuments, MIXED_DOCUMENTS } from './read-store-fixtures.js';

export interface ReadStoreHarness {
  store: ReadStore;
  /** Closes the store and removes what the test wrote. */
  dispose(): Promise<void>;
}

const FILTER_CASES: [DocumentFilter, string[]][] = [
  [{}, Object.keys(MIXED_DOCUMENTS)],
  [{ v: 1 }, ['t01']],
  [{ v: 2.5 }, ['t02']],
  [{ v: { $eq: 2.5 } }, ['t02']],
  [{ v: 'x' }, ['t03']],
  [{ v: true }, ['t04']],
  [{ v: false }, ['t05']],
  [{ v: 0 }, ['t10']],
  [{ v: 10 }, []],
  [{ v: '10' }, ['t09']],
  [{ v: null }, ['t06', 't07']],
  [{ v: { $ne: 1 } }, ['t02', 't03', 't04', 't05', 't06', 't07', 't08', 't09', 't10', 't11']],
  [{ v: { $ne: null } }, ['t01', 't02', 't03', 't04', 't05', 't08', 't09', 't10', 't11']],
  [{ v: { $ne: false } }, ['t01', 't02', 't03', 't04', 't06', 't07', 't08', 't09', 't10', 't11']],
  [{ v: { $in: [1, 'x', null] } }, ['t01', 't03', 't06', 't07']],
  [{ v: { $in: [true, 0] } }, ['t04', 't10']],
  [{ v: { $in: [] } }, []],
  [{ v: { $gt: 0 } }, ['t01', 't02']],
  [{ v: { $gte: 0 } }, ['t01', 't02', 't10']],
  [{ v: { $lt: 1 } }, ['t08', 't10']],
  [{ v: { $lte: 1 } }, ['t01', 't08', 't10']],
  [{ v: { $gt: -5, $lt: 2 } }, ['t01', 't08', 't10']],
  [{ v: { $gt: 'a' } }, ['t03']],
  [{ v: { $lt: 'a' } }, ['t09']],
  [{ v: { $exists: true } }, ['t01', 't02', 't03', 't04', 't05', 't06', 't08', 't09', 't10', 't11']],
  [{ v: { $exists: false } }, ['t07']],
  [{ 'a.b': 2 }, ['t02']],
  [{ 'a.b': null }, ['t03', 't04', 't05', 't07', 't09', 't10', 't11']],
  [{ 'a.b': { $gte: 2 } }, ['t02', 't08']],
  [{ 'a.b': { $exists: true } }, ['t01', 't02', 't03', 't06', 't08']],
  [{ 'a.b': { $in: ['deep', 3] } }, ['t06', 't08']],
  [{ s: 'apple', v: { $gte: 1 } }, ['t01']],
  [{ s: { $gt: 'a', $lt: 'c' } }, ['t01', 't02', 't05', 't09']],
  [{ s: 'éclair' }, ['t06']],
  [{ s: '' }, ['t10']],
  [{ id: 't03' }, ['t03']],
  [{ id: { $in: ['t01', 't02', 'zz'] } }, ['t01', 't02']],
  [{ id: { $gt: 't09' } }, ['t10', 't11']],
  [{ id: { $ne: 't01' }, s: 'apple' }, ['t05', 't09']],
];

const SORT_CASES: [SortSpec, string[]][] = [
  [{ v: 1 }, ['t06', 't07', 't08', 't10', 't01', 't02', 't09', 't03', 't11', 't05', 't04']],
  [{ v: -1 }, ['t04', 't05', 't11', 't03', 't09', 't02', 't01', 't10', 't08', 't06', 't07']],
  [{ s: 1 }, ['t10', 't03', 't01', 't05', 't09', 't02', 't04', 't07', 't08', 't11', 't06']],
  [{ s: 1, v: -1 }, ['t10', 't03', 't05', 't09', 't01', 't02', 't04', 't07', 't08', 't11', 't06']],
  [{ 'a.b': 1 }, ['t03', 't04', 't05', 't07', 't09', 't10', 't11', 't01', 't02', 't08', 't06']],
  [{ id: -1 }, ['t11', 't10', 't09', 't08', 't07', 't06', 't05', 't04', 't03', 't02', 't01']],
];

export function describeReadStoreConformance(adapter: string, open: () => Promise<ReadStoreHarness>): void {
  describe(`ReadStore conformance: ${adapter}`, () => {
    let harness: ReadStoreHarness;
    let store: ReadStore;
    let counter = 0;
    /** A collection name no other test uses. */
    const fresh = (name: string): string => `c${++counter}_${name}`;

    beforeAll(async () => {
      harness = await open();
      store = harness.store;
      await loadDocuments(store, 'mixed', MIXED_DOCUMENTS);
    });
    afterAll(async () => harness?.dispose());

    describe('filters', () => {
      it.each(FILTER_CASES)('%j matches %j', async (filter, expected) => {
        const found = await store.find('mixed', { filter });
        expect(found.map((doc) => doc.id)).toEqual(expected);
        expect(await store.count('mixed', filter)).toBe(expected.length);
      });

      it('refuses unknown operators, bad field paths and non-scalar operands', async () => {
        const bad: DocumentFilter[] = [
          { v: { $regex: 'a' } as never },
          { 'a..b': 1 },
          { $where: 1 },
          { _position: { $gt: 0 } },
          { v: { $in: 'x' as never } },
          { v: { $gt: null as never } },
          { v: { k: 1 } as never },
          { v: { $exists: 1 as never } },
        ];
        for (const filter of bad) {
          await expect(store.find('mixed', { filter })).rejects.toBeInstanceOf(InvalidReadStoreRequestError);
        }
      });
    });

    describe('sort, limit and skip', () => {
      it.each(SORT_CASES)('sorts by %j', async (sort, expected) => {
        expect((await store.find('mixed', { sort })).map((doc) => doc.id)).toEqual(expected);
      });

      it('skips and limits after sorting', async () => {
        const ids = async (skip?: number, limit?: number) => (await store.find('mixed', { sort: { v: 1 }, skip, limit })).map((doc) => doc.id);
        expect(await ids(2, 3)).toEqual(['t08', 't10', 't01']);
        expect(await ids(9)).toEqual(['t05', 't04']);
        expect(await ids(undefined, 2)).toEqual(['t06', 't07']);
        expect(await ids(0, 0)).toEqual([]);
        expect(await ids(50, 5)).toEqual([]);
      });

      it('applies the filter before paging', async () => {
        const found = await store.find('mixed', { filter: { s: 'apple' }, sort: { id: -1 }, skip: 1, limit: 1 });
        expect(found.map((doc) => doc.id)).toEqual(['t05']);
      });

      it('refuses negative or fractional paging and bad directions', async () => {
        await expect(store.find('mixed', { limit: -1 })).rejects.toBeInstanceOf(InvalidReadStoreRequestError);
        await expect(store.find('mixed', { skip: 1.5 })).rejects.toBeInstanceOf(InvalidReadStoreRequestError);
        await expect(store.find('mixed', { sort: { v: 0 as never } })).rejects.toBeInstanceOf(InvalidReadStoreRequestError);
      });
    });

    describe('documents', () => {
      it('reads a document with its id, fields and position', async () => {
        expect(await store.get('mixed', 't02')).toEqual({ id: 't02', v: 2.5, s: 'banana', a: { b: 2 }, tag: 'y', _position: 1n });
        expect(await store.get('mixed', 'nope')).toBeNull();
      });

      it('reads several documents by id, skipping those that do not exist', async () => {
        const found = await store.getMany('mixed', ['t03', 'nope', 't01', 't03']);
        expect(found.map((doc) => doc.id).sort()).toEqual(['t01', 't03']);
        expect(found.find((doc) => doc.id === 't01')).toEqual(await store.get('mixed', 't01'));
        expect(await store.getMany('mixed', [])).toEqual([]);
      });

      it('answers empty for a collection that does not exist', async () => {
        const never = fresh('never');
        expect(await store.get(never, 'x')).toBeNull();
        expect(await store.getMany(never, ['x'])).toEqual([]);
        expect(await store.find(never, { filter: { v: 1 } })).toEqual([]);
        expect(await store.count(never)).toBe(0);
      });

      it('refuses collection names that are not lower-case identifiers', async () => {
        for (const name of ['Workers', 'a-b', '_x', 'checkpoints', 'a.b', '']) {
          await expect(store.get(name, 'x')).rejects.toBeInstanceOf(InvalidReadStoreRequestError);
        }
      });

      it('keeps nested objects, arrays, unicode and an id that is not an identifier', async () => {
        const things = fresh('things');
        const doc = { name: '益阳市', list: [1, 'two', { three: 3 }, null], nested: { deep: { deeper: true } }, empty: {} };
        await store.applyBatch('p', [{ type: 'upsert', collection: things, id: 'worker-42/x y', position: 7n, doc }], 7n);
        expect(await store.get(things, 'worker-42/x y')).toEqual({ id: 'worker-42/x y', ...doc, _position: 7n });
      });

      it('writes a document read back as it is, without duplicating id or _position', async () => {
        const things = fresh('things');
        await store.applyBatch('p', [{ type: 'upsert', collection: things, id: 'a', position: 1n, doc: { n: 1 } }], 1n);
        const read = (await store.get(things, 'a'))!;
        await store.applyBatch('p', [{ type: 'upsert', collection: things, id: 'a', position: 2n, doc: { ...read, n: 2 } }], 2n);
        expect(await store.get(things, 'a')).toEqual({ id: 'a', n: 2, _position: 2n });
      });

      it('creates indexes idempotently and still answers the same', async () => {
        await store.ensureIndex('mixed', ['s']);
        await store.ensureIndex('mixed', ['s']);
        await store.ensureIndex('mixed', ['a.b', 'v']);
        expect((await store.find('mixed', { filter: { s: 'apple' } })).map((doc) => doc.id)).toEqual(['t01', 't05', 't09']);
        expect((await store.find('mixed', { filter: { 'a.b': { $gte: 2 } } })).map((doc) => doc.id)).toEqual(['t02', 't08']);
      });
    });

    describe('the _position guard', () => {
      const upsert = (collection: string, id: string, position: bigint, doc: object): WriteOp => ({ type: 'upsert', collection, id, position, doc });

      it('applies an upsert only over a lower position', async () => {
        const things = fresh('things');
        await store.applyBatch('p', [upsert(things, 'a', 5n, { n: 5 })], 5n);
        await store.applyBatch('p', [upsert(things, 'a', 3n, { n: 3 })], 3n);
        await store.applyBatch('p', [upsert(things, 'a', 5n, { n: 55 })], 5n);
        expect(await store.get(things, 'a')).toEqual({ id: 'a', n: 5, _position: 5n });
        await store.applyBatch('p', [upsert(things, 'a', 6n, { m: 6 })], 6n);
        expect(await store.get(things, 'a')).toEqual({ id: 'a', m: 6, _position: 6n });
      });

      it('patches: creates, sets, unsets, and ignores a lower position', async () => {
        const things = fresh('things');
        await store.applyBatch('p', [{ type: 'patch', collection: things, id: 'a', position: 1n, set: { x: 1, y: 'y' } }], 1n);
        await store.applyBatch('p', [{ type: 'patch', collection: things, id: 'a', position: 3n, set: { x: 3, z: { deep: [1] } }, unset: ['y'] }], 3n);
        await store.applyBatch('p', [{ type: 'patch', collection: things, id: 'a', position: 2n, set: { x: 2, late: true } }], 3n);
        expect(await store.get(things, 'a')).toEqual({ id: 'a', x: 3, z: { deep: [1] }, _position: 3n });
      });

      it('deletes only over a lower position', async () => {
        const things = fresh('things');
        await store.applyBatch('p', [upsert(things, 'a', 5n, { n: 1 }), upsert(things, 'b', 5n, { n: 2 })], 5n);
        await store.applyBatch('p', [
          { type: 'delete', collection: things, id: 'a', position: 4n },
          { type: 'delete', collection: things, id: 'b', position: 6n },
          { type: 'delete', collection: things, id: 'missing', position: 6n },
        ], 6n);
        expect((await store.find(things)).map((doc) => doc.id)).toEqual(['a']);
      });

      it('applies the writes of a batch that pass the guard even when others in it fail it', async () => {
        const things = fresh('things');
        await store.applyBatch('p', [upsert(things, 'old', 10n, { v: 'kept' }), upsert(things, 'mid', 10n, { v: 'kept' })], 10n);
        await store.applyBatch('p', [
          upsert(things, 'old', 8n, { v: 'stale' }),
          upsert(things, 'new', 11n, { v: 'written' }),
          { type: 'patch', collection: things, id: 'mid', position: 9n, set: { v: 'stale' } },
          { type: 'patch', collection: things, id: 'other', position: 11n, set: { v: 'written' } },
          upsert(things, 'last', 11n, { v: 'written' }),
        ], 11n);
        const found = await store.find(things);
        expect(found.map((doc) => [doc.id, doc['v']])).toEqual([
          ['last', 'written'], ['mid', 'kept'], ['new', 'written'], ['old', 'kept'], ['other', 'written'],
        ]);
      });

      it('changes nothing when a batch is replayed', async () => {
        const things = fresh('things');
        const first: WriteOp[] = [
          upsert(things, 'a', 10n, { n: 1 }),
          { type: 'patch', collection: things, id: 'b', position: 11n, set: { n: 1 } },
          upsert(things, 'c', 12n, { n: 1 }),
        ];
        const second: WriteOp[] = [
          { type: 'patch', collection: things, id: 'a', position: 13n, set: { n: 2 } },
          upsert(things, 'b', 14n, { n: 2 }),
          { type: 'delete', collection: things, id: 'c', position: 15n },
        ];
        await store.applyBatch('p', first, 12n);
        await store.applyBatch('p', second, 15n);
        const after = await store.find(things);
        await store.applyBatch('p', first, 12n);
        await store.applyBatch('p', second, 15n);
        expect(await store.find(things)).toEqual(after);
        expect(after).toEqual([
          { id: 'a', n: 2, _position: 13n },
          { id: 'b', n: 2, _position: 14n },
        ]);
      });

      it('increments counters at dotted paths without a read, creating them at 0, and ignores a lower position', async () => {
        const counts = fresh('counts');
        const increment = (position: bigint, inc: Record<string, number>, set?: object): WriteOp => ({ type: 'increment', collection: counts, id: 'a', position, inc, ...(set ? { set } : {}) });
        await store.applyBatch('p', [increment(2n, { 'd0101.m': 1, total: 2 }, { group: 'g', year: 2021 })], 2n);
        await store.applyBatch('p', [increment(4n, { 'd0101.m': -1, 'd0101.n': 3, 'd0102.m': 0.5 }, { group: 'g', year: 2021 })], 4n);
        await store.applyBatch('p', [increment(3n, { 'd0101.m': 100, total: 100 })], 4n);
        await store.applyBatch('p', [increment(4n, { 'd0101.m': 100 })], 4n);
        expect(await store.get(counts, 'a')).toEqual({ id: 'a', group: 'g', year: 2021, total: 2, d0101: { m: 0, n: 3 }, d0102: { m: 0.5 }, _position: 4n });
        expect((await store.find(counts, { filter: { 'd0101.n': { $gte: 3 } } })).map((doc) => doc.id)).toEqual(['a']);
      });

      it('refuses counters that are not numbers at field paths, or that collide with a field set beside them', async () => {
        const counts = fresh('counts');
        const refused = (inc: Record<string, number>, set?: object) =>
          expect(store.applyBatch('p', [{ type: 'increment', collection: counts, id: 'a', position: 1n, inc, ...(set ? { set } : {}) }], 1n)).rejects.toBeInstanceOf(InvalidReadStoreRequestError);
        await refused({ '0101.m': 1 });
        await refused({ _position: 1 });
        await refused({ n: Number.NaN });
        await refused({ 'g.n': 1 }, { g: 'x' });
        await refused({ n: 1 }, { 'x.y': 1 });
        expect(await store.count(counts)).toBe(0);
      });

      it('compares positions beyond 2^53 exactly', async () => {
        const things = fresh('things');
        const big = 2n ** 53n;
        await store.applyBatch('p', [upsert(things, 'a', big + 2n, { n: 2 })], big + 2n);
        await store.applyBatch('p', [upsert(things, 'a', big + 1n, { n: 1 })], big + 1n);
        expect(await store.get(things, 'a')).toEqual({ id: 'a', n: 2, _position: big + 2n });
        await store.applyBatch('p', [upsert(things, 'a', big + 3n, { n: 3 })], big + 3n);
        expect((await store.get(things, 'a'))?._position).toBe(big + 3n);
      });

      it('refuses a batch that touches a document twice, or a patch that sets and unsets a field', async () => {
        const things = fresh('things');
        await expect(store.applyBatch('p', [upsert(things, 'a', 1n, {}), upsert(things, 'a', 2n, {})], 2n)).rejects.toBeInstanceOf(
          InvalidReadStoreRequestError,
        );
        await expect(
          store.applyBatch('p', [{ type: 'patch', collection: things, id: 'a', position: 1n, set: { x: 1 }, unset: ['x'] }], 1n),
        ).rejects.toBeInstanceOf(InvalidReadStoreRequestError);
        await expect(store.applyBatch('p', [{ type: 'patch', collection: things, id: 'a', position: 1n, set: { 'x.y': 1 } }], 1n)).rejects.toBeInstanceOf(
          InvalidReadStoreRequestError,
        );
        expect(await store.count(things)).toBe(0);
      });
    });

    describe('checkpoints', () => {
      it('starts without one, keeps the last written, and forgets it on delete', async () => {
        expect(await store.getCheckpoint('cp_a')).toBeNull();
        await store.applyBatch('cp_a', [], 42n);
        await store.applyBatch('cp_b', [], 7n);
        expect(await store.getCheckpoint('cp_a')).toBe(42n);
        await store.applyBatch('cp_a', [], 2n ** 60n + 1n);
        expect(await store.getCheckpoint('cp_a')).toBe(2n ** 60n + 1n);
        await store.deleteCheckpoint('cp_a');
        expect(await store.getCheckpoint('cp_a')).toBeNull();
        expect(await store.getCheckpoint('cp_b')).toBe(7n);
      });

      it('keeps a partial batch unfinished until the batch with its checkpoint finishes it', async () => {
        const things = fresh('things');
        expect(await store.getUnfinishedBatch('cp_d')).toBeNull();
        await store.applyPartialBatch('cp_d', [{ type: 'increment', collection: things, id: 'n', position: 8n, inc: { n: 1 } }], 9n);
        expect(await store.getUnfinishedBatch('cp_d')).toBe(9n);
        expect(await store.getCheckpoint('cp_d')).toBeNull();
        expect((await store.get(things, 'n'))?.['n']).toBe(1);
        await store.applyBatch('cp_d', [{ type: 'upsert', collection: things, id: 'a', position: 9n, doc: {} }], 9n);
        expect(await store.getUnfinishedBatch('cp_d')).toBeNull();
        expect(await store.getCheckpoint('cp_d')).toBe(9n);
        await store.applyPartialBatch('cp_d', [], 12n);
        await store.deleteCheckpoint('cp_d');
        expect(await store.getUnfinishedBatch('cp_d')).toBeNull();
      });

      it('is written with the documents of its batch', async () => {
        const things = fresh('things');
        await store.applyBatch('cp_c', [{ type: 'upsert', collection: things, id: 'a', position: 3n, doc: {} }], 3n);
        expect(await store.getCheckpoint('cp_c')).toBe(3n);
        expect(await store.count(things)).toBe(1);
      });
    });

    describe('collections, versions and leases', () => {
      it('lists and drops collections by prefix, and a dropped collection starts empty', async () => {
        for (const name of ['dp_v1_a', 'dp_v1_b', 'dp_v10_a', 'dp_v2_a']) {
          await store.applyBatch('dp', [{ type: 'upsert', collection: name, id: 'x', position: 1n, doc: { n: 1 } }], 1n);
        }
        expect(await store.listCollections('dp_v')).toEqual(['dp_v10_a', 'dp_v1_a', 'dp_v1_b', 'dp_v2_a']);
        expect(await store.listCollections()).toEqual(expect.arrayContaining(['mixed', 'dp_v1_a']));
        await store.dropCollections('dp_v1_');
        expect(await store.listCollections('dp_v')).toEqual(['dp_v10_a', 'dp_v2_a']);
        expect(await store.get('dp_v1_a', 'x')).toBeNull();
        await store.applyBatch('dp', [{ type: 'upsert', collection: 'dp_v1_a', id: 'y', position: 1n, doc: {} }], 1n);
        expect((await store.find('dp_v1_a')).map((doc) => doc.id)).toEqual(['y']);
      });

      it('keeps the active version of each projection', async () => {
        expect(await store.getActiveVersion('av_one')).toBeNull();
        await store.setActiveVersion('av_one', 1);
        await store.setActiveVersion('av_two', 3);
        await store.setActiveVersion('av_one', 2);
        expect(await store.getActiveVersion('av_one')).toBe(2);
        expect(await store.getActiveVersion('av_two')).toBe(3);
      });

      it('grants a lease to one owner at a time until it expires or is released', async () => {
        expect(await store.tryAcquireLease('projector', 'a', 1000, 10_000)).toBe(true);
        expect(await store.tryAcquireLease('projector', 'b', 1000, 10_500)).toBe(false);
        expect(await store.tryAcquireLease('projector', 'a', 1000, 10_900)).toBe(true);
        expect(await store.tryAcquireLease('projector', 'b', 1000, 11_800)).toBe(false);
        expect(await store.tryAcquireLease('projector', 'b', 1000, 11_900)).toBe(true);
        expect(await store.tryAcquireLease('projector', 'a', 1000, 12_000)).toBe(false);
        await store.releaseLease('projector', 'a');
        expect(await store.tryAcquireLease('projector', 'c', 1000, 12_100)).toBe(false);
        await store.releaseLease('projector', 'b');
        expect(await store.tryAcquireLease('projector', 'c', 1000, 12_100)).toBe(true);
      });

      it('reports itself healthy', async () => {
        expect(await store.health()).toEqual(expect.objectContaining({ ok: true, adapter: store.adapter }));
      });
    });
  });
}
