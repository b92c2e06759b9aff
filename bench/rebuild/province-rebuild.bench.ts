/**
 * Rebuild of every read model from the province generator's log (npm run bench:generate): events per
 * second and peak RSS when the slowest projection passes 1, 3 and 10 million events, in one run.
 * The read models stay in `<dir>/read.sqlite`, so the query benchmark (and `npm start` with
 * DATA_DIR=<dir>) serves the province afterwards.
 * Run: npm run bench:rebuild:province [-- --from bench/.data/province-1000000]. Writes "Rebuild at province scale".
 */
import { rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SqliteEventStore } from '#libs/event-store';
import { Projector, readModelProjections, withSharedCatchUp } from '#libs/projections';
import { loadReferenceData } from '#libs/runtime';
import { SqliteReadStore } from '#libs/read-store';
import { writeResultsSection } from '../append/results-file.js';
import { floorLines, insertFloor, readFloor } from './rebuild-floor.js';

const READ_MODEL_PROJECTIONS = readModelProjections(loadReferenceData());

const { values } = parseArgs({ options: { from: { type: 'string', default: fileURLToPath(new URL('../.data/province-1000000', import.meta.url)) } } });
const dataDir = values.from!;
const batchSize = Number(process.env['BENCH_BATCH_SIZE'] ?? 5000);
// As the projector process runs it: batch writes on their own thread (BENCH_WRITER_THREAD=0: on the main thread).
const writerThread = process.env['BENCH_WRITER_THREAD'] !== '0';
const MILESTONES = [1_000_000n, 3_000_000n, 10_000_000n];
const quiet = { info: () => undefined, warn: (message: string, context?: object) => process.stderr.write(`${message} ${JSON.stringify(context)}\n`) };
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

for (const file of ['read.sqlite', 'read.sqlite-wal', 'read.sqlite-shm']) rmSync(join(dataDir, file), { force: true });
const eventStore = await SqliteEventStore.open({ dataDir });
const readStore = new SqliteReadStore(dataDir, { writerThread });
const head = await eventStore.lastPosition();
const marks = [...MILESTONES.filter((m) => m < head), head];
// As the api and the projector process run it: one catch-up read shared by every runner.
const projector = new Projector(withSharedCatchUp(eventStore), readStore, READ_MODEL_PROJECTIONS, { batchSize, logger: quiet });

const started = performance.now();
const reached: Array<{ events: bigint; seconds: number; peakRss: number }> = [];
await projector.start();
// waitForPosition resolves from the runners' own progress: a catch-up that never waits would starve a polling timer.
for (const mark of marks) {
  if (!(await projector.waitForPosition(mark, 24 * 3600_000))) throw new Error(`the rebuild did not reach ${mark}`);
  reached.push({ events: mark, seconds: (performance.now() - started) / 1000, peakRss: mib(process.resourceUsage().maxRSS * 1024) });
  const last = reached.at(-1)!;
  console.log(`${last.events.toLocaleString('en')} events in ${last.seconds.toFixed(0)} s (${Math.round(Number(last.events) / last.seconds).toLocaleString('en')} events/s), peak RSS ${last.peakRss} MiB`);
}
await projector.stop();
await readStore.close();
await eventStore.close();

// The limits on this machine, measured on the same log and the documents just written.
const last = reached.at(-1)!;
console.log('measuring the limits: reading the log, then inserting the documents again');
const floor = floorLines(Number(last.events), last.seconds, readFloor(dataDir), insertFloor(dataDir));
console.log(floor.join('\n'));

const rows = reached.map(({ events, seconds, peakRss }, i) => {
  const previous = reached[i - 1];
  const segment = previous ? Math.round(Number(events - previous.events) / (seconds - previous.seconds)).toLocaleString('en') : '';
  return `| ${events.toLocaleString('en')} | ${seconds.toFixed(0)} s | ${Math.round(Number(events) / seconds).toLocaleString('en')} | ${segment} | ${peakRss} MiB |`;
});
writeResultsSection(
  'Rebuild at province scale',
  [
    `Every read model (${READ_MODEL_PROJECTIONS.map((p) => p.name).join(', ')}) rebuilt from position 0 by the Projector, SQLite event`,
    `store to SQLite read store (batch writes on ${writerThread ? 'their own thread, as the projector process runs them' : 'the main thread'}), batches of ${batchSize}, on the province generator's log (\`npm run bench:generate -- --workers 1000000\`:`,
    `${head.toLocaleString('en')} events). One run; each row is the moment the slowest projection passed that many events. Events/s counts each`,
    'event once (every projection applies it). Targets: 100,000 events/s, peak RSS ≤ 1 GiB, linear.',
    '',
    '- Command: `npm run bench:rebuild:province` (after `npm run bench:generate -- --workers 1000000`)',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at the end (a shared machine)`,
    '',
    '| events | elapsed | events/s (from 0) | events/s (since the row above) | peak RSS |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    'Measured limits, same run (what bounds the rebuild when the target is out of reach):',
    '',
    ...floor,
  ].join('\n'),
);
