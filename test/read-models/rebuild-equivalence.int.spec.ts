import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '#libs/event-store';
import { Projector, readModelProjections, withSharedCatchUp } from '#libs/projections';
import { loadReferenceData } from '#libs/runtime';
import type { ReadStore } from '#libs/read-store';
import { ChainedAppender } from '../../bench/generator/chained-appender.js';
import { enterpriseStory } from '../../bench/generator/province-story.js';
import { Random } from '../../bench/generator/random.js';
import { openTestReadStore, type TestReadStore } from '../../libs/projections/src/engine/testing/test-read-store.js';

const READ_MODEL_PROJECTIONS = readModelProjections(loadReferenceData());

const silent = { info: () => undefined, warn: () => undefined };
const PROVIDER = `f${'0'.repeat(31)}`;

/** Every collection with its documents (positions included), and every projection's checkpoint. */
async function contents(store: ReadStore): Promise<Record<string, unknown>> {
  const all: Record<string, unknown> = {};
  for (const collection of await store.listCollections()) all[collection] = await store.find(collection, { sort: { id: 1 } });
  for (const { name, version } of READ_MODEL_PROJECTIONS) all[`checkpoint ${name}_v${version}`] = await store.getCheckpoint(`${name}_v${version}`);
  return all;
}

/**
 * The read models built live, batch by batch as the events are appended, equal those rebuilt from
 * the whole log at once (the catch-up path: shared pages, full batches, other batch boundaries).
 */
describe('read models rebuilt from the log', () => {
  let dataDir: string;
  let eventStore: SqliteEventStore;
  let live: TestReadStore;
  let rebuilt: TestReadStore;
  const projectors: Projector[] = [];

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rebuild-equivalence-'));
    eventStore = await SqliteEventStore.open({ dataDir, pollIntervalMs: 10 });
    live = await openTestReadStore();
    rebuilt = await openTestReadStore();
  });
  afterEach(async () => {
    await Promise.all(projectors.splice(0).map((projector) => projector.stop()));
    await eventStore.close();
    await live.dispose();
    await rebuilt.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('equal the read models projected live, document for document', async () => {
    const liveProjector = new Projector(withSharedCatchUp(eventStore), live.store, READ_MODEL_PROJECTIONS, { logger: silent, maxBatchWaitMs: 2 });
    projectors.push(liveProjector);
    await liveProjector.start();

    // A few enterprises of the province generator, each committed before the next: the live projector sees small batches.
    const random = new Random(20200331);
    const appender = new ChainedAppender(eventStore, 20200331);
    let firstWorker = 0;
    for (const [index, size] of [60, 24, 9, 40].entries()) {
      const story = enterpriseStory(random, index, size, index % 2 === 0 ? '430923' : '430902', PROVIDER, firstWorker);
      for (const command of story.commands) await appender.write(command);
      await appender.settle();
      appender.forget();
      firstWorker += size;
    }
    const head = await eventStore.lastPosition();
    expect(head).toBeGreaterThan(1000n);
    expect(await liveProjector.waitForPosition(head, 60_000)).toBe(true);

    const rebuilder = new Projector(withSharedCatchUp(eventStore, { pageSize: 200, cachedPages: 4 }), rebuilt.store, READ_MODEL_PROJECTIONS, {
      logger: silent,
      batchSize: 700,
    });
    projectors.push(rebuilder);
    await rebuilder.start();
    expect(await rebuilder.waitForPosition(head, 60_000)).toBe(true);

    const expected = await contents(live.store);
    expect(Object.keys(expected).length).toBeGreaterThan(READ_MODEL_PROJECTIONS.length);
    expect(await contents(rebuilt.store)).toEqual(expected);
  });
});
