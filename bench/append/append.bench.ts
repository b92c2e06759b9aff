/**
 * Durable single-event appends per second on the SQLite adapter, against the ceiling of raw
 * better-sqlite3 inserts of the same rows with the same durability (WAL, synchronous=FULL); with
 * POSTGRES_URL set, the same on the PostgreSQL adapter against raw `pg` multi-row INSERTs into the
 * same table (synchronous_commit=on). The PostgreSQL database is the benchmark's own: its `events`
 * table is dropped before every round.
 * Run: npm run bench:append (POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/ss_bench npm run bench:append).
 * Writes the "Append" (and "Append on PostgreSQL") sections of bench/results.md.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { NewEvent } from '#libs/event-store';
import { PostgresEventStore } from '../../libs/event-store/src/postgresql/postgresql-event-store.js';
import { EVENTS_TABLE } from '../../libs/event-store/src/postgresql/postgresql-schema.js';
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

const POSTGRES_URL = process.env['POSTGRES_URL'];

/** A connection to the benchmark's database with the adapter's durability; the table dropped for a fresh round. */
const freshPostgres = async (): Promise<pg.Client> => {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query('SET synchronous_commit = on');
  await client.query('DROP TABLE IF EXISTS events');
  return client;
};

/** The adapter's round on PostgreSQL: as `adapterRound`, on a freshly created table. */
const postgresAdapterRound = async (callers: number, groupCommit: boolean) => {
  await (await freshPostgres()).end();
  const store = await PostgresEventStore.connect({ url: POSTGRES_URL!, groupCommit });
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
};

/**
 * The same rows into the same table (its identity position, its unique index), no checks and no
 * lock: one multi-row INSERT of `rowsPerStatement` rows per round trip, each its own transaction.
 */
const postgresRawRound = async (rowsPerStatement: number) => {
  const client = await freshPostgres();
  await client.query(EVENTS_TABLE);
  const columns = 8;
  const text = `INSERT INTO events (stream_id, revision, category, event_id, type, data, metadata, recorded_at) VALUES ${Array.from(
    { length: rowsPerStatement },
    (_, row) => `(${Array.from({ length: columns }, (_, column) => `$${row * columns + column + 1}`).join(', ')})`,
  ).join(', ')}`;
  const revisions = new Array<number>(rowsPerStatement).fill(0);
  let total = 0;
  const end = performance.now() + ROUND_MS;
  while (performance.now() < end) {
    const recordedAt = new Date().toISOString();
    const values = Array.from({ length: rowsPerStatement }, (_, stream) => {
      const event = benchEvent(total + stream);
      return [`worker-c${stream}`, revisions[stream]++, 'worker', event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), recordedAt];
    }).flat();
    await client.query({ name: `raw_insert_${rowsPerStatement}`, text, values });
    total += rowsPerStatement;
  }
  await client.end();
  return { perSecond: (total * 1000) / ROUND_MS, perCommit: rowsPerStatement };
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface BenchCase {
  name: string;
  /** Index of the raw case this one is set against. */
  ceiling?: number;
  run: () => Promise<{ perSecond: number; perCommit: number }>;
}

const sqliteCases: BenchCase[] = [
  { name: 'raw better-sqlite3, 1 row per transaction', run: () => rawRound(1, 1) },
  { name: 'raw better-sqlite3, 64 rows per transaction', run: () => rawRound(64, 64) },
  { name: 'adapter, group commit on, 1 caller', ceiling: 0, run: () => adapterRound(1, true) },
  { name: 'adapter, group commit on, 64 callers', ceiling: 1, run: () => adapterRound(64, true) },
  { name: 'adapter, group commit off, 1 caller', ceiling: 0, run: () => adapterRound(1, false) },
  { name: 'adapter, group commit off, 64 callers', ceiling: 0, run: () => adapterRound(64, false) },
];

const postgresCases: BenchCase[] = [
  { name: 'raw pg, 1 row per INSERT', run: () => postgresRawRound(1) },
  { name: 'raw pg, 64 rows per INSERT', run: () => postgresRawRound(64) },
  { name: 'adapter, group commit on, 1 caller', ceiling: 0, run: () => postgresAdapterRound(1, true) },
  { name: 'adapter, group commit on, 64 callers', ceiling: 1, run: () => postgresAdapterRound(64, true) },
  { name: 'adapter, group commit off, 1 caller', ceiling: 0, run: () => postgresAdapterRound(1, false) },
  { name: 'adapter, group commit off, 64 callers', ceiling: 0, run: () => postgresAdapterRound(64, false) },
];

/** Runs every case `ROUNDS` times, taking turns, and returns the table rows. */
const measure = async (label: string, cases: BenchCase[]): Promise<string[]> => {
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
    console.log(`${label} ${benchCase.name}: ${Math.round(results[index].perSecond)} appends/s, ${results[index].perCommit.toFixed(1)} per commit`),
  );

  // Each round's adapter figure is set against the ceiling measured in the same round, seconds apart.
  const ratioToCeiling = (index: number, ceiling: number): number =>
    median(rounds[index].map((round, r) => round.perSecond / rounds[ceiling][r].perSecond));

  return cases.map((benchCase, index) => {
    const { perSecond, min, max, perCommit } = results[index];
    const ceiling =
      benchCase.ceiling === undefined
        ? ''
        : `${(100 * ratioToCeiling(index, benchCase.ceiling)).toFixed(0)} % of ${cases[benchCase.ceiling].name.replace(/^raw (better-sqlite3|pg), /, 'raw ')}`;
    const count = (value: number) => Math.round(value).toLocaleString('en-US');
    return `| ${benchCase.name} | ${count(perSecond)} | ${count(min)} – ${count(max)} | ${perCommit.toFixed(1)} | ${ceiling} |`;
  });
};

const machine = `${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}`;
const header = ['| case | appends/s (median) | rounds (min – max) | appends per commit | vs ceiling (median of per-round ratios) |', '| --- | ---: | ---: | ---: | --- |'];

if (process.argv.includes('--postgresql-only') && !POSTGRES_URL) throw new Error('--postgresql-only needs POSTGRES_URL');
if (!process.argv.includes('--postgresql-only')) {
  const rows = await measure('sqlite', sqliteCases);
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
      `- Machine: ${machine}, temp dir ${tmpdir()}`,
      '',
      ...header,
      ...rows,
    ].join('\n'),
  );
}

if (POSTGRES_URL) {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  const { rows: settings } = await client.query<{ version: string; sc: string; fsync: string; method: string }>(
    "SELECT version() AS version, current_setting('synchronous_commit') AS sc, current_setting('fsync') AS fsync, current_setting('wal_sync_method') AS method",
  );
  await client.end();
  const loadBefore = loadavg()[0]!;
  const rows = await measure('postgresql', postgresCases);
  const load = `load average ${loadBefore.toFixed(1)} before the run and ${loadavg()[0]!.toFixed(1)} after it (2 CPUs shared with other work)`;
  await (await freshPostgres()).end();
  writeResultsSection(
    'Append on PostgreSQL',
    [
      `The PostgreSQL event store (\`EVENT_STORE=postgresql\`): durable single-event appends per second, \`synchronous_commit=on\` (every commit flushes the WAL),`,
      `median of ${ROUNDS} rounds of ${ROUND_MS / 1000} s, each round on a freshly created \`events\` table, the cases taking turns. Each caller appends to its own stream`,
      'with the exact expected revision. The ceiling: the same rows into the same table (identity position, unique (stream, revision) index) with raw',
      '`pg` multi-row INSERTs, one statement per round trip and transaction, no checks and no lock. Target: at least half of it.',
      'The adapter sends the appends that queue while a call is in flight as one call of `append_events` (one transaction, one round trip):',
      'the advisory lock, the last revisions of the streams read once, the checks of each append, one INSERT for the group (docs/decisions/0009).',
      'The server runs on the same CPUs as the benchmark.',
      '',
      `- Command: \`POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/<a database of its own> npm run bench:append\` (\`-- --postgresql-only\` skips SQLite)`,
      `- Date: ${new Date().toISOString()}`,
      `- Machine: ${machine}; ${settings[0].version.split(' on ')[0]}, synchronous_commit=${settings[0].sc}, fsync=${settings[0].fsync}, wal_sync_method=${settings[0].method}; ${load}`,
      '',
      ...header,
      ...rows,
    ].join('\n'),
  );
} else {
  console.log('PostgreSQL cases skipped: POSTGRES_URL is not set (POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/<database> npm run bench:append)');
}
