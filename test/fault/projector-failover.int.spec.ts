/**
 * Projector failover: two projector processes on the same stores, one applying under the lease.
 * The active one is SIGKILLed in the middle of its work; the other takes over within one lease and
 * one of its attempt intervals (the product's promise) and finishes. Documents and checkpoints then equal a clean rebuild: no event applied twice
 * (with effect) or skipped. On SQLite, and on MongoDB through FerretDB when MONGODB_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteEventStore } from '#libs/event-store';
import type { ReadStore } from '#libs/read-store';
import { seedEventStore } from '../../bench/rebuild/seed-event-store.js';
import { kill, type ChildService } from './support/api-process.js';
import { reportFaultFigures } from './support/fault-results.js';
import { headOf, mongoReadStore, sqliteReadStore, startProjector, type ReadStoreUnderTest } from './support/projector-processes.js';
import { waitFor } from './support/wait-for.js';
import { countDocuments, diffSnapshots, documentCount, readCheckpoints, rebuildReadModels, snapshotReadModels } from './support/read-model-snapshot.js';

/** The lease the projector processes run with (`PROJECTOR_LEASE_MS`), and how often a standby tries (a fifth of it). */
const LEASE_TTL_MS = 10_000;
const ATTEMPT_INTERVAL_MS = LEASE_TTL_MS / 5;
/** The holder renewed at the latest when it was killed: the lease has lapsed one lease later, and a standby's next attempt is within one interval of that. */
const TAKEOVER_BOUND_MS = LEASE_TTL_MS + ATTEMPT_INTERVAL_MS;
const MONGODB_URL = process.env['MONGODB_URL'];

interface Backend {
  label: string;
  /** Enough events that the active projector is still busy when it is killed (FerretDB applies far fewer per second). */
  events: number;
  store(dataDir: string, cleanDir: string): ReadStoreUnderTest;
  unavailable?: string;
}

const BACKENDS: Backend[] = [
  { label: 'SQLite', events: 10_000, store: (dataDir, cleanDir) => sqliteReadStore(dataDir, cleanDir) },
  {
    label: 'MongoDB',
    events: 600,
    store: () => mongoReadStore(MONGODB_URL!, 'fault_failover'),
    unavailable: MONGODB_URL ? undefined : 'MONGODB_URL is not set (run `npm run test:mongo -- test/fault`, or `.ci/run`, which start FerretDB)',
  },
];

/** Checkpoints of every projection in `store`: polled while the projectors work, so no document is read (a full read of FerretDB slowed the projectors it watched). */
async function progress(store: ReadStore): Promise<(bigint | null)[]> {
  return Object.values(await readCheckpoints(store)).map((c) => (c === null ? null : BigInt(c)));
}

describe('projector failover: SIGKILL of the lease holder', () => {
  const dirs: string[] = [];
  const processes: ChildService[] = [];
  const figures: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-failover-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const service of processes.splice(0)) await kill(service, 'SIGKILL');
  });
  afterAll(async () => {
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
    if (figures.length > 0) reportFaultFigures('Projector failover (SIGKILL of the lease holder)', 'npm test -- test/fault/projector-failover', figures);
  });

  for (const backend of BACKENDS) {
    it(`on ${backend.label}: the standby takes over within the lease time and the read models equal a clean rebuild`, async () => {
      if (backend.unavailable) {
        process.stdout.write(`SKIPPED projector failover on ${backend.label}: ${backend.unavailable}\n`);
        figures.push(`${backend.label}: skipped (${backend.unavailable})`);
        return;
      }
      const dataDir = tempDir();
      const store = backend.store(dataDir, tempDir());
      try {
        seedEventStore(dataDir, backend.events);
        const head = await headOf(dataDir);
        const env = { PROJECTOR_LEASE_MS: String(LEASE_TTL_MS) };
        const first = startProjector(dataDir, store, env);
        const second = startProjector(dataDir, store, env);
        processes.push(first, second);
        const holds = (service: ChildService) => service.output().includes('lease acquired');
        const active = await waitFor('a projector to take the lease', async () => [first, second].find(holds), 60_000);
        const standby = active === first ? second : first;

        const reader = await store.open();
        try {
          // Mid-work: some projection has applied a batch (its documents are written), some checkpoint is still short of the head.
          const atKill = await waitFor(
            'the active projector to be half-way',
            async () => {
              const now = await progress(reader);
              return now.some((c) => c !== null) && now.some((c) => c === null || c < head) ? now : null;
            },
            120_000,
            20,
          );
          await kill(active, 'SIGKILL');
          const killedAt = performance.now();
          // Counted once the holder is dead: what it had written when it was killed.
          const documentsAtKill = await countDocuments(reader);
          expect(holds(standby)).toBe(false);

          await waitFor('the standby to take the lease', async () => holds(standby), TAKEOVER_BOUND_MS);
          const takeoverMs = performance.now() - killedAt;
          expect(takeoverMs).toBeLessThanOrEqual(TAKEOVER_BOUND_MS);
          await waitFor('the standby to reach the head', async () => (await progress(reader)).every((c) => c === head), 180_000, 200);
          const caughtUpMs = performance.now() - killedAt;
          expect(await kill(standby, 'SIGTERM')).toBe(0);

          const afterFailover = await snapshotReadModels(reader);
          const eventStore = await SqliteEventStore.open({ dataDir });
          const clean = await store.openClean();
          await rebuildReadModels(eventStore, clean, 300_000);
          const rebuilt = await snapshotReadModels(clean);
          await clean.close();
          await eventStore.close();

          expect(diffSnapshots(afterFailover, rebuilt)).toEqual([]);
          const applied = atKill.map((c) => (c === null ? 'none' : c.toString()));
          figures.push(
            `${backend.label}: ${backend.events.toLocaleString('en')} events; killed with checkpoints at ${[...new Set(applied)].join(', ')} of ${head} ` +
              `and ${documentsAtKill} documents written; takeover ${(takeoverMs / 1000).toFixed(1)} s after the kill (lease ${LEASE_TTL_MS / 1000} s, attempts every ${ATTEMPT_INTERVAL_MS / 1000} s: bound ${TAKEOVER_BOUND_MS / 1000} s), ` +
              `head reached ${(caughtUpMs / 1000).toFixed(1)} s after it; ${documentCount(rebuilt)} documents equal a clean rebuild`,
          );
        } finally {
          await reader.close();
        }
      } finally {
        await store.dispose();
      }
    }, 420_000);
  }
});
