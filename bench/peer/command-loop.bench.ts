/**
 * The same command loop (read the stream, fold, decide, append with the revision read) on our event
 * writer over the SQLite event store and on Emmett's SQLite event store (@event-driven-io/emmett-sqlite),
 * same events, 1 and 64 concurrent callers, the cases taking turns within one run.
 * Run: npm run bench:peer. Writes the "Peer" section of bench/results.md.
 *
 * The script sets UV_THREADPOOL_SIZE=1: emmett-sqlite reads `INSERT … RETURNING` with sqlite3's `db.get`,
 * whose statement is finalised on the libuv pool, and on a loaded machine another pool thread can run the
 * COMMIT first (SQLITE_BUSY "SQL statements in progress"). One pool thread keeps sqlite3's own order;
 * SQLite serialises writers anyway, and our store (better-sqlite3) does not use the pool.
 */
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '#libs/event-store';
import { EventWriter, type AggregateType } from '../../apps/api/src/commands/event-writer.js';
import type { CommandContext } from '../../apps/api/src/http/command-context.js';
import { writeResultsSection } from '../append/results-file.js';
import { decideExam, evolveExam, initialExamState, personOf, type ExamEvent, type ExamState } from './exam-loop.js';

const ROUND_MS = Number(process.env['BENCH_ROUND_MS'] ?? 3000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);

const workerType: AggregateType<ExamState, ExamEvent> = { category: 'worker', label: 'Worker', initialState: initialExamState, evolve: evolveExam };
const context: CommandContext = {
  actor: { sub: 'u-1001', role: 'training_provider', scope: { providerId: 'f0001' } },
  correlationId: 'c0ffee00-0000-4000-8000-000000000001',
  requestHash: 'none',
};

const inTempDir = async <T>(run: (dir: string) => Promise<T>): Promise<T> => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-peer-'));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * `callers` loops for ROUND_MS, each running `command(caller, n, end)` one after the other; completed
 * commands per second (a command that was still retrying at `end` gives up and does not count).
 */
const loop = async (callers: number, command: (caller: number, n: number, end: number) => Promise<boolean | void>): Promise<number> => {
  const end = performance.now() + ROUND_MS;
  const counts = await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      let n = 0;
      while (performance.now() < end) if ((await command(caller, n, end)) !== false) n++;
      return n;
    }),
  );
  return (counts.reduce((sum, count) => sum + count, 0) * 1000) / ROUND_MS;
};

/** Ours: the api's EventWriter (envelope, hash chain, expected revision, retry on conflict) on the SQLite store. */
const ours = (callers: number, run: number) =>
  inTempDir(async (dataDir) => {
    const store = await SqliteEventStore.open({ dataDir });
    const writer = new EventWriter(store);
    const rate = await loop(callers, async (caller, n) => {
      const personId = personOf(run, caller, n);
      await writer.execute({ type: workerType, id: personId, context, mode: 'upsert', occurredAt: '2021-05-10', decide: ({ state }) => decideExam(personId, state) });
    });
    await store.close();
    return rate;
  });

/**
 * Emmett: readStream, fold, decide, appendToStream with the expected stream version. Its store shares one
 * connection between concurrent calls and closes it after each (SQLITE_MISUSE under concurrency), so each
 * caller has its own store on the same file, as separate processes would; a write that finds the file
 * locked (SQLITE_BUSY: it sets no busy timeout) is retried, and only completed commands count.
 */
const emmett = (callers: number, run: number) =>
  inTempDir(async (dir) => {
    const fileName = join(dir, 'emmett.sqlite');
    const stores = Array.from({ length: callers }, () => getSQLiteEventStore({ fileName, schema: { autoMigration: 'CreateOrUpdate' } }));
    // It logs every rolled-back transaction with console.log; keep the output (and its cost) out of the figures.
    const log = console.log;
    console.log = () => undefined;
    try {
      return await loop(callers, async (caller, n, end) => {
        const store = stores[caller]!;
        const personId = personOf(run, caller, n);
        const streamName = `worker-${personId}`;
        while (performance.now() < end) {
          try {
            const { events, currentStreamVersion, streamExists } = await store.readStream(streamName);
            const state = events.reduce((folded, event) => evolveExam(folded, event), initialExamState());
            const decision = decideExam(personId, state);
            if (!decision.ok) throw new Error('the exam loop never refuses');
            await store.appendToStream(streamName, decision.events, { expectedStreamVersion: streamExists ? currentStreamVersion : STREAM_DOES_NOT_EXIST });
            return true;
          } catch (error) {
            // A BEGIN refused as busy surfaces as the failed ROLLBACK that follows it ("no transaction is active").
            if (!isBusy(error)) throw error;
            emmettBusy++;
          }
        }
        return false;
      });
    } finally {
      console.log = log;
    }
  });
let emmettBusy = 0;
const isBusy = (error: unknown): boolean => {
  const { code, message } = error as { code?: string; message?: string };
  return code === 'SQLITE_BUSY' || (code === 'SQLITE_ERROR' && Boolean(message?.includes('no transaction is active')));
};

const cases = [
  { name: 'ours (EventWriter on SqliteEventStore), 1 caller', callers: 1, run: ours },
  { name: 'Emmett SQLite event store, 1 caller', callers: 1, run: emmett },
  { name: 'ours (EventWriter on SqliteEventStore), 64 callers', callers: 64, run: ours },
  { name: 'Emmett SQLite event store, 64 callers', callers: 64, run: emmett },
];

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rounds: number[][] = cases.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  for (const [index, benchCase] of cases.entries()) {
    rounds[index]!.push(await benchCase.run(benchCase.callers, round * 10 + index));
    process.stdout.write(`round ${round + 1}: ${benchCase.name}: ${Math.round(rounds[index]!.at(-1)!)} commands/s\n`);
  }
}
// Each of ours is compared with Emmett in the same round, seconds apart.
const ratio = (oursIndex: number, peerIndex: number) => median(rounds[oursIndex]!.map((value, r) => value / rounds[peerIndex]![r]!));
const count = (value: number) => Math.round(value).toLocaleString('en-US');
// Against a peer that completes next to nothing the quotient says nothing but that.
const times = (value: number) => (value >= 1000 ? 'over 1,000×' : `${value.toFixed(1)}×`);
const rows = cases.map((benchCase, index) => {
  const values = rounds[index]!;
  // Emmett at 64 callers nearly stops (each caller's connection fights for the lock), so 64 callers are
  // also set against Emmett's best, one caller, in the same round.
  const best = benchCase.callers === 64 ? `; ${times(ratio(index, 1))} Emmett at 1 caller` : '';
  const versus = index % 2 === 0 ? `${times(ratio(index, index + 1))} Emmett (target ${benchCase.callers === 1 ? 5 : 20}×)${best}` : '';
  return `| ${benchCase.name} | ${count(median(values))} | ${count(Math.min(...values))} – ${count(Math.max(...values))} | ${versus} |`;
});
process.stdout.write(`${rows.join('\n')}\nEmmett writes retried after SQLITE_BUSY: ${emmettBusy}\n`);

writeResultsSection(
  'Peer',
  [
    `The same command loop on both stores: read the worker's stream, fold it, decide the next event (an enrolment, then exams),`,
    `append it with the revision read; ten commands per stream, then a new worker. Ours runs the api's \`EventWriter\` (envelope,`,
    `SHA-256 hash chain, expected revision, retry on conflict) on \`SqliteEventStore\` (WAL, synchronous=FULL, group commit);`,
    `the peer is \`@event-driven-io/emmett-sqlite\` 0.38.5 (WAL, SQLite's default synchronous=FULL, a connection opened per operation;`,
    '`UV_THREADPOOL_SIZE=1`, without which its sqlite3 driver fails commits under load: see the script).',
    `Median of ${ROUNDS} rounds of ${ROUND_MS / 1000} s, each round on fresh files in \`os.tmpdir()\`, the cases taking turns; ratios are per round.`,
    '',
    `- Command: \`npm run bench:peer\``,
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at the end (a shared machine)`,
    '',
    `Emmett writes retried after SQLITE_BUSY over the run: ${emmettBusy.toLocaleString('en-US')}.`,
    '',
    '| case | commands/s (median) | rounds (min – max) | vs Emmett (median of per-round ratios) |',
    '| --- | ---: | ---: | --- |',
    ...rows,
  ].join('\n'),
);
