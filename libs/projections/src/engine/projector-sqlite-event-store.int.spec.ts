import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '#libs/event-store';
import { SqliteReadStore } from '#libs/read-store';
import { Projector } from './projector.js';
import { exampleWorkersProjection, workerEvent } from './testing/example-projection.js';

const silent = { info: () => undefined, warn: () => undefined };

describe('Projector on the SQLite event store', () => {
  let dataDir: string;
  let eventStore: SqliteEventStore;
  let readStore: SqliteReadStore;
  let projector: Projector;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'projector-sqlite-'));
    eventStore = await SqliteEventStore.open({ dataDir, pollIntervalMs: 20 });
    readStore = new SqliteReadStore(dataDir);
    projector = new Projector(eventStore, readStore, [exampleWorkersProjection(1)], { logger: silent, maxBatchWaitMs: 5 });
  });
  afterEach(async () => {
    await projector.stop();
    await eventStore.close();
    await readStore.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('projects what was appended before it started and what is appended after', async () => {
    await eventStore.append('worker-a', [workerEvent('WorkerEnrolled', { workerId: 'a', county: '430902' }, '00000000-0000-4000-8000-00000000000a')], 'no_stream');
    await projector.start();
    const moved = await eventStore.append(
      'worker-a',
      [workerEvent('WorkerMoved', { workerId: 'a', from: '430902', to: '430903' }, '00000000-0000-4000-8000-00000000000b')],
      0,
    );
    expect(await projector.waitForPosition(moved.position, 5000)).toBe(true);
    expect(await readStore.get('example_workers_v1_workers', 'a')).toEqual({ id: 'a', county: '430903', active: true, _position: moved.position });
    expect((await readStore.find('example_workers_v1_county_counts')).map((doc) => [doc.id, doc['workers']])).toEqual([
      ['430902', 0],
      ['430903', 1],
    ]);
  });
});
