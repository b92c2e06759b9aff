import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { StoreUnavailableError, type RecordedEvent } from '../event-store.port.js';
import { chainEvents, verifyChain } from '../hash-chain.js';
import { describeEventStoreConformance } from '../testing/event-store.conformance.js';
import { relay } from '../testing/tcp-relay.js';
import { collect, rejectionOf, testEvent, uniqueCategory } from '../testing/test-event.js';
import { PostgresEventStore, type PostgresEventStoreOptions } from './postgresql-event-store.js';

const url = process.env['POSTGRES_URL'];

const open = (options: Partial<PostgresEventStoreOptions> = {}) => PostgresEventStore.connect({ url: url!, ...options });

const openTemp = async (options: Partial<PostgresEventStoreOptions> = {}) => {
  const store = await open(options);
  return { store, cleanup: () => store.close() };
};

/** Polls a condition read from the server, a bounded number of times; fails with `what` if it never holds. */
const eventually = async (what: string, check: () => Promise<boolean>): Promise<void> => {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never happened: ${what}`);
};

if (url) {
  describeEventStoreConformance(`postgresql (${new URL(url).pathname.slice(1)})`, () => openTemp());
  describeEventStoreConformance('postgresql without group commit or read batching', () => openTemp({ groupCommit: false, batchReads: false }));

  describe('PostgresEventStore', () => {
    it('commits appends that arrive together in one call (one transaction, one round trip), each on its own', async () => {
      const store = await open();
      const category = uniqueCategory();
      const before = store.stats;
      const outcomes = await Promise.allSettled(
        Array.from({ length: 40 }, (_, index) => store.append(`${category}-w${index % 30}`, [testEvent()], index < 30 ? 'no_stream' : 5)),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(30);
      expect(outcomes.slice(30).every((outcome) => outcome.status === 'rejected')).toBe(true);
      expect(store.stats.commits - before.commits).toBe(1);
      expect(store.stats.appends - before.appends).toBe(40);
      await store.close();
    });

    it('within one group: a retry of an append queued earlier in the same call, and appends that follow each other on one stream', async () => {
      const store = await open();
      const stream = `${uniqueCategory()}-1`;
      const batch = [testEvent(), testEvent()];
      const before = store.stats;
      const [first, retried, next, wrong] = await Promise.allSettled([
        store.append(stream, batch, 'no_stream'),
        store.append(stream, batch, 'no_stream'),
        store.append(stream, [testEvent()], 1),
        store.append(stream, [testEvent()], 1),
      ]);
      expect(store.stats.commits - before.commits).toBe(1);
      expect(first).toMatchObject({ status: 'fulfilled', value: { revision: 1 } });
      expect(retried).toEqual(first);
      expect(next).toMatchObject({ status: 'fulfilled', value: { revision: 2 } });
      expect(wrong).toMatchObject({ status: 'rejected', reason: { name: 'WrongExpectedRevisionError', actual: 2 } });
      expect((await collect(store.readStream(stream))).map((event) => event.revision)).toEqual([0, 1, 2]);
      await store.close();
    });

    it('answers every stream of every append of a call its own last revision and position, when no append needs a check', async () => {
      const store = await open();
      const category = uniqueCategory();
      const stream = (name: string) => `${category}-${name}`;
      await store.append(stream('old'), [testEvent(), testEvent()], 'no_stream');
      const before = store.stats;
      // New streams and an existing one at its exact revision, each named once: the call's short way.
      const results = await Promise.all([
        store.appendMulti([
          { streamId: stream('a'), events: [testEvent(), testEvent(), testEvent()], expected: 'no_stream' },
          { streamId: stream('old'), events: [testEvent()], expected: 1 },
        ]),
        store.append(stream('b'), [testEvent()], 'no_stream'),
        store.appendMulti([
          { streamId: stream('c'), events: [testEvent()], expected: 'no_stream' },
          { streamId: stream('d'), events: [testEvent(), testEvent()], expected: 'no_stream' },
        ]),
      ]);
      expect(store.stats.commits - before.commits).toBe(1);
      const last = async (name: string) => {
        const [event] = await collect(store.readStream(stream(name), { direction: 'backwards', maxCount: 1 }));
        return { streamId: event.streamId, revision: event.revision, position: event.position };
      };
      expect(results).toEqual([[await last('a'), await last('old')], await last('b'), [await last('c'), await last('d')]]);
      expect(results.flat().map((result) => result.revision)).toEqual([2, 2, 0, 0, 1]);
      // Positions in the order of the call: appends, then streams within each.
      const positions = results.flat().map((result) => result.position);
      expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);
      await store.close();
    });

    it('answers the stream reads asked for together with one query, each read its own stream in order', async () => {
      const store = await open();
      const category = uniqueCategory();
      const streams = Array.from({ length: 20 }, (_, index) => `${category}-s${index}`);
      const written = await Promise.all(
        streams.map(async (stream, index) => {
          const events = Array.from({ length: (index % 4) + 1 }, () => testEvent());
          await store.append(stream, events, 'no_stream');
          return events.map((event) => event.id);
        }),
      );
      const before = store.stats;
      const read = await Promise.all([...streams, `${category}-none`].map((stream) => collect(store.readStream(stream))));
      expect(store.stats.readQueries - before.readQueries).toBe(1);
      expect(store.stats.reads - before.reads).toBe(21);
      expect(read.map((events) => events.map((event) => event.id))).toEqual([...written, []]);
      expect(read.slice(0, 20).map((events) => events.map((event) => `${event.streamId}@${event.revision}`))).toEqual(
        written.map((ids, index) => ids.map((_, revision) => `${streams[index]}@${revision}`)),
      );
      await store.close();
    });

    it('a read started after an append was acknowledged sees it, also when the read shares its query with others (and the append came from another pool)', async () => {
      const [writer, reader] = await Promise.all([open(), open()]);
      const category = uniqueCategory();
      const before = reader.stats;
      const stale: string[] = [];
      await Promise.all(
        Array.from({ length: 32 }, async (_, loop) => {
          const stream = `${category}-l${loop}`;
          const appended: string[] = [];
          for (let revision = 0; revision < 8; revision++) {
            const event = testEvent();
            await writer.append(stream, [event], revision === 0 ? 'no_stream' : revision - 1);
            appended.push(event.id);
            const seen = (await collect(reader.readStream(stream))).map((read) => read.id);
            if (JSON.stringify(seen) !== JSON.stringify(appended)) stale.push(`${stream}@${revision}`);
          }
        }),
      );
      expect(stale).toEqual([]);
      // The reads did share queries: the property held where it could have failed.
      const queries = reader.stats.readQueries - before.readQueries;
      expect(reader.stats.reads - before.reads).toBe(32 * 8);
      expect(queries).toBeLessThan(32 * 8);
      await Promise.all([writer.close(), reader.close()]);
    });

    it('a read that fails in a shared query fails alone: the others of its batch get their events', async () => {
      const store = await open();
      const category = uniqueCategory();
      const streams = Array.from({ length: 6 }, (_, index) => `${category}-s${index}`);
      const written = await Promise.all(
        streams.map(async (stream) => {
          const event = testEvent();
          await store.append(stream, [event], 'no_stream');
          return [event.id];
        }),
      );
      const before = store.stats;
      // A NUL byte is no text PostgreSQL accepts: the statement carrying it fails.
      const outcomes = await Promise.allSettled([...streams.slice(0, 3), `${category}-a\u0000b`, ...streams.slice(3)].map((stream) => collect(store.readStream(stream))));
      const bad = outcomes.splice(3, 1)[0];
      expect(bad.status).toBe('rejected');
      expect((bad as PromiseRejectedResult).reason).not.toBeInstanceOf(StoreUnavailableError);
      expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.map((event) => event.id) : outcome.reason))).toEqual(written);
      // One shared query tried first, then each read on its own.
      expect(store.stats.readQueries - before.readQueries).toBe(1 + 7);
      // The store goes on reading as before.
      expect((await collect(store.readStream(streams[0]))).map((event) => event.id)).toEqual(written[0]);
      await store.close();
    });

    it('leaves a gap where a rolled-back transaction had taken positions, and never fills it', async () => {
      const store = await open();
      const category = uniqueCategory();
      const start = await store.lastPosition();
      const first = await store.append(`${category}-a`, [testEvent()], 'no_stream');
      const raw = new pg.Client({ connectionString: url });
      await raw.connect();
      const lost = [testEvent(), testEvent()];
      await raw.query('BEGIN');
      await raw.query('SELECT append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
        [0], [`${category}-b`], [category], ['no_stream'], [2], lost.map((e) => e.id), lost.map((e) => e.type),
        lost.map((e) => JSON.stringify(e.data)), lost.map((e) => JSON.stringify(e.metadata)), new Date().toISOString(),
      ]);
      await raw.query('ROLLBACK');
      await raw.end();
      const next = await store.append(`${category}-a`, [testEvent()], 0);
      expect(next.position - first.position).toBeGreaterThan(1n);
      const read = await collect(store.readAll({ after: start, filter: { streamCategories: [category] } }));
      expect(read.map((event) => event.position)).toEqual([first.position, next.position]);
      await store.close();
    });

    it('never lets a subscriber pass a position whose transaction commits later: a second writer waits for the first to commit', async () => {
      const [subscriberStore, writer] = await Promise.all([open(), open()]);
      const category = uniqueCategory();
      const start = await subscriberStore.lastPosition();
      const subscription = subscriberStore.subscribeAll({ from: { after: start }, filter: { streamCategories: [category] } });
      const received: RecordedEvent[] = [];
      const receiving = (async () => {
        for await (const event of subscription) {
          received.push(event);
          if (received.length === 2) break;
        }
      })();

      // Another process's transaction takes a position and stays open.
      const raw = new pg.Client({ connectionString: url });
      await raw.connect();
      const slow = testEvent();
      await raw.query('BEGIN');
      const { rows } = await raw.query<{ results: string[] }>(
        'SELECT append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) AS results',
        [[0], [`${category}-slow`], [category], ['no_stream'], [1], [slow.id], [slow.type], [JSON.stringify(slow.data)], [JSON.stringify(slow.metadata)], new Date().toISOString()],
      );
      const slowPosition = BigInt(rows[0].results[0].split(':')[1]);

      const fast = testEvent();
      const fastAppend = writer.append(`${category}-fast`, [fast], 'no_stream');
      // The second append does not take a later position and commit first: it waits on the append lock.
      await eventually('the second writer waits on the append lock', async () => {
        const waiting = await raw.query(
          `SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
           WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()`,
        );
        return waiting.rowCount! > 0;
      });
      expect(await collect(subscriberStore.readAll({ after: start, filter: { streamCategories: [category] } }))).toEqual([]);

      await raw.query('COMMIT');
      await raw.end();
      const fastResult = await fastAppend;
      await receiving;
      await subscription.close();

      expect(fastResult.position).toBeGreaterThan(slowPosition);
      expect(received.map((event) => event.id)).toEqual([slow.id, fast.id]);
      await Promise.all([subscriberStore.close(), writer.close()]);
    });

    it('hands every event to a subscriber while four pools append at once, none skipped, in position order', async () => {
      const writers = await Promise.all(Array.from({ length: 4 }, () => open()));
      const subscriberStore = await open();
      const category = uniqueCategory();
      const filter = { streamCategories: [category] };
      const start = await subscriberStore.lastPosition();
      const subscription = subscriberStore.subscribeAll({ from: { after: start }, filter });
      const received: RecordedEvent[] = [];
      // Appended after every writer is done: the subscriber stops at it.
      const tail = testEvent();
      const receiving = (async () => {
        for await (const event of subscription) {
          received.push(event);
          if (event.id === tail.id) break;
        }
      })();

      await Promise.all(
        writers.map(async (writer, w) => {
          for (let burst = 0; burst < 15; burst++) {
            await Promise.all(
              Array.from({ length: 8 }, (_, index) =>
                // Some multi-stream appends are refused (a taken revision) beside the ones that succeed.
                index === 7
                  ? writer
                      .appendMulti([
                        { streamId: `${category}-w${w}x${burst}`, events: [testEvent()], expected: 'no_stream' },
                        { streamId: `${category}-w${w}s0`, events: [testEvent()], expected: 'no_stream' },
                      ])
                      .catch(() => undefined)
                  : writer.append(`${category}-w${w}s${index}`, [testEvent()], 'any'),
              ),
            );
          }
        }),
      );
      await writers[0].append(`${category}-tail`, [tail], 'no_stream');
      await receiving;
      await subscription.close();

      const all = await collect(subscriberStore.readAll({ after: start, filter }));
      expect(all.length).toBe(4 * 15 * 7 + 1);
      expect(received.map((event) => event.id)).toEqual(all.map((event) => event.id));
      await Promise.all([...writers, subscriberStore].map((store) => store.close()));
    });

    it('wakes a live subscription on NOTIFY from another pool, without polling', async () => {
      const [subscriberStore, writer] = await Promise.all([open({ pollIntervalMs: 600_000 }), open()]);
      const category = uniqueCategory();
      const subscription = subscriberStore.subscribeAll({ from: 'end', filter: { streamCategories: [category] } });
      const appended = testEvent();
      setTimeout(() => void writer.append(`${category}-1`, [appended], 'no_stream'), 50);
      let first: RecordedEvent | undefined;
      for await (const event of subscription) {
        first = event;
        break;
      }
      expect(first?.id).toBe(appended.id);
      // Only NOTIFY could have woken it: the poll, even with LISTEN down, is ten minutes.
      await Promise.all([subscription.close(), subscriberStore.close(), writer.close()]);
    });

    it('keeps the hash chain: verifyChain finds an event altered in the table', async () => {
      const store = await open();
      const stream = `${uniqueCategory()}-1`;
      const first = chainEvents(null, [testEvent(), testEvent()]);
      await store.append(stream, first, 'no_stream');
      const [last] = await collect(store.readStream(stream, { direction: 'backwards', maxCount: 1 }));
      await store.append(stream, chainEvents(last, [testEvent(), testEvent()]), 1);
      expect(verifyChain(await collect(store.readStream(stream)))).toEqual({ verified: true });

      const raw = new pg.Client({ connectionString: url });
      await raw.connect();
      await raw.query(`UPDATE events SET data = '{"n":99}' WHERE stream_id = $1 AND revision = 1`, [stream]);
      await raw.end();
      expect(verifyChain(await collect(store.readStream(stream)))).toEqual({ verified: false, firstBrokenRevision: 2 });
      await store.close();
    });

    it('answers StoreUnavailableError while the server refuses connections, and works again once it accepts them', async () => {
      const through = await relay(new URL(url!));
      const store = await open({ url: through.url });
      const stream = `${uniqueCategory()}-1`;
      await store.append(stream, [testEvent()], 'no_stream');

      await through.refuse();
      const failed = await rejectionOf(store.append(stream, [testEvent()], 0));
      expect(failed).toBeInstanceOf(StoreUnavailableError);
      expect(failed.message).not.toContain('\n');
      expect(await rejectionOf(store.streamRevision(stream))).toBeInstanceOf(StoreUnavailableError);
      const reads = await Promise.allSettled([stream, `${stream}x`].map((name) => collect(store.readStream(name))));
      expect(reads.map((read) => read.status === 'rejected' && read.reason instanceof StoreUnavailableError)).toEqual([true, true]);
      expect((await store.health()).ok).toBe(false);

      await through.accept();
      await expect(store.append(stream, [testEvent()], 0)).resolves.toMatchObject({ revision: 1 });
      expect(await store.streamRevision(stream)).toBe(1);
      await store.close();
      await through.close();
    });

    it('flushes every commit even where the URL asks otherwise: each pooled connection runs with synchronous_commit=on', async () => {
      const target = new URL(url!);
      target.searchParams.set('options', '-c synchronous_commit=off -c application_name=durability_check');
      const store = await PostgresEventStore.connect({ url: target.href, poolSize: 4 });
      const query = (store as unknown as { query(text: string, values: unknown[]): Promise<{ sc: string; app: string }[]> }).query.bind(store);
      const settings = await Promise.all(
        Array.from({ length: 4 }, () => query("SELECT current_setting('synchronous_commit') AS sc, current_setting('application_name') AS app FROM pg_sleep(0.05)", [])),
      );
      expect(settings.map((rows) => rows[0])).toEqual(Array.from({ length: 4 }, () => ({ sc: 'on', app: 'durability_check' })));
      await store.close();
    });

    it('refuses a wrong URL at start with one line naming the server, never the password', async () => {
      const target = new URL(url!);
      const error = await rejectionOf(PostgresEventStore.connect({ url: `postgresql://postgres:s3cret@127.0.0.1:1/${target.pathname.slice(1)}` }));
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(error.message).toContain('127.0.0.1:1');
      expect(error.message).not.toContain('s3cret');
      expect(error.message).not.toContain('\n');

      target.pathname = '/ss_no_such_database';
      const missing = await rejectionOf(PostgresEventStore.connect({ url: target.href }));
      expect(missing.message).toContain('the database does not exist');
    });
  });
} else {
  const how = 'createdb -h 127.0.0.1 -U postgres ss_events_test, then POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/ss_events_test npm test -- postgresql';
  process.stdout.write(`PostgreSQL event-store suite SKIPPED: POSTGRES_URL is not set. To run it: ${how}\n`);
  describe('EventStore conformance: postgresql', () => {
    it.skip(`SKIPPED, POSTGRES_URL is not set: ${how}`, () => undefined);
  });
}
