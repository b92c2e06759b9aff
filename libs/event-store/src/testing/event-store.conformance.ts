import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  InvalidAppendError,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../event-store.port.js';
import { MAX_EVENT_BYTES } from '../append-validation.js';
import { appendOneByOne, collect, rejectionOf, testEvent, uniqueCategory } from './test-event.js';

export interface StoreUnderTest {
  store: EventStore;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every adapter must show. Each test works in categories of its own, so the suite also
 * runs against a shared server that holds other data.
 */
export function describeEventStoreConformance(name: string, factory: () => Promise<StoreUnderTest>): void {
  describe(`EventStore conformance: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    let category: string;
    let streamCount = 0;
    const newStream = (): string => `${category}-s${++streamCount}`;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
      category = uniqueCategory();
    });

    afterEach(async () => {
      await cleanup();
    });

    describe('expected revision', () => {
      it('no_stream creates a stream and then refuses it, naming the actual revision', async () => {
        const stream = newStream();
        await expect(store.append(stream, [testEvent(), testEvent()], 'no_stream')).resolves.toMatchObject({ streamId: stream, revision: 1 });
        const error = await rejectionOf(store.append(stream, [testEvent()], 'no_stream'));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ code: 'wrong_expected_revision', streamId: stream, expected: 'no_stream', actual: 1 });
      });

      it('exists refuses a missing stream (actual: null) and accepts an existing one', async () => {
        const stream = newStream();
        const error = await rejectionOf(store.append(stream, [testEvent()], 'exists'));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error.actual).toBeNull();
        await store.append(stream, [testEvent()], 'no_stream');
        await expect(store.append(stream, [testEvent()], 'exists')).resolves.toMatchObject({ revision: 1 });
      });

      it('an exact revision must be the last one: stale, ahead and missing are refused with the actual revision', async () => {
        const stream = newStream();
        const missing = await rejectionOf(store.append(stream, [testEvent()], 0));
        expect(missing).toBeInstanceOf(WrongExpectedRevisionError);
        expect(missing.actual).toBeNull();
        await store.append(stream, [testEvent(), testEvent(), testEvent()], 'no_stream');
        for (const wrong of [0, 1, 3, 7]) {
          const error = await rejectionOf(store.append(stream, [testEvent()], wrong));
          expect(error).toMatchObject({ name: 'WrongExpectedRevisionError', expected: wrong, actual: 2 });
        }
        await expect(store.append(stream, [testEvent()], 2)).resolves.toMatchObject({ revision: 3 });
        expect(await store.streamRevision(stream)).toBe(3);
      });

      it('any appends to a missing and to an existing stream', async () => {
        const stream = newStream();
        await expect(store.append(stream, [testEvent()], 'any')).resolves.toMatchObject({ revision: 0 });
        await expect(store.append(stream, [testEvent()], 'any')).resolves.toMatchObject({ revision: 1 });
      });

      it('revisions count from 0 per stream while positions increase across streams', async () => {
        const [a, b] = [newStream(), newStream()];
        const first = await store.append(a, [testEvent()], 'no_stream');
        const second = await store.append(b, [testEvent()], 'no_stream');
        const third = await store.append(a, [testEvent()], 0);
        expect([first.revision, second.revision, third.revision]).toEqual([0, 0, 1]);
        expect(first.position < second.position && second.position < third.position).toBe(true);
        expect(await store.lastPosition()).toBeGreaterThanOrEqual(third.position);
        expect(await store.streamRevision(newStream())).toBeNull();
      });
    });

    describe('idempotent append', () => {
      it('a retry with the same ids returns the original result and writes nothing', async () => {
        const stream = newStream();
        const batch = [testEvent(), testEvent()];
        const original = await store.append(stream, batch, 'no_stream');
        expect(await store.append(stream, batch, 'no_stream')).toEqual(original);

        const next = [testEvent()];
        const appended = await store.append(stream, next, 1);
        expect(await store.append(stream, next, 1)).toEqual(appended);

        const last = [testEvent()];
        const appendedAny = await store.append(stream, last, 'any');
        expect(await store.append(stream, last, 'any')).toEqual(appendedAny);

        const stored = await collect(store.readStream(stream));
        expect(stored.map((event) => event.id)).toEqual([...batch, ...next, ...last].map((event) => event.id));
        expect(await store.streamRevision(stream)).toBe(3);
      });

      it('an id reused with other content is refused', async () => {
        const stream = newStream();
        const event = testEvent('ThingHappened', { n: 1 });
        await store.append(stream, [event], 'no_stream');
        const error = await rejectionOf(store.append(stream, [{ ...event, data: { n: 2 } }], 'no_stream'));
        expect(error).toBeInstanceOf(InvalidAppendError);
        expect(error.code).toBe('event_id_reused');
        const [stored] = await collect(store.readStream(stream));
        expect(stored.data).toEqual({ n: 1 });
      });
    });

    describe('input the store refuses', () => {
      it.each(['Worker-1', 'worker', 'worker-1-2', '-1', 'worker-', 'wor ker-1', '1worker-1', 'worker-a/b', '$all'])(
        'refuses the stream name %j',
        async (streamId) => {
          const error = await rejectionOf(store.append(streamId, [testEvent()], 'any'));
          expect(error).toBeInstanceOf(InvalidAppendError);
          expect(error.code).toBe('invalid_stream_name');
        },
      );

      it.each(['workerEnrolled', 'Worker_Enrolled', '', 'Worker Enrolled', '$Internal', 'Worker-Enrolled'])(
        'refuses the event type %j',
        async (type) => {
          const error = await rejectionOf(store.append(newStream(), [testEvent(type)], 'any'));
          expect(error).toBeInstanceOf(InvalidAppendError);
          expect(error.code).toBe('invalid_event_type');
        },
      );

      it('refuses an event over 1 MiB, counting UTF-8 bytes, and writes nothing of its batch', async () => {
        const stream = newStream();
        const ascii = testEvent('ThingHappened', { text: 'x'.repeat(MAX_EVENT_BYTES) });
        // 400,000 characters but 1.2 MB in UTF-8: the limit is on bytes.
        const chinese = testEvent('ThingHappened', { text: '安'.repeat(400_000) });
        for (const big of [ascii, chinese]) {
          const error = await rejectionOf(store.append(stream, [testEvent(), big], 'any'));
          expect(error).toBeInstanceOf(InvalidAppendError);
          expect(error.code).toBe('event_too_large');
          expect(error.message).not.toContain('xxxx');
        }
        expect(await store.streamRevision(stream)).toBeNull();
        await expect(store.append(stream, [testEvent('ThingHappened', { text: 'y'.repeat(900_000) })], 'no_stream')).resolves.toMatchObject({
          revision: 0,
        });
      });

      it('refuses ids that are not UUIDs, duplicate ids in one append and an empty append', async () => {
        const stream = newStream();
        const event = testEvent();
        for (const events of [[{ ...event, id: 'not-a-uuid' }], [event, event], []] as NewEvent[][]) {
          const error = await rejectionOf(store.append(stream, events, 'any'));
          expect(error).toMatchObject({ name: 'InvalidAppendError', code: 'invalid_event' });
        }
        expect(await store.streamRevision(stream)).toBeNull();
      });
    });

    describe('reading', () => {
      it('reads a stream forwards and backwards across pages, from a revision, up to a count', async () => {
        const stream = newStream();
        const events = Array.from({ length: 1234 }, (_, index) => testEvent('ThingHappened', { index }));
        for (let start = 0; start < events.length; start += 200) {
          await store.append(stream, events.slice(start, start + 200), start === 0 ? 'no_stream' : start - 1);
        }
        const revisions = (read: AsyncIterable<RecordedEvent>) => collect(read).then((all) => all.map((event) => event.revision));
        const range = (from: number, to: number) => Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => (from <= to ? from + i : from - i));

        const forwards = await collect(store.readStream(stream));
        expect(forwards.map((event) => event.id)).toEqual(events.map((event) => event.id));
        expect(forwards.map((event) => event.revision)).toEqual(range(0, 1233));
        expect(await revisions(store.readStream(stream, { fromRevision: 700, maxCount: 600 }))).toEqual(range(700, 1233));
        expect(await revisions(store.readStream(stream, { fromRevision: 100, maxCount: 501 }))).toEqual(range(100, 600));
        expect(await revisions(store.readStream(stream, { direction: 'backwards' }))).toEqual(range(1233, 0));
        expect(await revisions(store.readStream(stream, { direction: 'backwards', fromRevision: 10 }))).toEqual(range(10, 0));
        expect(await revisions(store.readStream(stream, { direction: 'backwards', maxCount: 3 }))).toEqual([1233, 1232, 1231]);
        expect(await revisions(store.readStream(newStream()))).toEqual([]);
      });

      it('reads $all in commit order across streams, forwards, backwards and after a position', async () => {
        const streams = [newStream(), newStream(), newStream()];
        const start = await store.lastPosition();
        const order = Array.from({ length: 30 }, (_, index) => streams[(index * 7) % 3]);
        const appended = await appendOneByOne(store, order);
        const filter = { streamCategories: [category] };

        const all = await collect(store.readAll({ after: start, filter }));
        expect(all.map((event) => event.id)).toEqual(appended.map((event) => event.id));
        expect(all.map((event) => event.streamId)).toEqual(order);
        all.slice(1).forEach((event, index) => expect(event.position).toBeGreaterThan(all[index].position));

        const afterTenth = await collect(store.readAll({ after: all[9].position, filter, maxCount: 5 }));
        expect(afterTenth.map((event) => event.id)).toEqual(all.slice(10, 15).map((event) => event.id));

        const backwards = await collect(store.readAll({ direction: 'backwards', filter, maxCount: 4 }));
        expect(backwards.map((event) => event.id)).toEqual(all.slice(-4).reverse().map((event) => event.id));
        const beforeTenth = await collect(store.readAll({ direction: 'backwards', after: all[9].position, filter }));
        expect(beforeTenth.map((event) => event.id)).toEqual(all.slice(0, 9).reverse().map((event) => event.id));
      });

      it('positions may have gaps: reading or subscribing after any position, an event\'s or one between events, gives exactly the events after it', async () => {
        const [stream, other] = [newStream(), newStream()];
        const filter = { streamCategories: [category] };
        const start = await store.lastPosition();
        await store.append(stream, [testEvent()], 'no_stream');
        // Fails after its first part was written: where positions come from a sequence (PostgreSQL), they stay taken, a gap.
        const refused = store.appendMulti([
          { streamId: other, events: [testEvent(), testEvent()], expected: 'no_stream' },
          { streamId: stream, events: [testEvent()], expected: 'no_stream' },
        ]);
        await expect(refused).rejects.toMatchObject({ name: 'WrongExpectedRevisionError' });
        await store.append(stream, [testEvent(), testEvent()], 0);
        const all = await collect(store.readAll({ after: start, filter }));
        expect(all.map((event) => event.revision)).toEqual([0, 1, 2]);
        expect(await store.lastPosition()).toBeGreaterThanOrEqual(all[2].position);

        // Every event's position, the start, and a position inside each gap between two events: positions are compared, never counted.
        const probes = [start, ...all.map((event) => event.position)];
        all.slice(1).forEach((event, index) => {
          const previous = all[index].position;
          if (event.position - previous > 1n) probes.push((previous + event.position) / 2n);
        });
        const ids = (events: RecordedEvent[]) => events.map((event) => event.id);
        for (const probe of probes) {
          const later = all.filter((event) => event.position > probe);
          const earlier = all.filter((event) => event.position < probe).reverse();
          expect(ids(await collect(store.readAll({ after: probe, filter })))).toEqual(ids(later));
          expect(ids(await collect(store.readAll({ after: probe, filter, direction: 'backwards' })))).toEqual(ids(earlier));
          if (later.length === 0) continue;
          const subscription = store.subscribeAll({ from: { after: probe }, filter });
          const received: RecordedEvent[] = [];
          for await (const event of subscription) {
            received.push(event);
            if (received.length === later.length) break;
          }
          await subscription.close();
          expect(ids(received)).toEqual(ids(later));
        }
      });

      it('filters $all by event type, by stream category, and by both', async () => {
        const other = uniqueCategory();
        const start = await store.lastPosition();
        const mine = newStream();
        const theirs = `${other}-1`;
        await store.append(mine, [testEvent('WorkerEnrolled'), testEvent('ExamPassed'), testEvent('WorkerEnrolledAgain')], 'no_stream');
        await store.append(theirs, [testEvent('WorkerEnrolled'), testEvent('CertificateIssued')], 'no_stream');
        const read = async (filter: { eventTypes?: string[]; streamCategories?: string[] }) =>
          (await collect(store.readAll({ after: start, filter }))).map((event) => `${event.streamId}/${event.type}`);

        expect(await read({ streamCategories: [category, other] })).toEqual([
          `${mine}/WorkerEnrolled`,
          `${mine}/ExamPassed`,
          `${mine}/WorkerEnrolledAgain`,
          `${theirs}/WorkerEnrolled`,
          `${theirs}/CertificateIssued`,
        ]);
        expect(await read({ streamCategories: [other] })).toEqual([`${theirs}/WorkerEnrolled`, `${theirs}/CertificateIssued`]);
        expect(await read({ streamCategories: [category], eventTypes: ['WorkerEnrolled'] })).toEqual([`${mine}/WorkerEnrolled`]);
        const byType = (await collect(store.readAll({ after: start, filter: { eventTypes: ['ExamPassed', 'CertificateIssued'] } }))).filter(
          (event) => event.streamId === mine || event.streamId === theirs,
        );
        expect(byType.map((event) => event.type)).toEqual(['ExamPassed', 'CertificateIssued']);
      });

      it('reads a 10,000-event stream in bounded memory', async () => {
        const gc = exposeGc();
        const stream = newStream();
        const payload = 'p'.repeat(4096);
        for (let start = 0; start < 10_000; start += 100) {
          const chunk = Array.from({ length: 100 }, (_, i) => testEvent('ThingHappened', { index: start + i, payload }));
          await store.append(stream, chunk, start === 0 ? 'no_stream' : start - 1);
        }
        // 10,000 × 4 KiB is 40 MiB of payload: holding the stream at once would grow the heap past that.
        gc();
        const baseline = process.memoryUsage().heapUsed;
        let peak = 0;
        let count = 0;
        for await (const event of store.readStream(stream)) {
          expect(event.revision).toBe(count);
          if (++count % 500 === 0) {
            gc();
            peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
          }
        }
        expect(count).toBe(10_000);
        expect(peak).toBeLessThan(16 * 1024 * 1024);
      });
    });

    describe('subscribeAll', () => {
      it('hands over from catch-up to live under concurrent appends without missing, doubling or reordering', async () => {
        const streams = [newStream(), newStream(), newStream(), newStream()];
        const start = await store.lastPosition();
        await appendOneByOne(store, Array.from({ length: 200 }, (_, index) => streams[index % 4]));
        const subscription = store.subscribeAll({ from: { after: start }, filter: { streamCategories: [category] } });

        const writing = (async () => {
          for (let burst = 0; burst < 20; burst++) {
            await Promise.all(Array.from({ length: 10 }, (_, index) => store.append(streams[index % 4], [testEvent()], 'any')));
            await new Promise((resolve) => setTimeout(resolve, burst % 3));
          }
        })();
        const received: RecordedEvent[] = [];
        for await (const event of subscription) {
          received.push(event);
          if (received.length === 400) break;
          // Let commits land while a page is half delivered, not only while the subscription waits.
          if (received.length % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        await writing;
        await subscription.close();

        const stored = await collect(store.readAll({ after: start, filter: { streamCategories: [category] } }));
        expect(stored).toHaveLength(400);
        expect(received.map((event) => event.id)).toEqual(stored.map((event) => event.id));
        expect(new Set(received.map((event) => event.id)).size).toBe(400);
      });

      it('resumes strictly after a checkpoint', async () => {
        const stream = newStream();
        const start = await store.lastPosition();
        const filter = { streamCategories: [category] };
        const appended = await appendOneByOne(store, Array.from({ length: 10 }, () => stream));
        const first = store.subscribeAll({ from: { after: start }, filter });
        const seen: RecordedEvent[] = [];
        for await (const event of first) {
          seen.push(event);
          if (seen.length === 4) break;
        }
        await first.close();

        const resumed = store.subscribeAll({ from: { after: seen[3].position }, filter });
        const rest: RecordedEvent[] = [];
        for await (const event of resumed) {
          rest.push(event);
          if (rest.length === 6) break;
        }
        await resumed.close();
        expect([...seen, ...rest].map((event) => event.id)).toEqual(appended.map((event) => event.id));
      });

      it('from start and from end: end delivers only what is appended afterwards', async () => {
        const stream = newStream();
        await store.append(stream, [testEvent()], 'no_stream');
        const filter = { streamCategories: [category] };
        const fromStart = store.subscribeAll({ from: 'start', filter });
        const fromEnd = store.subscribeAll({ from: 'end', filter });
        const later = testEvent('LaterHappened');
        await store.append(stream, [later], 0);

        const firstOf = async (subscription: AsyncIterable<RecordedEvent>) => {
          for await (const event of subscription) return event;
          return undefined;
        };
        expect((await firstOf(fromStart))?.revision).toBe(0);
        expect((await firstOf(fromEnd))?.id).toBe(later.id);
        await Promise.all([fromStart.close(), fromEnd.close()]);
      });

      it('close() ends an iteration that is waiting for live events', async () => {
        const subscription = store.subscribeAll({ from: 'end', filter: { streamCategories: [category] } });
        setTimeout(() => void subscription.close(), 50);
        const received = await collect(subscription);
        expect(received).toEqual([]);
      });
    });

    describe('multi-stream append', () => {
      it('writes every stream or none: a failed expectation anywhere leaves all streams untouched', async () => {
        const [aggregate, reservation] = [newStream(), newStream()];
        const first = [testEvent()];
        const held = [testEvent()];
        const results = await store.appendMulti([
          { streamId: reservation, events: held, expected: 'no_stream' },
          { streamId: aggregate, events: first, expected: 'no_stream' },
        ]);
        expect(results.map((result) => [result.streamId, result.revision])).toEqual([
          [reservation, 0],
          [aggregate, 0],
        ]);

        const other = newStream();
        const refused = store.appendMulti([
          { streamId: other, events: [testEvent()], expected: 'no_stream' },
          { streamId: reservation, events: [testEvent()], expected: 'no_stream' },
        ]);
        await expect(refused).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', streamId: reservation, actual: 0 });
        expect(await store.streamRevision(other)).toBeNull();
        expect((await collect(store.readStream(reservation))).map((event) => event.id)).toEqual([held[0].id]);
      });

      it('of concurrent claims on one reservation stream, exactly one writes anything', async () => {
        const reservation = newStream();
        const claims = Array.from({ length: 10 }, () => ({ aggregate: newStream(), event: testEvent() }));
        const outcomes = await Promise.allSettled(
          claims.map(({ aggregate, event }) =>
            store.appendMulti([
              { streamId: reservation, events: [event], expected: 'no_stream' },
              { streamId: aggregate, events: [testEvent()], expected: 'no_stream' },
            ]),
          ),
        );
        const winners = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [index] : []));
        expect(winners).toHaveLength(1);
        for (const [index, claim] of claims.entries()) {
          expect(await store.streamRevision(claim.aggregate)).toBe(index === winners[0] ? 0 : null);
        }
      });

      it('refuses a request that names one stream twice, and writes nothing', async () => {
        const stream = newStream();
        await expect(
          store.appendMulti([
            { streamId: stream, events: [testEvent()], expected: 'any' },
            { streamId: stream, events: [testEvent()], expected: 'any' },
          ]),
        ).rejects.toMatchObject({ name: 'InvalidAppendError' });
        expect(await store.streamRevision(stream)).toBeNull();
      });
    });

    describe('concurrent appends', () => {
      it('settles each append on its own: wrong revisions fail alone, one racer per stream wins', async () => {
        const fresh = Array.from({ length: 30 }, () => newStream());
        const wrong = Array.from({ length: 5 }, () => newStream());
        const contested = newStream();
        const attempts = [
          ...fresh.map((stream) => ({ stream, expected: 'no_stream' as const, event: testEvent() })),
          ...wrong.map((stream) => ({ stream, expected: 3, event: testEvent() })),
          ...Array.from({ length: 5 }, () => ({ stream: contested, expected: 'no_stream' as const, event: testEvent() })),
        ];
        const outcomes = await Promise.allSettled(attempts.map(({ stream, event, expected }) => store.append(stream, [event], expected)));

        outcomes.slice(0, 30).forEach((outcome) => expect(outcome.status).toBe('fulfilled'));
        for (const outcome of outcomes.slice(30, 35)) {
          expect(outcome.status).toBe('rejected');
          expect((outcome as PromiseRejectedResult).reason).toMatchObject({ name: 'WrongExpectedRevisionError', actual: null });
        }
        const racers = outcomes.slice(35);
        expect(racers.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        expect(racers.filter((outcome) => outcome.status === 'rejected')).toHaveLength(4);

        for (const stream of wrong) expect(await store.streamRevision(stream)).toBeNull();
        const winner = attempts[35 + racers.findIndex((outcome) => outcome.status === 'fulfilled')];
        expect((await collect(store.readStream(contested))).map((event) => event.id)).toEqual([winner.event.id]);
        for (const [index, stream] of fresh.entries()) {
          expect((await collect(store.readStream(stream))).map((event) => event.id)).toEqual([attempts[index].event.id]);
        }
      });
    });
  });
}

/** `global.gc` without starting node with --expose-gc: the flag set at run time, the function taken from a new context. */
const exposeGc = (): (() => void) => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
};
