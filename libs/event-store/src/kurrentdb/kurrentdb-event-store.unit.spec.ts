import { describe, expect, it } from '@jest/globals';
import { AccessDeniedError, UnsupportedError, type AllStreamResolvedEvent, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import { StoreUnavailableError } from '../event-store.port.js';
import { collect, testEvent } from '../testing/test-event.js';
import { KurrentDbEventStore } from './kurrentdb-event-store.js';
import { KurrentDbConfigurationError, toPortError } from './kurrentdb-mapping.js';

/** `$all` of `count` events at byte-offset-like positions (gaps of 1000), served as the client serves it: from a position, inclusive. */
const fakeServer = (count: number) => {
  const log: AllStreamResolvedEvent[] = Array.from({ length: count }, (_, index) => {
    const event = testEvent('ThingHappened', { index });
    const position = BigInt((index + 1) * 1000);
    return {
      event: {
        streamId: `thing-${index % 7}`,
        id: event.id,
        isJson: true,
        revision: BigInt(Math.floor(index / 7)),
        type: event.type,
        created: new Date('2025-05-01T00:00:00.000Z'),
        data: event.data as Record<string, unknown>,
        metadata: event.metadata as unknown as Record<string, unknown>,
        position: { commit: position, prepare: position },
      },
    };
  });
  const requests: Array<{ maxCount?: number | bigint; from: unknown }> = [];
  let open = 0;
  let cancelled = 0;
  const client = {
    readAll(options: { direction?: string; fromPosition?: unknown; maxCount?: number | bigint }) {
      requests.push({ maxCount: options.maxCount, from: options.fromPosition });
      const from = options.fromPosition;
      const start = typeof from === 'object' && from !== null && 'commit' in from ? log.findIndex((r) => r.event!.position.commit >= (from as { commit: bigint }).commit) : 0;
      const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
      const page = log.slice(start < 0 ? log.length : start, (start < 0 ? log.length : start) + max);
      open++;
      let ended = false;
      const end = () => {
        if (!ended) open--;
        ended = true;
      };
      return {
        async *[Symbol.asyncIterator]() {
          for (const resolved of page) yield resolved;
          end();
        },
        async cancel() {
          if (!ended) cancelled++;
          end();
        },
      };
    },
  };
  const store = Reflect.construct(KurrentDbEventStore, [client as unknown as KurrentDBClient]) as KurrentDbEventStore;
  return { store, log, requests, open: () => open, cancelled: () => cancelled };
};

describe('KurrentDbEventStore reads (a fake client, no server)', () => {
  it('bounds every server read with maxCount and pages through $all from the last position read', async () => {
    const server = fakeServer(1234);
    const all = await collect(server.store.readAll());
    expect(all).toHaveLength(1234);
    expect(all.map((event) => event.position)).toEqual(server.log.map((r) => r.event!.position.commit));
    expect(server.requests.every((request) => request.maxCount !== undefined && Number(request.maxCount) <= 500)).toBe(true);
    expect(server.requests.length).toBeGreaterThan(2);
    expect(server.open()).toBe(0);
  });

  it('asks the server for no more than it needs (the head: maxCount 1) and leaves no read open', async () => {
    const server = fakeServer(50);
    const [head] = await collect(server.store.readAll({ maxCount: 1 }));
    expect(head!.position).toBe(1000n);
    // One more than asked: the server includes the event at `after` itself.
    expect(server.requests).toEqual([{ maxCount: 2, from: expect.anything() }]);
    expect(server.open()).toBe(0);
  });

  it('reads strictly after a position inside a gap, and cancels the server read when the caller stops early', async () => {
    const server = fakeServer(100);
    const read: bigint[] = [];
    for await (const event of server.store.readAll({ after: 10_500n })) {
      read.push(event.position);
      if (read.length === 3) break;
    }
    expect(read).toEqual([11_000n, 12_000n, 13_000n]);
    expect(server.cancelled()).toBe(1);
    expect(server.open()).toBe(0);
  });
});

describe('KurrentDB errors that are not outages', () => {
  it('access-denied names the rights the user needs instead of reading as store unavailable', () => {
    const mapped = toPortError(new AccessDeniedError(undefined as never), '$all');
    expect(mapped).toBeInstanceOf(KurrentDbConfigurationError);
    expect(mapped).not.toBeInstanceOf(StoreUnavailableError);
    expect((mapped as Error).message).toContain('read on $all');
  });

  it('an older server refusing multi-stream append says which version is needed', () => {
    const mapped = toPortError(new UnsupportedError('multiStreamAppend', '25.1'), 'worker-1');
    expect(mapped).toBeInstanceOf(KurrentDbConfigurationError);
    expect((mapped as Error).message).toContain('25.1');
  });
});

describe('KurrentDbSubscription', () => {
  it('keeps an error the server sends before the iteration starts, and throws it from the iteration as the port error', async () => {
    const { EventEmitter } = await import('node:events');
    const { UnavailableError } = await import('@kurrent/kurrentdb-client');
    const { KurrentDbSubscription } = await import('./kurrentdb-subscription.js');
    const source = Object.assign(new EventEmitter(), {
      unsubscribe: async () => undefined,
      async *[Symbol.asyncIterator]() {
        yield* [];
      },
    });
    const subscription = new KurrentDbSubscription(source as never, undefined, undefined, () => undefined);
    // No listener of its own would make this an uncaught 'error' event.
    source.emit('error', new UnavailableError());
    await expect(collect(subscription)).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
