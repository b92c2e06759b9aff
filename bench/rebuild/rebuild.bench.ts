/**
 * Rebuild of every read model from a synthetic log on the embedded stores (SQLite event store,
 * SQLite read store): events per second and peak RSS. Writes the "Rebuild" section of bench/results.md.
 * Run: npm run bench:rebuild [-- <events>]   (default 1,000,000; 10M: npm run bench:rebuild -- 10000000)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '#libs/event-store';
import { Projector, readModelProjections, withSharedCatchUp } from '#libs/projections';
import { loadReferenceData } from '#libs/runtime';
import { SqliteReadStore } from '#libs/read-store';
import { writeResultsSection } from '../append/results-file.js';
import { floorLines, insertFloor, readFloor } from './rebuild-floor.js';
import { seedEventStore } from './seed-event-store.js';

const READ_MODEL_PROJECTIONS = readModelProjections(loadReferenceData());

const total = Number(process.argv[2] ?? 1_000_000);
const batchSize = Number(process.env['BENCH_BATCH_SIZE'] ?? 5000);
const dataDir = mkdtempSync(join(tmpdir(), 'bench-rebuild-'));
const shared = process.env['BENCH_SHARED_CATCH_UP'] !== '0';
// As the projector process runs it: batch writes on their own thread (BENCH_WRITER_THREAD=0: on the main thread).
const writerThread = process.env['BENCH_WRITER_THREAD'] !== '0';
const only = process.env['BENCH_PROJECTIONS']?.split(',');
const projections = READ_MODEL_PROJECTIONS.filter((p) => !only || only.includes(p.name));
const quiet = { info: () => undefined, warn: (message: string, context?: object) => process.stderr.write(`${message} ${JSON.stringify(context)}\n`) };

try {
  let started = performance.now();
  const events = seedEventStore(dataDir, total);
  const seedSeconds = (performance.now() - started) / 1000;
  process.stdout.write(`seeded ${events.toLocaleString('en')} events in ${seedSeconds.toFixed(1)} s\n`);

  const eventStore = await SqliteEventStore.open({ dataDir });
  const readStore = new SqliteReadStore(dataDir, { writerThread });
  const head = await eventStore.lastPosition();
  const projector = new Projector(shared ? withSharedCatchUp(eventStore) : eventStore, readStore, projections, { batchSize, logger: quiet });
  const loadBefore = loadavg()[0]!;
  started = performance.now();
  await projector.start();
  const reached = await projector.waitForPosition(head, 24 * 3600_000);
  const seconds = (performance.now() - started) / 1000;
  await projector.stop();
  await readStore.close();
  await eventStore.close();
  if (!reached) throw new Error('the rebuild did not reach the last event');

  const loadAfter = loadavg()[0]!;
  const rate = Math.round(events / seconds);
  const peakRss = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`rebuilt ${projections.length} projections over ${events.toLocaleString('en')} events in ${seconds.toFixed(1)} s: ${rate.toLocaleString('en')} events/s, peak RSS ${peakRss.toFixed(0)} MiB, load ${loadBefore.toFixed(1)}–${loadAfter.toFixed(1)}\n`);
  // The limits, on the same log and the documents just written.
  const floor = floorLines(events, seconds, readFloor(dataDir), insertFloor(dataDir));
  process.stdout.write(`${floor.join('\n')}\n`);
  if (total === 1_000_000 && !only) {
    writeResultsSection(
      'Rebuild',
      `
Every read model (${READ_MODEL_PROJECTIONS.map((p) => p.name).join(', ')}) rebuilt from position 0 by the Projector,
SQLite event store to SQLite read store (batch writes on ${writerThread ? 'their own thread, as the projector process runs them' : 'the main thread'}), batches of ${batchSize},
on a synthetic log with the commands' shapes (enrolments, classes with rosters and completions, exams, posts,
certificates and reviews, subsidy claims and their steps): ${events.toLocaleString('en')} events. Events/s counts each event once
(every projection applies it). Targets: 100,000 events/s, peak RSS ≤ 1 GiB.

- Command: \`npm run bench:rebuild\` (10M events: \`npm run bench:rebuild -- 10000000\`; \`BENCH_WRITER_THREAD=0\` writes on the main thread)
- Date: ${new Date().toISOString()}
- Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version};
  1-minute load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end (the machine is shared: above 2, other work competed for the CPUs)

| events | rebuild | events/s | peak RSS |
| ---: | ---: | ---: | ---: |
| ${events.toLocaleString('en')} | ${seconds.toFixed(1)} s | ${rate.toLocaleString('en')} | ${peakRss.toFixed(0)} MiB |

Measured limits, same run and log (a rebuild can be faster than neither):

${floor.join('\n')}

How it got here (profiles with \`node --cpu-prof\`, 200k–300k events; A/B runs alternated on the same log). The runners
share the pages of the log they read while catching up (\`withSharedCatchUp\`), and take them as whole batches
rather than one await per event (about 30 % less CPU). The engine writes a document it has read whole, and the
SQLite store inserts a patched document outright, reading only when one is there (the audit trail's entries are
all new: one statement each, no read of the \`_position\` guard, and the guard still holds, since a missing
document passes it). Each collection's statements are prepared once, documents serialised once. New read stores
use 16 KiB pages (about a quarter less CPU and I/O writing). Batches of 5000 by default (about 20 % faster than
1000; 20,000 was slower again). The projector process writes batches on a thread of its own, so that it projects
while it writes (about 1.2× at load 2–3; on an idle 2-CPU machine up to the share of the writes, about 45 %).
Together, for the nine read models before compliance, on a 1M-event prefix of the province log at load 4–7:
4,900–6,700 → 10,200–19,600 events/s, CPU
104 → 48–61 s, peak RSS 621 → 510–536 MiB. Each batch and its checkpoint stay one transaction (a crash
mid-rebuild loses at most the batches in flight, and each projection resumes from its checkpoint); PRAGMAs that
would weaken that (\`synchronous = OFF\`) or a larger page cache gained nothing measurable.

What bounds it now, on the projector's thread: reading and parsing the events (about a quarter: the floor
above), garbage collection (about 15 %), serialising documents (about 10 %), the projections' own code and the
engine's bookkeeping (the rest). On the writer thread: SQLite itself, over half of it the audit trail's one entry
per event with its four JSON indexes. The compliance projection (per-worker facts, per-group counters kept by
increments) costs about as much as the nine others together (300k province events: CPU 14 → 25 s), its own
code and its counter documents read and rewritten by every batch. 100,000 events/s is out of reach on this machine: the two limits above
are of the order of the target each, and a rebuild must do both, and project, on 2 CPUs.
`,
    );
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
