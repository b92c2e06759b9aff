/**
 * Durable single-event appends per second on the SQLite adapter, against the ceiling of raw
 * better-sqlite3 inserts of the same rows with the same durability (WAL, synchronous=FULL).
 * Run: npm run bench:append. Writes the "Append" section of bench/results.md.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '#libs/event-store';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store.js';
import { EVENTS_SCHEMA, applyDurablePragmas } from '../../libs/event-store/src/sqlite/sqlite-schema.js';
import { writeResultsSection } from './results-file.js';

const ROUND_MS = 1500;
const ROUNDS = 7;

/** A realistic event: ~400 bytes of data and metadata, a fresh UUID, as a writer builds it. */
const benchEvent = (index: number): NewEvent => ({
  id: randomUUID(),
  type: 'WorkerEnrolled',
  data: { workerRef: `w${index}`, enterpriseId: 'e4309001', countyCode: '430902', trade: 'T01', enrolledOn: '2025-03-01' },
  metadata: {
    schemaVersion: 1,
    occurredAt: '2025-03-01T08:00:00.000Z',
    actor: { sub: 'u-1001', role: 'enterprise_admin', scope: { enterpriseId: 'e4309001' } },
    correlationId: randomUUID(),
    causationId: null,
    prevHash: 'a3f1c2e4b5d6a7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70',
  },
});

const withTempDir = async <T>(run: (dir: string) => Promise<T>): Promise<T> => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-append-'));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** `callers` loops, each appending one event at a time to its own stream with the exact expected revision. */
const adapterRound = (callers: number, groupCommit: boolean) =>
  withTempDir(async (dataDir) => {
    const store = await SqliteEventStore.open({ dataDir, groupCommit });
    const end = performance.now() + ROUND_MS;
    const counts = await Promise.all(
      Array.from({ length: callers }, async (_, caller) => {
        let appended = 0;
        while (performance.now() < end) {
          await store.append(`worker-c${caller}`, [benchEvent(appended)], appended === 0 ? 'no_stream' : appended - 1);
          appended++;
        }
        return appended;
      }),
    );
    const commits = store.stats.commits;
    await store.close();
    const total = counts.reduce((sum, count) => sum + count, 0);
    return { perSecond: (total * 1000) / ROUND_MS, perCommit: total / commits };
  });

/**
 * The same rows straight into the same table and indexes, no checks: `streams` streams written in
 * turn (as the callers do), `rowsPerCommit` rows per transaction.
 */
const rawRound = (rowsPerCommit: number, streams: number) =>
  withTempDir(async (dir) => {
    const db = new Database(join(dir, 'events.sqlite'));
    applyDurablePragmas(db);
    db.exec(EVENTS_SCHEMA);
    const insert = db.prepare(
      'INSERT INTO events (stream_id, revision, category, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const revisions = new Array<number>(streams).fill(0);
    const commit = db.transaction((rows: NewEvent[]) => {
      const recordedAt = new Date().toISOString();
      rows.forEach((event, i) => {
        const stream = i % streams;
        insert.run(`worker-c${stream}`, revisions[stream]++, 'worker', event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), recordedAt);
      });
    });
    let total = 0;
    const end = performance.now() + ROUND_MS;
    while (performance.now() < end) {
      commit(Array.from({ length: rowsPerCommit }, (_, i) => benchEvent(total + i)));
      total += rowsPerCommit;
    }
    db.close();
    return { perSecond: (total * 1000) / ROUND_MS, perCommit: rowsPerCommit };
  });

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const cases = [
  { name: 'raw better-sqlite3, 1 row per transaction', run: () => rawRound(1, 1) },
  { name: 'raw better-sqlite3, 64 rows per transaction', run: () => rawRound(64, 64) },
  { name: 'adapter, group commit on, 1 caller', ceiling: 0, run: () => adapterRound(1, true) },
  { name: 'adapter, group commit on, 64 callers', ceiling: 1, run: () => adapterRound(64, true) },
  { name: 'adapter, group commit off, 1 caller', ceiling: 0, run: () => adapterRound(1, false) },
  { name: 'adapter, group commit off, 64 callers', ceiling: 0, run: () => adapterRound(64, false) },
];

// Rounds go through every case in turn, so a drift of the disk's fsync time touches all cases alike.
const rounds: Array<Array<{ perSecond: number; perCommit: number }>> = cases.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  for (const [index, benchCase] of cases.entries()) rounds[index].push(await benchCase.run());
}
const results = rounds.map((caseRounds) => {
  const perSecond = caseRounds.map((r) => r.perSecond);
  return { perSecond: median(perSecond), min: Math.min(...perSecond), max: Math.max(...perSecond), perCommit: median(caseRounds.map((r) => r.perCommit)) };
});
cases.forEach((benchCase, index) =>
  console.log(`${benchCase.name}: ${Math.round(results[index].perSecond)} appends/s, ${results[index].perCommit.toFixed(1)} per commit`),
);

// Each round's adapter figure is set against the ceiling measured in the same round, seconds apart.
const ratioToCeiling = (index: number, ceiling: number): number =>
  median(rounds[index].map((round, r) => round.perSecond / rounds[ceiling][r].perSecond));

const rows = cases.map((benchCase, index) => {
  const { perSecond, min, max, perCommit } = results[index];
  const ceiling =
    benchCase.ceiling === undefined
      ? ''
      : `${(100 * ratioToCeiling(index, benchCase.ceiling)).toFixed(0)} % of ${cases[benchCase.ceiling].name.replace('raw better-sqlite3, ', 'raw ')}`;
  const count = (value: number) => Math.round(value).toLocaleString('en-US');
  return `| ${benchCase.name} | ${count(perSecond)} | ${count(min)} – ${count(max)} | ${perCommit.toFixed(1)} | ${ceiling} |`;
});

writeResultsSection(
  'Append',
  [
    `Durable single-event appends per second (WAL, \`synchronous=FULL\`: every commit fsyncs), median of ${ROUNDS} rounds of ${ROUND_MS / 1000} s,`,
    `each round on a fresh file in \`os.tmpdir()\`, the cases taking turns. Each caller appends to its own stream with the exact expected revision.`,
    'The raw rows are the same events into the same table and indexes, without checks: the ceiling. Target: at least half of it.',
    'fsync time on this shared virtual disk varies several-fold from second to second (see min – max), so each adapter round is',
    'compared with the ceiling measured in the same round. With one caller, group commit on and off run the same path (one append per commit).',
    '',
    `- Command: \`npm run bench:append\``,
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, temp dir ${tmpdir()}`,
    '',
    '| case | appends/s (median) | rounds (min – max) | appends per commit | vs ceiling (median of per-round ratios) |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows,
  ].join('\n'),
);
