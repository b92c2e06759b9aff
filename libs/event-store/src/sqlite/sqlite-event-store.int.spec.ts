import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreUnavailableError } from '../event-store.port.js';
import { chainEvents, verifyChain } from '../hash-chain.js';
import { describeEventStoreConformance } from '../testing/event-store.conformance.js';
import { collect, rejectionOf, testEvent } from '../testing/test-event.js';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'event-store-'));

const openTemp = async (options: Partial<SqliteEventStoreOptions> = {}) => {
  const dataDir = tempDir();
  const store = await SqliteEventStore.open({ dataDir, ...options });
  return {
    store,
    dataDir,
    cleanup: async () => {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

describeEventStoreConformance('sqlite', () => openTemp());
describeEventStoreConformance('sqlite without group commit', () => openTemp({ groupCommit: false }));

describe('SqliteEventStore', () => {
  const concurrentAppends = (store: SqliteEventStore) =>
    Promise.allSettled(Array.from({ length: 40 }, (_, index) => store.append(`worker-w${index % 30}`, [testEvent()], index < 30 ? 'no_stream' : 5)));

  it('commits appends that arrive together in one transaction, each in its own savepoint', async () => {
    const { store, cleanup } = await openTemp();
    const before = store.stats;
    const outcomes = await concurrentAppends(store);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(30);
    expect(store.stats.commits - before.commits).toBe(1);
    expect(store.stats.appends - before.appends).toBe(40);
    await cleanup();
  });

  it('commits each append alone when group commit is off', async () => {
    const { store, cleanup } = await openTemp({ groupCommit: false });
    const outcomes = await concurrentAppends(store);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(30);
    expect(store.stats.commits).toBe(40);
    await cleanup();
  });

  it('keeps acknowledged events across close and reopen, and continues the positions', async () => {
    const { store, dataDir, cleanup } = await openTemp();
    await store.append('worker-1', [testEvent(), testEvent()], 'no_stream');
    const before = await collect(store.readAll());
    await store.close();

    const reopened = await SqliteEventStore.open({ dataDir });
    expect(await collect(reopened.readAll())).toEqual(before);
    await expect(reopened.append('worker-1', [testEvent()], 1)).resolves.toEqual({ streamId: 'worker-1', revision: 2, position: 3n });
    await reopened.close();
    await cleanup();
  });

  it('close() lets in-flight appends commit first, then refuses new ones', async () => {
    const { store, dataDir, cleanup } = await openTemp();
    const inFlight = store.append('worker-1', [testEvent()], 'no_stream');
    await store.close();
    await expect(inFlight).resolves.toMatchObject({ revision: 0 });
    await expect(store.append('worker-1', [testEvent()], 0)).rejects.toBeInstanceOf(StoreUnavailableError);

    const reopened = await SqliteEventStore.open({ dataDir });
    expect(await reopened.streamRevision('worker-1')).toBe(0);
    await reopened.close();
    await cleanup();
  });

  it('refuses an unusable data directory with one clear line', async () => {
    const parent = tempDir();
    const notADirectory = join(parent, 'file');
    writeFileSync(notADirectory, 'not a directory');
    const error = await rejectionOf(SqliteEventStore.open({ dataDir: join(notADirectory, 'data') }));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toContain(join(notADirectory, 'data'));
    expect(error.message).not.toContain('\n');
    rmSync(parent, { recursive: true, force: true });
  });

  it('stamps recordedAt from the store clock at commit', async () => {
    const { store, cleanup } = await openTemp({ clock: () => new Date('2025-06-01T08:00:00.000Z') });
    await store.append('worker-1', [testEvent()], 'no_stream');
    const [event] = await collect(store.readStream('worker-1'));
    expect(event.recordedAt).toBe('2025-06-01T08:00:00.000Z');
    await cleanup();
  });

  it('wakes a subscription on commits made through another connection to the same file (as by another process)', async () => {
    const { store, dataDir, cleanup } = await openTemp({ pollIntervalMs: 50 });
    const other = await SqliteEventStore.open({ dataDir });
    const subscription = store.subscribeAll({ from: 'end' });
    const appended = testEvent();
    setTimeout(() => void other.append('worker-9', [appended], 'no_stream'), 20);
    for await (const event of subscription) {
      expect(event.id).toBe(appended.id);
      break;
    }
    await subscription.close();
    await other.close();
    await cleanup();
  });

  it('lets verifyChain find an event altered in the file', async () => {
    const { store, dataDir, cleanup } = await openTemp();
    const first = chainEvents(null, [testEvent(), testEvent()]);
    await store.append('worker-1', first, 'no_stream');
    const [last] = await collect(store.readStream('worker-1', { direction: 'backwards', maxCount: 1 }));
    await store.append('worker-1', chainEvents(last, [testEvent(), testEvent()]), 1);
    expect(verifyChain(await collect(store.readStream('worker-1')))).toEqual({ verified: true });

    const raw = new Database(join(dataDir, 'events.sqlite'));
    raw.prepare(`UPDATE events SET data = '{"n":99}' WHERE stream_id = 'worker-1' AND revision = 1`).run();
    raw.close();
    expect(verifyChain(await collect(store.readStream('worker-1')))).toEqual({ verified: false, firstBrokenRevision: 2 });
    await cleanup();
  });
});
