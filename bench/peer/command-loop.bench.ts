/**
 * The same command loop (read the stream, fold, decide, append with the revision read) on our event
 * writer over the SQLite event store and on Emmett's SQLite event store (@event-driven-io/emmett-sqlite),
 * and, with POSTGRES_URL set, on our writer over the PostgreSQL event store and on Emmett's PostgreSQL
 * event store (@event-driven-io/emmett-postgresql) on the same server and database; same events, 1 and
 * 64 concurrent callers, the cases taking turns within one run.
 * Run: npm run bench:peer (POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/<a database of its own>
 * npm run bench:peer). The PostgreSQL database is the benchmark's own: our `events` table is dropped
 * and Emmett's tables truncated before their rounds. Writes the "Peer" section of bench/results.md.
 *
 * The script sets UV_THREADPOOL_SIZE=1: emmett-sqlite reads `INSERT … RETURNING` with sqlite3's `db.get`,
 * whose statement is finalised on the libuv pool, and on a loaded machine another pool thread can run the
 * COMMIT first (SQLITE_BUSY "SQL statements in progress"). One pool thread keeps sqlite3's own order;
 * SQLite serialises writers anyway, and our store (better-sqlite3) does not use the pool.
 */
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SqliteEventStore, type EventStore } from '#libs/event-store';
import { PostgresEventStore } from '../../libs/event-store/src/postgresql/postgresql-event-store.js';
import { EventWriter, type AggregateType } from '../../apps/api/src/commands/event-writer.js';
import type { CommandContext } from '../../apps/api/src/http/command-context.js';
import { writeResultsSection } from '../append/results-file.js';
import { decideExam, evolveExam, initialExamState, personOf, type ExamEvent, type ExamState } from './exam-loop.js';

const ROUND_MS = Number(process.env['BENCH_ROUND_MS'] ?? 3000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const POSTGRES_URL = process.env['POSTGRES_URL'];
/** The installed release of a package (the Emmett packages do not export their package.json). */
const versionOf = (name: string): string =>
  (JSON.parse(readFileSync(new URL(`../../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;
const EMMETT = versionOf('@event-driven-io/emmett');
const EMMETT_SQLITE = versionOf('@event-driven-io/emmett-sqlite');
const EMMETT_POSTGRESQL = versionOf('@event-driven-io/emmett-postgresql');

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

/** Ours: the api's EventWriter (envelope, hash chain, expected revision, retry on conflict) on one of our stores. */
const oursOn = async (store: EventStore, callers: number, run: number): Promise<number> => {
  const writer = new EventWriter(store);
  const rate = await loop(callers, async (caller, n) => {
    const personId = personOf(run, caller, n);
    await writer.execute({ type: workerType, id: personId, context, mode: 'upsert', occurredAt: '2021-05-10', decide: ({ state }) => decideExam(personId, state) });
  });
  await store.close();
  return rate;
};
const ours = (callers: number, run: number) => inTempDir(async (dataDir) => oursOn(await SqliteEventStore.open({ dataDir }), callers, run));

/**
 * CPU spent per command in a PostgreSQL round, by this process and by the server's backends serving the
 * benchmark's database (Linux: /proc), so that the figures say where each store spends its time.
 */
const DATABASE = POSTGRES_URL ? new URL(POSTGRES_URL).pathname.slice(1) : '';
const backendTicks = (): Map<number, number> => {
  const ticks = new Map<number, number>();
  if (!existsSync('/proc')) return ticks;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!command.startsWith('postgres: ') || !command.includes(` ${DATABASE} `)) continue;
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks;
};
const cpuPerCommand = new Map<string, Array<{ node: number; server: number }>>();
const measured = async (key: string, round: () => Promise<number>): Promise<number> => {
  const node = process.cpuUsage();
  const server = backendTicks();
  const rate = await round();
  const nodeMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(node));
  let serverTicks = 0;
  for (const [pid, ticks] of backendTicks()) serverTicks += ticks - (server.get(pid) ?? 0);
  const commands = (rate * ROUND_MS) / 1000;
  if (commands > 0) {
    const list = cpuPerCommand.get(key) ?? [];
    list.push({ node: nodeMs / commands, server: (serverTicks * 1000) / CLOCK_TICKS / commands });
    cpuPerCommand.set(key, list);
  }
  return rate;
};
/** Linux's USER_HZ, the unit of /proc/<pid>/stat times. */
const CLOCK_TICKS = 100;

/** Ours on PostgreSQL: the same writer on `PostgresEventStore` (10 pooled connections, group commit, synchronous_commit=on), on a freshly created table. */
const oursPostgres = async (callers: number, run: number) => {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS events');
  } finally {
    await client.end();
  }
  const store = await PostgresEventStore.connect({ url: POSTGRES_URL! });
  const rate = await measured(`ours ${callers}`, () => oursOn(store, callers, run));
  const { commits, appends, readQueries, reads } = store.stats;
  const list = sharing.get(callers) ?? [];
  list.push({ appendsPerCall: appends / Math.max(commits, 1), readsPerQuery: reads / Math.max(readQueries, 1) });
  sharing.set(callers, list);
  return rate;
};
/** Per round of ours on PostgreSQL: appends per call of `append_events`, stream reads per query. */
const sharing = new Map<number, Array<{ appendsPerCall: number; readsPerQuery: number }>>();

/** One Emmett command: readStream, fold, decide, appendToStream with the expected stream version. */
const emmettCommand = async (
  store: { readStream: ReturnType<typeof getPostgreSQLEventStore>['readStream']; appendToStream: ReturnType<typeof getPostgreSQLEventStore>['appendToStream'] },
  personId: string,
): Promise<void> => {
  const streamName = `worker-${personId}`;
  const { events, currentStreamVersion, streamExists } = await store.readStream(streamName);
  const state = events.reduce((folded, event) => evolveExam(folded, event), initialExamState());
  const decision = decideExam(personId, state);
  if (!decision.ok) throw new Error('the exam loop never refuses');
  await store.appendToStream(streamName, decision.events, { expectedStreamVersion: streamExists ? currentStreamVersion : STREAM_DOES_NOT_EXIST });
};

/**
 * Emmett on PostgreSQL: one store for all callers and for the whole run, as its documentation sets it up
 * (a node-postgres pool, 10 connections by default, as ours; the server's synchronous_commit, which is
 * on), each append one transaction through its `emt_append_to_stream` function. Its tables are emptied
 * (`schema.dangerous.truncate`) before each round. One store for the run: a store closed and a new one
 * opened on the same URL hung in its schema migration (its pools are cached by connection string).
 */
let emmettPostgresStore: ReturnType<typeof getPostgreSQLEventStore> | undefined;
const emmettPostgres = async (callers: number, run: number) => {
  emmettPostgresStore ??= getPostgreSQLEventStore(POSTGRES_URL!, { schema: { autoMigration: 'CreateOrUpdate' } });
  const store = emmettPostgresStore;
  await store.schema.dangerous.truncate({ resetSequences: true });
  const log = console.log;
  console.log = () => undefined;
  try {
    return await measured(`emmett ${callers}`, () =>
      loop(callers, async (caller, n) => {
        await emmettCommand(store, personOf(run, caller, n));
      }),
    );
  } finally {
    console.log = log;
  }
};

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
      // An operation on a connection whose open failed may never call back: a caller waits for it until
      // the round's end (and a little), then gives it up, uncounted.
      let giveUp: () => void = () => undefined;
      const roundOver = new Promise<'hung'>((resolve) => (giveUp = () => resolve('hung')));
      const timer = setTimeout(() => giveUp(), ROUND_MS + 2000);
      const rate = await loop(callers, async (caller, n, end) => {
        const store = stores[caller]!;
        const personId = personOf(run, caller, n);
        while (performance.now() < end) {
          try {
            if ((await Promise.race([emmettCommand(store, personId), roundOver])) === 'hung') {
              emmettHung++;
              return false;
            }
            return true;
          } catch (error) {
            if (!isBusy(error)) throw error;
            emmettBusy++;
          }
        }
        return false;
      });
      clearTimeout(timer);
      return rate;
    } finally {
      console.log = log;
    }
  });
// Each operation opens a connection (sqlite3's async open, then `PRAGMA journal_mode = WAL` without a
// callback); when that open or PRAGMA fails under concurrency (SQLITE_BUSY, SQLITE_CANTOPEN), sqlite3
// emits the error as an 'error' event nobody listens to, which would end the process. Such errors are
// counted by code and the round goes on; the operation on that connection fails and is retried below.
// sqlite3 is only Emmett's here (ours is on better-sqlite3): any other uncaught error still ends the run.
// Installed for the whole run: a connection given up at the end of a round may still fail later.
const onUncaught = (error: unknown) => {
  const code = (error as { code?: string }).code;
  if (!code?.startsWith('SQLITE_')) throw error;
  emmettUnhandled.set(code, (emmettUnhandled.get(code) ?? 0) + 1);
};
process.on('uncaughtException', onUncaught);
let emmettBusy = 0;
/** Emmett SQLite commands still waiting for sqlite3 when their round was over (given up, not counted). */
let emmettHung = 0;
/** Errors Emmett's SQLite connections emitted with no listener, by code. */
const emmettUnhandled = new Map<string, number>();
const unhandledSummary = () =>
  emmettUnhandled.size === 0 ? 'none' : [...emmettUnhandled].map(([code, times]) => `${code} ${times.toLocaleString('en-US')}`).join(', ');
/**
 * A write refused because the file is locked (SQLITE_BUSY: it sets no busy timeout; a BEGIN refused as
 * busy surfaces as the failed ROLLBACK that follows it, "no transaction is active"), or an operation on a
 * connection whose open failed (see `onUncaught`): the command is tried again.
 */
const isBusy = (error: unknown): boolean => {
  const { code, message } = error as { code?: string; message?: string };
  return (
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_MISUSE' ||
    (code === 'SQLITE_ERROR' && Boolean(message?.includes('no transaction is active')))
  );
};

/**
 * Each Emmett SQLite round runs in a process of its own (this script with `--emmett-sqlite-round`): a
 * sqlite3 operation that never calls back holds the only libuv pool thread (UV_THREADPOOL_SIZE=1), and
 * every later sqlite3 call of the process would wait behind it. The child reports its figures and exits.
 */
const emmettInChild = (callers: number, run: number): Promise<number> => {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--emmett-sqlite-round', String(callers), String(run)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    // A round whose process died (an error of its driver that nothing could catch) completed nothing that counts.
    const reason = child.stderr.split('\n').find((text) => /Error/.test(text))?.trim() ?? `exit ${child.status}`;
    emmettFailedRounds.push(reason);
    return Promise.resolve(0);
  }
  const figures = JSON.parse(line) as { rate: number; busy: number; hung: number; unhandled: Record<string, number> };
  emmettBusy += figures.busy;
  emmettHung += figures.hung;
  for (const [code, times] of Object.entries(figures.unhandled)) emmettUnhandled.set(code, (emmettUnhandled.get(code) ?? 0) + times);
  return Promise.resolve(figures.rate);
};
/** Emmett SQLite rounds whose process died, with the error it died of. */
const emmettFailedRounds: string[] = [];

const roundArgument = process.argv.indexOf('--emmett-sqlite-round');
if (roundArgument >= 0) {
  const rate = await emmett(Number(process.argv[roundArgument + 1]), Number(process.argv[roundArgument + 2]));
  process.stdout.write(`\n${JSON.stringify({ rate, busy: emmettBusy, hung: emmettHung, unhandled: Object.fromEntries(emmettUnhandled) })}\n`);
  process.exit(0);
}

interface BenchCase {
  name: string;
  callers: number;
  run: (callers: number, run: number) => Promise<number>;
}
const sqliteCases: BenchCase[] = [
  { name: 'ours (EventWriter on SqliteEventStore), 1 caller', callers: 1, run: ours },
  { name: 'Emmett SQLite event store, 1 caller', callers: 1, run: emmettInChild },
  { name: 'ours (EventWriter on SqliteEventStore), 64 callers', callers: 64, run: ours },
  { name: 'Emmett SQLite event store, 64 callers', callers: 64, run: emmettInChild },
];
const postgresCases: BenchCase[] = POSTGRES_URL
  ? [
      { name: 'ours (EventWriter on PostgresEventStore), 1 caller', callers: 1, run: oursPostgres },
      { name: 'Emmett PostgreSQL event store, 1 caller', callers: 1, run: emmettPostgres },
      { name: 'ours (EventWriter on PostgresEventStore), 64 callers', callers: 64, run: oursPostgres },
      { name: 'Emmett PostgreSQL event store, 64 callers', callers: 64, run: emmettPostgres },
    ]
  : [];
if (!POSTGRES_URL) console.log('PostgreSQL cases skipped: POSTGRES_URL is not set (POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/<database> npm run bench:peer)');
/** `-- --postgresql-only`: the PostgreSQL pair alone (the section then keeps no SQLite figures: a run for looking, not for the record). */
const postgresqlOnly = process.argv.includes('--postgresql-only');
if (postgresqlOnly && !POSTGRES_URL) throw new Error('--postgresql-only needs POSTGRES_URL');
const cases = [...(postgresqlOnly ? [] : sqliteCases), ...postgresCases];

const loadBefore = loadavg()[0]!;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rounds: number[][] = cases.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  for (const [index, benchCase] of cases.entries()) {
    rounds[index]!.push(await benchCase.run(benchCase.callers, round * 10 + index));
    process.stdout.write(`round ${round + 1}: ${benchCase.name}: ${Math.round(rounds[index]!.at(-1)!)} commands/s\n`);
  }
}
await emmettPostgresStore?.close();
// Each of ours is compared with Emmett in the same round, seconds apart.
const ratio = (oursIndex: number, peerIndex: number) => median(rounds[oursIndex]!.map((value, r) => value / rounds[peerIndex]![r]!));
const count = (value: number) => Math.round(value).toLocaleString('en-US');
// Against a peer that completes next to nothing the quotient says nothing but that.
const times = (value: number) => (value >= 1000 ? 'over 1,000×' : `${value.toFixed(1)}×`);
/** The rows of one group of four cases starting at `first`: ours and Emmett at 1 caller, then at 64. */
const rowsOf = (first: number, targets: { one: string; many: string }): string[] =>
  [0, 1, 2, 3].map((offset) => {
    const index = first + offset;
    const benchCase = cases[index]!;
    const values = rounds[index]!;
    // At 64 callers ours is also set against Emmett's 1 caller in the same round (Emmett's SQLite store nearly stops at 64).
    const best = benchCase.callers === 64 ? `; ${times(ratio(index, first + 1))} Emmett at 1 caller` : '';
    const target = benchCase.callers === 1 ? targets.one : targets.many;
    const versus = offset % 2 === 0 ? `${times(ratio(index, index + 1))} Emmett${target}${best}` : '';
    return `| ${benchCase.name} | ${count(median(values))} | ${count(Math.min(...values))} – ${count(Math.max(...values))} | ${versus} |`;
  });
const sqliteRows = postgresqlOnly ? [] : rowsOf(0, { one: ' (target 5×)', many: ' (target 20×)' });
const postgresRows = POSTGRES_URL ? rowsOf(postgresqlOnly ? 0 : 4, { one: '', many: ' (target 3×)' }) : [];
process.stdout.write(`${[...sqliteRows, ...postgresRows].join('\n')}\nEmmett SQLite commands retried: ${emmettBusy}; given up: ${emmettHung}; unhandled errors of its connections: ${unhandledSummary()}; rounds whose process died: ${emmettFailedRounds.length} ${emmettFailedRounds.join(' | ')}\n`);

let postgresSettings = '';
if (POSTGRES_URL) {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  const { rows } = await client.query<{ version: string; synchronous_commit: string }>("SELECT current_setting('server_version') AS version, current_setting('synchronous_commit') AS synchronous_commit");
  await client.end();
  postgresSettings = `PostgreSQL ${rows[0]!.version} on the same machine (server default synchronous_commit=${rows[0]!.synchronous_commit})`;
}
const cpuLine = (key: string, label: string): string => {
  const list = cpuPerCommand.get(key) ?? [];
  if (list.length === 0) return `| ${label} | – | – |`;
  const ms = (values: number[]) => `${median(values).toFixed(2)} ms`;
  return `| ${label} | ${ms(list.map((entry) => entry.node))} | ${ms(list.map((entry) => entry.server))} |`;
};
const cpuTable = POSTGRES_URL
  ? [
      '',
      'CPU per command (median of the rounds): the benchmark process, and the PostgreSQL backends serving its database (/proc, on the same 2 CPUs):',
      '',
      '| case | this process | PostgreSQL backends |',
      '| --- | ---: | ---: |',
      cpuLine('ours 1', 'ours, 1 caller'),
      cpuLine('emmett 1', 'Emmett, 1 caller'),
      cpuLine('ours 64', 'ours, 64 callers'),
      cpuLine('emmett 64', 'Emmett, 64 callers'),
      '',
      `Ours, shared work (median of the rounds): ${[1, 64]
        .map((callers) => {
          const list = sharing.get(callers) ?? [];
          if (list.length === 0) return `${callers} caller${callers > 1 ? 's' : ''}: –`;
          const of = (values: number[]) => median(values).toFixed(1);
          return `${callers} caller${callers > 1 ? 's' : ''}: ${of(list.map((entry) => entry.appendsPerCall))} appends per call of \`append_events\`, ${of(list.map((entry) => entry.readsPerQuery))} stream reads per query`;
        })
        .join('; ')}.`,
      '',
      'Where the 64-caller ratio comes from: a command of either store is one read of the stream and one append (a pool of 10',
      'connections for 64 callers). Ours shares both between the commands queued meanwhile: the stream reads that arrive while a',
      'read query is on the wire go together in the next one (one statement, an index scan per stream; a read joins only a query',
      'not yet sent, so it still sees every append acknowledged before it started), and the appends go in one call of',
      '`append_events` (one transaction and WAL flush for tens of appends); its statements are prepared once per connection.',
      "Emmett reads each stream with a query of its own, and each append is a transaction of its own (BEGIN, its function, COMMIT:",
      'three round trips), its commits sharing WAL flushes only through PostgreSQL. Ours therefore spends a fraction of the CPU',
      'per command, in this process and in the server (the table above), and with the benchmark, the server and the machine\'s',
      'other work on the same 2 CPUs the throughput ratio follows it. Until 2026-12-05 ours read each stream with a statement of',
      'its own, not prepared: 2.1× Emmett at 64 callers then, with 0.28 ms of CPU per command in this process and 0.41 ms in the',
      'server. At 1 caller there is nothing to share: with either store a command waits for one read and one WAL flush, and the',
      'two stand about level, the rounds varying with the load far more than the stores differ.',
    ]
  : [];
const table = (rows: string[]) => ['| case | commands/s (median) | rounds (min – max) | vs Emmett (median of per-round ratios) |', '| --- | ---: | ---: | --- |', ...rows];

if (postgresqlOnly) {
  process.stdout.write(`${cpuTable.slice(1, 12).join('\n')}\n(--postgresql-only: bench/results.md left as it is)\n`);
  process.exit(0);
}
writeResultsSection(
  'Peer',
  [
    `The same command loop on each pair of stores: read the worker's stream, fold it, decide the next event (an enrolment, then exams),`,
    `append it with the revision read; ten commands per stream, then a new worker. Ours runs the api's \`EventWriter\` (envelope,`,
    `SHA-256 hash chain, expected revision, retry on conflict); the peers are Emmett ${EMMETT} (\`@event-driven-io/emmett\`) stores,`,
    'both pairs in the same run, the cases taking turns.',
    '',
    `- SQLite: ours on \`SqliteEventStore\` (WAL, synchronous=FULL, group commit); the peer \`@event-driven-io/emmett-sqlite\` ${EMMETT_SQLITE}`,
    `  (WAL, SQLite's default synchronous=FULL, a connection opened per operation, one store per caller on the same file;`,
    '  `UV_THREADPOOL_SIZE=1`, without which its sqlite3 driver fails commits under load: see the script), each of its rounds in a process',
    '  of its own. Fresh files in `os.tmpdir()` every round.',
    POSTGRES_URL
      ? `- PostgreSQL: ours on \`PostgresEventStore\` (10 pooled connections, group commit, synchronous_commit=on); the peer \`@event-driven-io/emmett-postgresql\` ${EMMETT_POSTGRESQL} (one store for all callers, its node-postgres pool of 10 connections, one transaction per append). ${postgresSettings}, the same database; each round on an emptied table (ours dropped and created again, Emmett's truncated).`
      : '- PostgreSQL: not run (POSTGRES_URL was not set).',
    '',
    `Median of ${ROUNDS} rounds of ${ROUND_MS / 1000} s; ratios are per round.`,
    '',
    `- Command: \`${POSTGRES_URL ? 'POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/<a database of its own> ' : ''}npm run bench:peer\``,
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, load average ${loadBefore.toFixed(1)} before the run and ${loadavg()[0]!.toFixed(1)} after it (a shared machine: 2 CPUs for the benchmark, the server and other work)`,
    '',
    `Emmett SQLite commands retried after a locked file or a failed connection over the run: ${emmettBusy.toLocaleString('en-US')};`,
    `errors its connections emitted with no listener (counted, the round going on: see the script): ${unhandledSummary()};`,
    `commands that never returned from sqlite3 and were given up at the end of their round (not counted): ${emmettHung.toLocaleString('en-US')};`,
    `rounds whose process died of an error nothing could catch (counted as 0): ${emmettFailedRounds.length}${emmettFailedRounds.length ? ` (${[...new Set(emmettFailedRounds)].join('; ')})` : ''}.`,
    '',
    '### SQLite',
    '',
    ...table(sqliteRows),
    ...(POSTGRES_URL ? ['', '### PostgreSQL', '', ...table(postgresRows), ...cpuTable] : []),
  ].join('\n'),
);
