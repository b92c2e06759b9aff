/**
 * Lost connections: every connection of a running projector process to its MongoDB read store (a
 * FerretDB of this test's own, behind a relay the test cuts) is reset and new ones are refused for a
 * while, once while it catches up and once while it follows the log live, with new events appended
 * during the outage. The projector's writes fail; it resumes from its checkpoint with back-off once
 * connections are possible again, within the 5 s the product promises after a store comes back, and
 * ends equal to a clean rebuild.
 *
 * The server itself is not killed: FerretDB v1 creates a collection's table or an index in PostgreSQL
 * and records it in its own metadata in two statements, so a kill between them leaves it refusing
 * that collection or index ever after ("relation ... already exists"): the projector then failed on
 * it until the test's 180 s wait ran out, about one run in four. That is a defect of the stand-in
 * (docs/decisions/0005-ferretdb-for-mongodb-tests.md), not a lost connection.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chainEvents, SqliteEventStore, type NewEvent } from '#libs/event-store';
import type { ReadStore } from '#libs/read-store';
import { seedEventStore } from '../../bench/rebuild/seed-event-store.js';
import { freePort, kill, sleep, type ChildService } from './support/api-process.js';
import { reportFaultFigures } from './support/fault-results.js';
import { ConnectionCutter } from './support/connection-cutter.js';
import { FerretDbInstance, ferretDbBinary } from './support/ferretdb-instance.js';
import { headOf, mongoReadStore, startProjector } from './support/projector-processes.js';
import { waitFor } from './support/wait-for.js';
import { diffSnapshots, documentCount, readCheckpoints, rebuildReadModels, snapshotReadModels } from './support/read-model-snapshot.js';

const OUTAGE_MS = 5_000;
/** Once connections are possible again, the projector applies again within this (back-off at most 2 s). */
const RECOVERY_BOUND_MS = 5_000;
const binary = ferretDbBinary();
const unavailable = !process.env['MONGODB_URL']
  ? 'MONGODB_URL is not set (run `npm run test:mongo -- test/fault/lost-connections`, or `.ci/run`, which start FerretDB)'
  : !binary
    ? 'no FerretDB binary (`scripts/ferretdb.sh start` builds it into .tools/)'
    : undefined;

/** Whether every projection's checkpoint has reached `head` (false while the server is away). */
const reached = async (store: ReadStore, head: bigint): Promise<boolean> => Object.values(await readCheckpoints(store)).every((c) => c === head.toString());

/** Checkpoints as stored now, by projection: the waits poll these only, never the documents (a full read of FerretDB every 50 ms slowed the projector it watched). */
const checkpoints = (store: ReadStore): Promise<Record<string, string | null>> => readCheckpoints(store);

/** Resolves once some checkpoint has moved past `before` (the projector applies again), or every one is at `head` (nothing was left to apply). */
const resumed = (store: ReadStore, before: Record<string, string | null>, head: bigint): Promise<boolean> =>
  waitFor(
    'the projector to apply again',
    async () => {
      const now = await checkpoints(store);
      return Object.entries(now).some(([key, c]) => c !== before[key]) || Object.values(now).every((c) => c === head.toString());
    },
    RECOVERY_BOUND_MS,
    50,
  );

/** New enterprises appended to the log by another process, as the api would while the read store is down. */
async function appendEnterprises(dataDir: string, count: number): Promise<void> {
  const store = await SqliteEventStore.open({ dataDir });
  try {
    for (let i = 0; i < count; i++) {
      const enterpriseId = randomUUID().replaceAll('-', '');
      const event: NewEvent = {
        id: randomUUID(),
        type: 'EnterpriseRegistered',
        data: { enterpriseId, name: `断线期间登记企业${i}`, creditCode: `91430900MF${enterpriseId.slice(0, 8).toUpperCase()}`, sector: 'fireworks', countyCode: '430903', registeredOn: '2020-08-01' },
        metadata: { schemaVersion: 1, occurredAt: '2020-08-01', actor: { sub: 'fault-test', role: 'city_admin' }, correlationId: randomUUID(), causationId: null, prevHash: null },
      };
      await store.append(`enterprise-${enterpriseId}`, chainEvents(null, [event]), 'no_stream');
    }
  } finally {
    await store.close();
  }
}

describe('lost connections: the MongoDB read store goes away under a running projector', () => {
  const dirs: string[] = [];
  let projector: ChildService | null = null;
  let ferret: FerretDbInstance | null = null;
  let cutter: ConnectionCutter | null = null;
  afterEach(async () => {
    if (projector) await kill(projector, 'SIGKILL');
    projector = null;
    await cutter?.cut();
    cutter = null;
    await ferret?.stop();
    ferret = null;
  });
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('reconnects with back-off and resumes from its checkpoint, while catching up and while live', async () => {
    if (unavailable) {
      process.stdout.write(`SKIPPED lost connections: ${unavailable}\n`);
      reportFaultFigures('Lost connections (MongoDB read store stopped under the projector)', 'npm run test:mongo -- test/fault/lost-connections', [`skipped: ${unavailable}`]);
      return;
    }
    ferret = new FerretDbInstance(binary!, await freePort());
    await ferret.start();
    cutter = new ConnectionCutter(await freePort(), ferret.port);
    await cutter.open();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-reconnect-'));
    dirs.push(dataDir);
    // The projector connects through the cutter; the test reads the same database directly.
    const store = mongoReadStore(ferret.url('admin'), 'fault_reconnect');
    const cut = mongoReadStore(`mongodb://127.0.0.1:${cutter.port}/admin`, 'fault_reconnect');
    try {
      seedEventStore(dataDir, 400);
      let head = await headOf(dataDir);
      projector = startProjector(dataDir, cut);
      const reader = await store.open();
      try {
        // 1. While catching up: a batch applied (documents written) when the connections go.
        await waitFor('the projector to apply a first batch', async () => Object.values(await checkpoints(reader)).some((c) => c !== null), 60_000, 20);
        await cutter.cut();
        await sleep(OUTAGE_MS);
        const before = await checkpoints(reader);
        await cutter.open();
        let backAt = performance.now();
        await resumed(reader, before, head);
        const catchUpResumedMs = performance.now() - backAt;
        expect(catchUpResumedMs).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
        await waitFor('the projector to reach the head after the outage', () => reached(reader, head), 180_000, 100);
        const catchUpHeadMs = performance.now() - backAt;

        // 2. While live: new events arrive during the outage.
        await cutter.cut();
        await appendEnterprises(dataDir, 5);
        head = await headOf(dataDir);
        await sleep(OUTAGE_MS);
        const beforeLive = await checkpoints(reader);
        await cutter.open();
        backAt = performance.now();
        await resumed(reader, beforeLive, head);
        const liveResumedMs = performance.now() - backAt;
        expect(liveResumedMs).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
        await waitFor('the projector to apply the events appended during the outage', () => reached(reader, head), 60_000, 50);
        const liveRecoveryMs = performance.now() - backAt;

        const warnings = projector.output().split('\n').filter((line) => line.includes('resuming from its checkpoint'));
        const delays = warnings.map((line) => Number(/"delayMs":(\d+)/.exec(line)?.[1] ?? NaN));
        expect(await kill(projector, 'SIGTERM')).toBe(0);
        projector = null;

        const afterOutages = await snapshotReadModels(reader);
        const eventStore = await SqliteEventStore.open({ dataDir });
        const clean = await store.openClean();
        await rebuildReadModels(eventStore, clean, 300_000);
        const rebuilt = await snapshotReadModels(clean);
        await clean.close();
        await eventStore.close();

        expect(diffSnapshots(afterOutages, rebuilt)).toEqual([]);
        // Whether a failure is logged at all depends on whether the cut finds a batch in flight (between
        // batches the driver waits for the server instead of failing), which the product does not
        // promise; the recovery bound above is the promise. Each failure logged was retried after a
        // back-off within 100 ms–2 s; the back-off itself is libs/projections' unit test.
        expect(delays.every((delay) => delay >= 100 && delay <= 2000)).toBe(true);
        reportFaultFigures('Lost connections (MongoDB read store stopped under the projector)', 'npm run test:mongo -- test/fault/lost-connections', [
          `Every connection of a projector process to a FerretDB of the test's own reset, and new ones refused, twice for ${OUTAGE_MS / 1000} s: once while catching up (400 events), once while live with 5 events appended during the outage`,
          `Recovery while catching up: applying again ${(catchUpResumedMs / 1000).toFixed(1)} s after connections were possible again (bound ${RECOVERY_BOUND_MS / 1000} s), at the head after ${(catchUpHeadMs / 1000).toFixed(1)} s (FerretDB applies slowly)`,
          `Recovery while live: applying again ${(liveResumedMs / 1000).toFixed(1)} s after connections were possible again (bound ${RECOVERY_BOUND_MS / 1000} s), the events appended during the outage applied by every projection after ${(liveRecoveryMs / 1000).toFixed(1)} s`,
          `Projection failures logged and resumed from the checkpoint: ${warnings.length}, back-off delays ${delays.length ? `${Math.min(...delays)}–${Math.max(...delays)} ms` : 'none'}`,
          `Read models after the outages equal a clean rebuild: ${documentCount(rebuilt)} documents, checkpoints at ${head}`,
        ]);
      } finally {
        await reader.close();
      }
    } finally {
      await store.dispose();
    }
  }, 420_000);
});
