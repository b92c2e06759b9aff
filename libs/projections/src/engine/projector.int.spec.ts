import type { ReadStore } from '#libs/read-store';
import type { ProjectorLogger } from './projector-logger.js';
import { Projector, type ProjectorOptions } from './projector.js';
import { badgeHistory, exampleBadgesProjection, expectedBadgeCounts } from './testing/example-badges-projection.js';
import { exampleWorkersProjection, workerEvent, workerHistory } from './testing/example-projection.js';
import { InMemoryEventStore } from './testing/in-memory-event-store.js';
import { intercept, interceptApplyBatch } from './testing/intercepted-read-store.js';
import { openTestReadStore, type TestReadStore } from './testing/test-read-store.js';

const WORKERS_V1 = 'example_workers_v1_workers';
const COUNTS_V1 = 'example_workers_v1_county_counts';

interface LogLine {
  level: 'info' | 'warn';
  message: string;
  context?: Record<string, unknown>;
}

function recordingLogger(): ProjectorLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (message, context) => lines.push({ level: 'info', message, context }),
    warn: (message, context) => lines.push({ level: 'warn', message, context }),
  };
}

async function appendHistory(eventStore: InMemoryEventStore, count: number): Promise<bigint> {
  let position = 0n;
  for (const { streamId, event } of workerHistory(count)) position = (await eventStore.append(streamId, [event], 'any')).position;
  return position;
}

/** Everything a projection version holds, to compare two runs. */
async function snapshot(store: ReadStore, version = 1) {
  return {
    workers: await store.find(`example_workers_v${version}_workers`),
    counts: await store.find(`example_workers_v${version}_county_counts`),
  };
}

/** What the history should produce, computed without the engine. */
function expectedCounts(count: number): Map<string, number> {
  const county = new Map<string, string>();
  for (const { event } of workerHistory(count)) {
    const data = event.data as { workerId: string; county?: string; to?: string };
    if (event.type === 'WorkerLeft') county.delete(data.workerId);
    else county.set(data.workerId, (data.to ?? data.county)!);
  }
  const counts = new Map<string, number>();
  for (const c of county.values()) counts.set(c, (counts.get(c) ?? 0) + 1);
  return counts;
}

describe('Projector', () => {
  let readStores: TestReadStore;
  let eventStore: InMemoryEventStore;
  const projectors: Projector[] = [];
  const logger = recordingLogger();

  const projector = (store: ReadStore, options: ProjectorOptions = {}, projections = [exampleWorkersProjection(1)]) => {
    const created = new Projector(eventStore, store, projections, { batchSize: 10, maxBatchWaitMs: 5, retireDelayMs: 0, backoff: { initialMs: 1, maxMs: 20 }, logger, ...options });
    projectors.push(created);
    return created;
  };

  beforeEach(async () => {
    readStores = await openTestReadStore();
    eventStore = new InMemoryEventStore();
    logger.lines.length = 0;
  });
  afterEach(async () => {
    await Promise.all(projectors.splice(0).map((p) => p.stop()));
    await readStores.dispose();
  });

  it('catches up, then follows live appends, and waitForPosition tells when a write is readable', async () => {
    const head = await appendHistory(eventStore, 120);
    const p = projector(readStores.store);
    await p.start();
    expect(await p.waitForPosition(head, 5000)).toBe(true);

    for (const [county, workers] of expectedCounts(120)) expect((await readStores.store.get(COUNTS_V1, county))?.['workers']).toBe(workers);
    expect(await readStores.store.getCheckpoint('example_workers_v1')).toBe(head);

    const waiting = p.waitForPosition(head + 1n, 5000);
    await eventStore.append('worker-new', [workerEvent('WorkerEnrolled', { workerId: 'new', county: '430902' }, 'e-new')], 'no_stream');
    expect(await waiting).toBe(true);
    expect(await readStores.store.get(WORKERS_V1, 'new')).toEqual({ id: 'new', county: '430902', active: true, _position: head + 1n });
    expect(await p.lag()).toEqual([
      { projection: 'example_workers', version: 1, active: true, applied: head + 1n, head: head + 1n, behind: 0n, caughtUp: true },
    ]);
  });

  it('answers false from waitForPosition when the position is not reached in time', async () => {
    await appendHistory(eventStore, 5);
    const p = projector(readStores.store);
    await p.start();
    expect(await p.waitForPosition(5n, 5000)).toBe(true);
    expect(await p.waitForPosition(6n, 50)).toBe(false);
  });

  it('after a crash between the documents and the checkpoint, ends with the documents of a clean rebuild', async () => {
    const head = await appendHistory(eventStore, 200);
    // The process dies in the middle of its 8th batch: documents written, checkpoint not.
    let batches = 0;
    let crashed = false;
    const crashing = interceptApplyBatch(readStores.store, async (inner, projection, ops, checkpoint) => {
      if (crashed) throw new Error('process is gone');
      if (++batches < 8) return inner(projection, ops, checkpoint);
      const before = await readStores.store.getCheckpoint(projection);
      await inner(projection, ops, before!);
      crashed = true;
      throw new Error('crash before the checkpoint');
    });
    const first = projector(crashing);
    await first.start();
    await waitUntil(() => crashed);
    await first.stop();
    const checkpoint = (await readStores.store.getCheckpoint('example_workers_v1'))!;
    const newest = (await readStores.store.find(COUNTS_V1, { sort: { id: 1 } })).reduce((max, doc) => (doc._position > max ? doc._position : max), 0n);
    expect(newest).toBeGreaterThan(checkpoint);

    // Other batch boundaries on restart: the replayed batch mixes events the documents have with new ones.
    const restarted = projector(await readStores.reopen(), { batchSize: 25 });
    await restarted.start();
    expect(await restarted.waitForPosition(head, 5000)).toBe(true);

    const clean = await openTestReadStore();
    try {
      const rebuild = projector(clean.store);
      await rebuild.start();
      expect(await rebuild.waitForPosition(head, 5000)).toBe(true);
      expect(await snapshot(readStores.store)).toEqual(await snapshot(clean.store));
      for (const [county, workers] of expectedCounts(200)) expect((await clean.store.get(COUNTS_V1, county))?.['workers']).toBe(workers);
    } finally {
      await clean.dispose();
    }
  });

  it('retries a failing read store with exponential back-off and resumes from the checkpoint', async () => {
    const head = await appendHistory(eventStore, 60);
    let failuresLeft = 4;
    const flaky = interceptApplyBatch(readStores.store, async (inner, ...args) => {
      if (failuresLeft > 0) {
        failuresLeft--;
        throw Object.assign(new Error('read store unavailable'), { code: 'store_unavailable' });
      }
      return inner(...args);
    });
    const p = projector(flaky);
    await p.start();
    expect(await p.waitForPosition(head, 5000)).toBe(true);

    const retries = logger.lines.filter((line) => line.message.startsWith('projection failed'));
    expect(retries.map((line) => line.context?.['delayMs'])).toEqual([1, 2, 4, 8]);
    expect(retries[0]?.context?.['error']).toBe('Error (store_unavailable): read store unavailable');
    expect(p.status()[0]).toEqual(expect.objectContaining({ failures: 0, lastError: null, applied: head }));
    for (const [county, workers] of expectedCounts(60)) expect((await readStores.store.get(COUNTS_V1, county))?.['workers']).toBe(workers);
  });

  it('reconnects when the subscription drops', async () => {
    const head = await appendHistory(eventStore, 60);
    eventStore.failNextSubscriptions(3, 15);
    const p = projector(readStores.store);
    await p.start();
    expect(await p.waitForPosition(head, 5000)).toBe(true);
    expect(eventStore.subscriptionsOpened).toBe(4);
    expect(logger.lines.filter((line) => line.message.startsWith('projection failed'))).toHaveLength(3);
    for (const [county, workers] of expectedCounts(60)) expect((await readStores.store.get(COUNTS_V1, county))?.['workers']).toBe(workers);
  });

  it('builds a new version beside the active one, switches when caught up, then drops the old one', async () => {
    const head = await appendHistory(eventStore, 80);
    const v1 = projector(readStores.store);
    await v1.start();
    expect(await v1.waitForPosition(head, 5000)).toBe(true);
    await v1.stop();

    // Version 2 is held back until released, to see version 1 serve meanwhile.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const gated = interceptApplyBatch(readStores.store, async (inner, projection, ...rest) => {
      if (projection === 'example_workers_v2') await released;
      return inner(projection, ...rest);
    });
    const both = projector(gated, {}, [exampleWorkersProjection(1), exampleWorkersProjection(2)]);
    await both.start();
    const moved = await eventStore.append('worker-w1', [workerEvent('WorkerMoved', { workerId: 'w1', from: 'x', to: '430923' }, 'e-move')], 'any');
    expect(await both.waitForPosition(moved.position, 5000)).toBe(true);
    expect(await readStores.store.getActiveVersion('example_workers')).toBe(1);
    expect((await readStores.store.get(WORKERS_V1, 'w1'))?.['county']).toBe('430923');

    release();
    await waitUntil(async () => (await readStores.store.getActiveVersion('example_workers')) === 2);
    // The old version goes: its collections, then its checkpoint.
    await waitUntil(async () => (await readStores.store.getCheckpoint('example_workers_v1')) === null);
    expect(await readStores.store.listCollections('example_workers_v1_')).toEqual([]);
    expect(await readStores.store.get('example_workers_v2_workers', 'w1')).toEqual(
      expect.objectContaining({ county: '430923', previousCounty: 'x' }),
    );
    expect((await both.lag()).map((lag) => [lag.version, lag.active, lag.caughtUp])).toEqual([[2, true, true]]);
    expect(await both.waitForPosition(moved.position, 100)).toBe(true);
  });

  it('rebuilds a projection from position 0', async () => {
    const head = await appendHistory(eventStore, 40);
    const p = projector(readStores.store);
    await p.start();
    expect(await p.waitForPosition(head, 5000)).toBe(true);
    const before = await snapshot(readStores.store);
    await readStores.store.applyBatch('stray', [{ type: 'upsert', collection: WORKERS_V1, id: 'stray', position: 1n, doc: {} }], 1n);

    await p.rebuild('example_workers');
    expect(await p.waitForPosition(head, 5000)).toBe(true);
    expect(await readStores.store.get(WORKERS_V1, 'stray')).toBeNull();
    expect(await snapshot(readStores.store)).toEqual(before);
  });

  it('runs one of two projectors at a time under a lease, and the other takes over when it stops', async () => {
    const head = await appendHistory(eventStore, 30);
    const a = projector(readStores.store, { lease: { owner: 'a', ttlMs: 600 } });
    await a.start();
    expect(await a.waitForPosition(head, 5000)).toBe(true);
    const b = projector(await readStores.reopen(), { lease: { owner: 'b', ttlMs: 600 } });
    await b.start();
    await sleep(200);
    expect(a.status()).toHaveLength(1);
    expect(b.status()).toHaveLength(0);

    await a.stop();
    const next = await eventStore.append('worker-late', [workerEvent('WorkerEnrolled', { workerId: 'late', county: '430921' }, 'e-late')], 'no_stream');
    expect(await b.waitForPosition(next.position, 5000)).toBe(true);
    expect(await readStores.store.get(WORKERS_V1, 'late')).toEqual(expect.objectContaining({ county: '430921' }));
  });

  it('stops on a handler that reads a document it did not declare, and says why', async () => {
    await appendHistory(eventStore, 3);
    const undeclared = { ...exampleWorkersProjection(1), reads: () => [] };
    const p = projector(readStores.store, {}, [undeclared]);
    await p.start();
    await waitUntil(() => (p.status()[0]?.failures ?? 0) > 0);
    expect(p.status()[0]?.lastError).toContain('declare it in the projection');
    expect(await readStores.store.getCheckpoint('example_workers_v1')).toBeNull();
  });
});

describe('Projector with increments', () => {
  let readStores: TestReadStore;
  let eventStore: InMemoryEventStore;
  const projectors: Projector[] = [];
  const quiet: ProjectorLogger = { info: () => undefined, warn: () => undefined };
  const COUNT = 240;

  const projector = (store: ReadStore, batchSize: number) => {
    const created = new Projector(eventStore, store, [exampleBadgesProjection], { batchSize, maxBatchWaitMs: 5, backoff: { initialMs: 1, maxMs: 5 }, logger: quiet });
    projectors.push(created);
    return created;
  };
  const badgeSnapshot = async (store: ReadStore) => ({
    workers: await store.find('example_badges_v1_workers'),
    badges: await store.find('example_badges_v1_badges'),
    counts: await store.find('example_badges_v1_county_badges'),
    holders: await store.find('example_badges_v1_badge_holders'),
  });
  const expectCounts = async (store: ReadStore) => {
    const expected = expectedBadgeCounts(COUNT);
    for (const doc of await store.find('example_badges_v1_county_badges')) {
      expect({ county: doc.id, workers: doc['workers'], badges: (doc['badges'] as { held: number }).held }).toEqual({ county: doc.id, ...(expected.get(doc.id) ?? { workers: 0, badges: 0 }) });
    }
    expect(await store.count('example_badges_v1_county_badges')).toBe(expected.size);
  };
  const cleanRebuild = async (head: bigint) => {
    const clean = await openTestReadStore();
    const rebuild = projector(clean.store, 1000);
    await rebuild.start();
    expect(await rebuild.waitForPosition(head, 5000)).toBe(true);
    const snapshot = await badgeSnapshot(clean.store);
    await clean.dispose();
    return snapshot;
  };

  beforeEach(async () => {
    readStores = await openTestReadStore();
    eventStore = new InMemoryEventStore();
    for (const { streamId, event } of badgeHistory(COUNT)) await eventStore.append(streamId, [event], 'any');
  });
  afterEach(async () => {
    await Promise.all(projectors.splice(0).map((p) => p.stop()));
    await readStores.dispose();
  });

  it.each([2, 7, 1000])('keeps counters exact with batches of %i, finding the worker of a revoked badge through the badge', async (batchSize) => {
    const p = projector(readStores.store, batchSize);
    await p.start();
    expect(await p.waitForPosition(BigInt(COUNT), 15_000)).toBe(true);
    await expectCounts(readStores.store);
    expect(await readStores.store.getUnfinishedBatch('example_badges_v1')).toBeNull();
  });

  it.each([
    ['among the increments', 'partial'],
    ['between the increments and the documents', 'between'],
    ['among the documents', 'documents'],
  ])('after a crash %s, replays that batch as it was and ends with the documents of a clean rebuild', async (_, where) => {
    // The process dies in its 6th batch: batches of 10 the first time, of 25 after the restart.
    let batches = 0;
    let crashed = false;
    const half = <T>(ops: readonly T[]) => ops.slice(0, Math.ceil(ops.length / 2));
    const crashing = intercept(readStores.store, {
      applyPartialBatch: async (inner, projection, ops, through) => {
        if (crashed) throw new Error('process is gone');
        if (++batches < 6 || where === 'documents') return inner(projection, ops, through);
        if (where === 'partial') await inner(projection, half(ops), through);
        else await inner(projection, ops, through);
        crashed = true;
        throw new Error('crash');
      },
      applyBatch: async (inner, projection, ops, checkpoint) => {
        if (crashed) throw new Error('process is gone');
        if (batches < 6) return inner(projection, ops, checkpoint);
        // The documents written so far, the checkpoint not: as a batch begun and not finished.
        await readStores.store.applyPartialBatch(projection, half(ops), checkpoint);
        crashed = true;
        throw new Error('crash');
      },
    });
    const first = projector(crashing, 10);
    await first.start();
    await waitUntil(() => crashed);
    await first.stop();
    const unfinished = await readStores.store.getUnfinishedBatch('example_badges_v1');
    expect(unfinished).toBeGreaterThan((await readStores.store.getCheckpoint('example_badges_v1'))!);

    const restarted = projector(await readStores.reopen(), 25);
    await restarted.start();
    expect(await restarted.waitForPosition(BigInt(COUNT), 5000)).toBe(true);
    await expectCounts(readStores.store);
    expect(await badgeSnapshot(readStores.store)).toEqual(await cleanRebuild(BigInt(COUNT)));
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}
