import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type EventStore, type RecordedEvent, type Subscription } from '#libs/event-store';
import { workerEvent } from '../engine/testing/example-projection.js';
import { withSharedCatchUp } from './shared-catch-up.js';

const take = async (subscription: Subscription, count: number): Promise<bigint[]> => {
  const positions: bigint[] = [];
  for await (const event of subscription as AsyncIterable<RecordedEvent>) {
    positions.push(event.position);
    if (positions.length === count) break;
  }
  await subscription.close();
  return positions;
};

/**
 * The store with every position multiplied by `factor`: gaps between events, as on PostgreSQL
 * (rolled-back positions) and KurrentDB (byte offsets). A position inside a gap reads as the event before it.
 */
const gapped = (store: EventStore, factor: bigint): EventStore => {
  const widen = (event: RecordedEvent): RecordedEvent => ({ ...event, position: event.position * factor });
  return new Proxy(store, {
    get: (target, property) => {
      if (property === 'readAll') {
        return async function* (options: Parameters<EventStore['readAll']>[0] = {}) {
          for await (const event of target.readAll({ ...options, ...(options.after === undefined ? {} : { after: options.after / factor }) })) yield widen(event);
        };
      }
      if (property === 'subscribeAll') {
        return (options: Parameters<EventStore['subscribeAll']>[0]): Subscription => {
          const inner = target.subscribeAll(typeof options.from === 'object' ? { ...options, from: { after: options.from.after / factor } } : options);
          return {
            close: () => inner.close(),
            async *[Symbol.asyncIterator]() {
              for await (const event of inner) yield widen(event);
            },
          };
        };
      }
      if (property === 'lastPosition') return async () => (await target.lastPosition()) * factor;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
};

describe('shared catch-up', () => {
  let dataDir: string;
  let store: EventStore;
  let reads: number;
  let shared: EventStore;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'shared-catch-up-'));
    store = await SqliteEventStore.open({ dataDir });
    for (let i = 0; i < 25; i++) {
      const events = Array.from({ length: 100 }, (_, j) => workerEvent('WorkerEnrolled', { workerId: `w${i}-${j}`, county: '430902' }, `00000000-0000-4000-8000-${String(i * 100 + j).padStart(12, '0')}`));
      await store.append(`worker-s${i}`, events, 'no_stream');
    }
    reads = 0;
    const counting = new Proxy(store, {
      get: (target, property) => {
        if (property === 'readAll') return (...args: Parameters<EventStore['readAll']>) => (reads++, target.readAll(...args));
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    shared = withSharedCatchUp(counting, { pageSize: 1000 });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives every subscription the whole log in order, reading each page once', async () => {
    const [a, b] = await Promise.all([take(shared.subscribeAll({ from: 'start' }), 2500), take(shared.subscribeAll({ from: 'start' }), 2500)]);
    expect(a).toEqual(Array.from({ length: 2500 }, (_, i) => BigInt(i + 1)));
    expect(b).toEqual(a);
    expect(reads).toBe(3);
  });

  it('keeps a fast subscription within the cache of a slow one, and lets one far ahead run', async () => {
    const small = withSharedCatchUp(store, { pageSize: 100, cachedPages: 4 });
    const fast = small.subscribeAll({ from: 'start' });
    const slow = small.subscribeAll({ from: 'start' });
    const fastIterator = (fast as AsyncIterable<RecordedEvent>)[Symbol.asyncIterator]();
    const slowIterator = (slow as AsyncIterable<RecordedEvent>)[Symbol.asyncIterator]();
    await slowIterator.next();
    let fastPosition = 0n;
    const racing = (async () => {
      for (;;) {
        const next = await fastIterator.next();
        if (next.done) return;
        fastPosition = next.value.position;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Half the cache (200 events) plus the page in hand: the fast one waits near 300.
    expect(fastPosition).toBeLessThanOrEqual(400n);
    expect(fastPosition).toBeGreaterThanOrEqual(200n);
    const ahead = small.subscribeAll({ from: { after: 2000n } });
    expect(await take(ahead, 500)).toHaveLength(500);
    await slow.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fastPosition).toBe(2500n);
    await fast.close();
    await racing;
  });

  it('counts the lead in pages, not positions: with gaps between positions a fast subscription still waits for a slow one', async () => {
    const small = withSharedCatchUp(gapped(store, 1000n), { pageSize: 100, cachedPages: 4 });
    const fast = small.subscribeAll({ from: 'start' });
    const slow = small.subscribeAll({ from: 'start' });
    const fastIterator = (fast as AsyncIterable<RecordedEvent>)[Symbol.asyncIterator]();
    const slowIterator = (slow as AsyncIterable<RecordedEvent>)[Symbol.asyncIterator]();
    await slowIterator.next();
    const fastPositions: bigint[] = [];
    const racing = (async () => {
      for (;;) {
        const next = await fastIterator.next();
        if (next.done) return;
        fastPositions.push(next.value.position);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Half the cache (2 pages, 200 events) plus the page in hand, although positions are 1000 apart.
    expect(fastPositions.length).toBeLessThanOrEqual(400);
    expect(fastPositions.length).toBeGreaterThanOrEqual(200);
    await slow.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fastPositions).toEqual(Array.from({ length: 2500 }, (_, i) => BigInt(i + 1) * 1000n));
    await fast.close();
    await racing;
  });

  it('hands over batches of the size from shared pages, then the live events', async () => {
    const subscription = shared.subscribeAll({ from: { after: 100n } }) as Subscription & { batches(size: number, maxWaitMs: number): AsyncIterable<RecordedEvent[]> };
    const sizes: number[] = [];
    const positions: bigint[] = [];
    const live = store.append('worker-live', [workerEvent('WorkerEnrolled', { workerId: 'late', county: '430903' }, '00000000-0000-4000-8000-999999999999')], 'no_stream');
    for await (const batch of subscription.batches(700, 20)) {
      sizes.push(batch.length);
      positions.push(...batch.map((event) => event.position));
      if (positions.length === 2401) break;
    }
    await live;
    await subscription.close();
    expect(positions).toEqual(Array.from({ length: 2401 }, (_, i) => BigInt(i + 101)));
    expect(sizes.slice(0, 3)).toEqual([700, 700, 700]);
    expect(reads).toBe(3);
  });

  it('resumes after a position and follows live appends past the end of the log', async () => {
    const subscription = shared.subscribeAll({ from: { after: 2400n } });
    const received = take(subscription, 101);
    await store.append('worker-live', [workerEvent('WorkerEnrolled', { workerId: 'late', county: '430903' }, '00000000-0000-4000-8000-999999999999')], 'no_stream');
    const positions = await received;
    expect(positions[0]).toBe(2401n);
    expect(positions.at(-1)).toBe(2501n);
  });

  it('leaves filtered subscriptions and every other call to the store', async () => {
    expect(await shared.lastPosition()).toBe(2500n);
    const filtered = await take(shared.subscribeAll({ from: 'start', filter: { eventTypes: ['WorkerEnrolled'] } }), 10);
    expect(filtered).toHaveLength(10);
    expect(reads).toBe(0);
  });
});
