import { describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import {
  AccessDeniedError,
  StreamNotFoundError,
  UnavailableError,
  UnsupportedError,
  type AllStreamResolvedEvent,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';
import { InvalidAppendError, StoreUnavailableError } from '../event-store.port.js';
import { collect, rejectionOf, testEvent } from '../testing/test-event.js';
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

/**
 * A server with streams, as a restarted KurrentDB would be: it has no cache of recent event ids, so an
 * append with `any` is written again; a multi-stream request whose ids it holds is taken as done,
 * whatever their content (what it does with ids it remembers). Positions are byte offsets with gaps.
 */
const fakeStreams = () => {
  const streams = new Map<string, AllStreamResolvedEvent[]>();
  let position = 0n;
  const calls: string[] = [];
  const subscriptions: EventEmitter[] = [];
  let multiStreamAppendSupported = true;
  let cancelledReads = 0;
  const write = (streamName: string, event: { id: string; type: string; data: unknown; metadata: unknown }) => {
    const stream = streams.get(streamName) ?? [];
    streams.set(streamName, stream);
    position += 1000n + BigInt(stream.length * 7);
    stream.push({
      event: {
        streamId: streamName,
        id: event.id,
        isJson: true,
        revision: BigInt(stream.length),
        type: event.type,
        created: new Date('2025-05-01T00:00:00.000Z'),
        data: event.data as Record<string, unknown>,
        metadata: event.metadata as Record<string, unknown>,
        position: { commit: position, prepare: position },
      },
    });
    return stream;
  };
  const client = {
    async appendToStream(streamName: string, events: Array<{ id: string; type: string; data: unknown; metadata: unknown }>) {
      calls.push(`append ${streamName}`);
      let stream: AllStreamResolvedEvent[] = [];
      for (const event of events) stream = write(streamName, event);
      return { success: true, nextExpectedRevision: BigInt(stream.length - 1), position: { commit: position, prepare: position } };
    },
    async multiStreamAppend(requests: Array<{ streamName: string; events: Array<{ id: string; type: string; data: unknown; metadata: unknown }> }>) {
      calls.push(`multiStreamAppend ${requests.map((request) => request.streamName).join(' ')}`);
      if (!multiStreamAppendSupported) throw new UnsupportedError('multiStreamAppend', '25.1');
      const held = (streamName: string, id: string) => streams.get(streamName)?.find((resolved) => resolved.event!.id === id)?.event;
      const responses = requests.map((request) => {
        // Every id held: taken as done, answered with the revision the events were written at.
        const done = request.events.map((event) => held(request.streamName, event.id));
        if (done.every((event) => event !== undefined)) return { streamName: request.streamName, revision: done.at(-1)!.revision };
        for (const event of request.events) write(request.streamName, event);
        return { streamName: request.streamName, revision: BigInt(streams.get(request.streamName)!.length - 1) };
      });
      return { position, responses };
    },
    readStream(streamName: string, options: { direction?: string; fromRevision?: unknown; maxCount?: number | bigint }) {
      calls.push(`read ${streamName}`);
      const stream = streams.get(streamName);
      const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
      let ended = false;
      return {
        async cancel() {
          if (!ended) cancelledReads++;
          ended = true;
        },
        async *[Symbol.asyncIterator]() {
          if (!stream) throw new StreamNotFoundError(undefined as never, streamName);
          if (options.direction === 'backwards') {
            const from = typeof options.fromRevision === 'bigint' ? Number(options.fromRevision) : stream.length - 1;
            yield* stream.slice(Math.max(0, from - max + 1), from + 1).reverse();
          } else {
            const from = typeof options.fromRevision === 'bigint' ? Number(options.fromRevision) : 0;
            yield* stream.slice(from, from + max);
          }
          ended = true;
        },
      };
    },
    subscribeToAll() {
      const source = Object.assign(new EventEmitter(), {
        unsubscribe: async () => {
          source.emit('close');
        },
        async *[Symbol.asyncIterator]() {
          yield* [];
        },
      });
      subscriptions.push(source);
      return source;
    },
  };
  const store = Reflect.construct(KurrentDbEventStore, [client as unknown as KurrentDBClient]) as KurrentDbEventStore;
  return {
    store,
    streams,
    calls,
    subscriptions,
    withoutMultiStreamAppend: () => {
      multiStreamAppendSupported = false;
    },
    cancelledReads: () => cancelledReads,
  };
};

const ids = (stream: AllStreamResolvedEvent[] | undefined) => (stream ?? []).map((resolved) => resolved.event!.id);

describe('KurrentDbEventStore stream reads (a fake server)', () => {
  it('cancels a stream read the caller leaves early, and not one that ended', async () => {
    const server = fakeStreams();
    await server.store.append('thing-1', [testEvent(), testEvent(), testEvent()], 'no_stream');
    for await (const event of server.store.readStream('thing-1', { direction: 'backwards' })) {
      expect(event.revision).toBe(2);
      break;
    }
    expect(server.cancelledReads()).toBe(1);
    expect(await collect(server.store.readStream('thing-1'))).toHaveLength(3);
    expect(server.cancelledReads()).toBe(1);
  });
});

describe('KurrentDbEventStore appends (a fake server without an id cache)', () => {
  it.each(['any', 'exists'] as const)('a retry with %s finds its events at the end of the stream: the first result, nothing written twice', async (expected) => {
    const server = fakeStreams();
    await server.store.append('thing-1', [testEvent()], 'no_stream');
    const events = [testEvent(), testEvent()];
    const first = await server.store.append('thing-1', events, expected);
    const retry = await server.store.append('thing-1', events, expected);
    expect(retry).toEqual(first);
    expect(first.revision).toBe(2);
    expect(ids(server.streams.get('thing-1')).slice(1)).toEqual(events.map((event) => event.id));
    expect(server.streams.get('thing-1')).toHaveLength(3);
  });

  it('an id found at the end of the stream with other content is refused, and nothing is written', async () => {
    const server = fakeStreams();
    const event = testEvent('ThingHappened', { n: 1 });
    await server.store.append('thing-1', [event], 'any');
    const error = await rejectionOf(server.store.append('thing-1', [{ ...event, data: { n: 2 } }], 'any'));
    expect(error).toBeInstanceOf(InvalidAppendError);
    expect(error['code']).toBe('event_id_reused');
    expect(server.streams.get('thing-1')).toHaveLength(1);
  });

  it('a multi-stream append gives each stream the position of its own last event, not the session\'s', async () => {
    const server = fakeStreams();
    const results = await server.store.appendMulti([
      { streamId: 'thing-1', events: [testEvent(), testEvent()], expected: 'no_stream' },
      { streamId: 'other-1', events: [testEvent()], expected: 'no_stream' },
    ]);
    const positionOfLast = (streamId: string) => server.streams.get(streamId)!.at(-1)!.event!.position.commit;
    expect(results).toEqual([
      { streamId: 'thing-1', revision: 1, position: positionOfLast('thing-1') },
      { streamId: 'other-1', revision: 0, position: positionOfLast('other-1') },
    ]);
    expect(results[0]!.position).toBeLessThan(results[1]!.position);
  });

  it('a multi-stream retry returns the first results without sending anything; an id reused with other content is refused', async () => {
    const server = fakeStreams();
    const requests = [
      { streamId: 'thing-1', events: [testEvent()], expected: 'no_stream' as const },
      { streamId: 'other-1', events: [testEvent()], expected: 'any' as const },
    ];
    const first = await server.store.appendMulti(requests);
    const sent = server.calls.filter((call) => call.startsWith('multiStreamAppend')).length;
    expect(await server.store.appendMulti(requests)).toEqual(first);
    expect(server.calls.filter((call) => call.startsWith('multiStreamAppend'))).toHaveLength(sent);

    const held = requests[0].events[0]!;
    // The same id at the start of the stream, with other content: refused before anything is sent.
    const early = await rejectionOf(
      server.store.appendMulti([
        { streamId: 'thing-1', events: [{ ...held, data: { n: 99 } }], expected: 'no_stream' },
        { streamId: 'other-1', events: [testEvent()], expected: 'no_stream' },
      ]),
    );
    expect(early['code']).toBe('event_id_reused');

    // No longer the stream's last event, so not found as a retry; the server takes the held id as done,
    // and reading its events back finds the other content: refused.
    await server.store.append('thing-1', [testEvent()], 0);
    const late = await rejectionOf(
      server.store.appendMulti([
        { streamId: 'thing-1', events: [{ ...held, data: { n: 99 } }], expected: 'any' },
        { streamId: 'other-1', events: [testEvent()], expected: 'any' },
      ]),
    );
    expect(late['code']).toBe('event_id_reused');
    expect(ids(server.streams.get('thing-1'))[0]).toBe(held.id);
    expect(server.streams.get('thing-1')).toHaveLength(2);
  });

  it('a server older than 25.1 refusing a multi-stream append says which server version is needed', async () => {
    const server = fakeStreams();
    server.withoutMultiStreamAppend();
    const error = await rejectionOf(server.store.appendMulti([{ streamId: 'thing-1', events: [testEvent()], expected: 'no_stream' }]));
    expect(error).toBeInstanceOf(KurrentDbConfigurationError);
    expect(error).not.toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toContain('KurrentDB 25.1');
  });
});

describe('KurrentDbEventStore subscribeAll from the end (a fake server)', () => {
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('holds this process\'s appends until the server confirms the subscription, so none lands before its start', async () => {
    const server = fakeStreams();
    server.store.subscribeAll({ from: 'end' });
    const appended = server.store.append('thing-1', [testEvent()], 'no_stream');
    await tick();
    await tick();
    expect(server.calls.filter((call) => call.startsWith('append'))).toEqual([]);
    server.subscriptions[0]!.emit('confirmation');
    await expect(appended).resolves.toMatchObject({ streamId: 'thing-1', revision: 0 });
    expect(server.calls.filter((call) => call.startsWith('append'))).toEqual(['append thing-1']);
  });

  it('lets appends go once the subscription failed or was closed before its confirmation', async () => {
    const server = fakeStreams();
    const failing = server.store.subscribeAll({ from: 'end' });
    const closed = server.store.subscribeAll({ from: 'end' });
    const appended = server.store.append('thing-1', [testEvent()], 'no_stream');
    server.subscriptions[0]!.emit('error', new UnavailableError());
    await closed.close();
    await expect(appended).resolves.toMatchObject({ revision: 0 });
    await expect(collect(failing)).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('a subscription from a position does not hold appends', async () => {
    const server = fakeStreams();
    server.store.subscribeAll({ from: 'start' });
    await expect(server.store.append('thing-1', [testEvent()], 'no_stream')).resolves.toMatchObject({ revision: 0 });
  });
});
