/**
 * Commands per second and latency over HTTP at 64 connections: EnrollWorker (POST /api/v1/workers)
 * and PassExam (POST /api/v1/workers/{id}/exams) against a trivial endpoint of the same app (GET /health),
 * the compiled api in its own process (embedded SQLite stores, as `npm start` runs it), in two
 * configurations: the projector inside the api, and the projector in its own process (PROJECTOR=external
 * and apps/projector). Beside them, the floor of this machine: a bare Node http server and a bare Nest
 * app answering a trivial GET /health (bench/http/bare-servers.ts). Every server runs for the whole
 * benchmark and the cases take turns, round after round, so that the machine's noise falls on all alike.
 * Run: npm run build && npm run bench:http. Writes the "HTTP" section of bench/results.md.
 * BENCH_DURATION_S, BENCH_ROUNDS, and BENCH_TARGETS (e.g. `embedded,external`) shorten a run.
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { addDays } from '#libs/domain';
import { loadOrCreateSecret, signEmbeddedToken, type TokenClaims } from '../../apps/api/src/auth/tokens.js';
import { Random } from '../generator/random.js';
import { enterpriseSpec, idNumber, personName } from '../generator/yiyang-world.js';
import { writeResultsSection } from '../append/results-file.js';
import { cpuMs, startApi, startBareServer, startProjector, type ApiProcess } from './api-process.js';

const CONNECTIONS = 64;
const DURATION_S = Number(process.env['BENCH_DURATION_S'] ?? 10);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const ISSUER = 'safety-skills-embedded';
const TARGETS = ['bare-node', 'bare-nest', 'embedded', 'external'] as const;
type Target = (typeof TARGETS)[number];
const chosen = new Set((process.env['BENCH_TARGETS']?.split(',') ?? TARGETS) as Target[]);

/** An api on a data directory of its own, with an enterprise to enrol into and the workers enrolled so far. */
interface ApiUnderTest {
  api: ApiProcess;
  projectorPid: number | null;
  headers: Record<string, string>;
  enterpriseId: string;
  workers: string[];
  serial: number;
  exam: number;
}

const stops: Array<() => Promise<void>> = [];
const dataDirs: string[] = [];

async function apiUnderTest(env: Record<string, string>, withProjector: boolean): Promise<ApiUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  dataDirs.push(dataDir);
  const secret = loadOrCreateSecret(join(dataDir, 'token-secret'));
  const token = (claims: TokenClaims) => signEmbeddedToken(secret, ISSUER, claims, 3600);
  const api = await startApi(dataDir, env);
  stops.push(api.stop);
  const projector = withProjector ? startProjector(dataDir) : null;
  if (projector) stops.push(projector.stop);
  const city = await token({ sub: 'bench-city', role: 'city_admin' });
  const registered = await fetch(`${api.baseUrl}/api/v1/enterprises`, {
    method: 'POST',
    headers: { authorization: `Bearer ${city}`, 'content-type': 'application/json' },
    body: JSON.stringify(enterpriseSpec(new Random(7), 0, '430903')),
  });
  if (registered.status !== 201) throw new Error(`registering the enterprise answered ${registered.status}`);
  const enterpriseId = ((await registered.json()) as { id: string }).id;
  const admin = await token({ sub: 'bench-admin', role: 'enterprise_admin', enterprise: enterpriseId });
  return {
    api,
    projectorPid: projector?.pid ?? null,
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    enterpriseId,
    workers: [],
    serial: 0,
    exam: 0,
  };
}

const random = new Random(20200331);

const health = (server: ApiProcess): autocannon.Options => ({ url: `${server.baseUrl}/health` });

const enroll = (t: ApiUnderTest): autocannon.Options => ({
  url: t.api.baseUrl,
  requests: [
    {
      method: 'POST',
      path: '/api/v1/workers',
      headers: t.headers,
      setupRequest: (request) => {
        // A new person each time: a thousand serials per birth day, one day after another from 1970.
        const n = t.serial++;
        const birthDate = addDays('1970-01-01', Math.floor(n / 1000));
        return {
          ...request,
          body: JSON.stringify({
            enterpriseId: t.enterpriseId, name: personName(random), idNumber: idNumber('430903', birthDate, n), employmentType: 'employee',
            hireType: 'new_hire', enrolledOn: '2021-03-01', educationLevel: 'senior_high',
          }),
        };
      },
      onResponse: (status, body) => {
        if (status === 201) t.workers.push((JSON.parse(body) as { id: string }).id);
      },
    },
  ],
});

const exam = (t: ApiUnderTest): autocannon.Options => ({
  url: t.api.baseUrl,
  requests: [
    {
      method: 'POST',
      headers: t.headers,
      setupRequest: (request) => ({
        ...request,
        path: `/api/v1/workers/${t.workers[t.exam++ % t.workers.length]}/exams`,
        body: JSON.stringify({ kind: 'pre_post', theoryScore: 80 + (t.exam % 20), keySafetySkillsPassed: true, examinedOn: '2021-03-20' }),
      }),
    },
  ],
});

interface Case {
  target: Target;
  name: 'health' | 'enroll' | 'exam';
  label: string;
  options: () => autocannon.Options;
  /** The server's process and, in the external configuration, the projector's. */
  pids: [number, number | null];
}

interface Measurement {
  result: autocannon.Result;
  /** CPU ms per answered request: the server's, and the projector's when it runs apart. */
  cpu: [number | null, number | null];
}

try {
  const cases: Case[] = [];
  if (chosen.has('bare-node')) {
    const server = await startBareServer('node');
    stops.push(server.stop);
    cases.push({ target: 'bare-node', name: 'health', label: 'bare Node http server: GET /health', options: () => health(server), pids: [server.pid, null] });
  }
  if (chosen.has('bare-nest')) {
    const server = await startBareServer('nest');
    stops.push(server.stop);
    cases.push({ target: 'bare-nest', name: 'health', label: 'bare Nest app: GET /health', options: () => health(server), pids: [server.pid, null] });
  }
  for (const target of ['embedded', 'external'] as const) {
    if (!chosen.has(target)) continue;
    const t = await apiUnderTest(target === 'external' ? { PROJECTOR: 'external' } : {}, target === 'external');
    const pids: Case['pids'] = [t.api.pid, t.projectorPid];
    cases.push(
      { target, name: 'health', label: 'GET /health (trivial)', options: () => health(t.api), pids },
      { target, name: 'enroll', label: 'POST /api/v1/workers (EnrollWorker)', options: () => enroll(t), pids },
      { target, name: 'exam', label: 'POST /api/v1/workers/{id}/exams (PassExam)', options: () => exam(t), pids },
    );
  }

  const measured = new Map<Case, Measurement[]>(cases.map((c) => [c, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) {
      const before = c.pids.map((pid) => (pid === null ? null : cpuMs(pid)));
      const result = await autocannon({ ...c.options(), connections: CONNECTIONS, duration: DURATION_S });
      const answered = Math.max(1, result['2xx'] + result.non2xx);
      const cpu = c.pids.map((pid, i) => {
        const [start, end] = [before[i], pid === null ? null : cpuMs(pid)];
        return start == null || end === null ? null : (end - start) / answered;
      }) as Measurement['cpu'];
      measured.get(c)!.push({ result, cpu });
      console.log(
        `round ${round + 1} ${c.target} ${c.name}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
          `${result['2xx']} 2xx, ${result.non2xx} other, ${result.errors} errors, CPU ms/request ${cpu.map((v) => v?.toFixed(3) ?? '-').join(' + ')}`,
      );
    }
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const results = (c: Case) => measured.get(c)!.map((m) => m.result);
  const rate = (c: Case) => median(results(c).map((r) => r.requests.average));
  const cpuOf = (c: Case, i: 0 | 1) => {
    const values = measured.get(c)!.flatMap((m) => (m.cpu[i] === null ? [] : [m.cpu[i]!]));
    return values.length === 0 ? '' : median(values).toFixed(2);
  };
  const healthOf = (target: Target) => cases.find((c) => c.target === target && c.name === 'health')!;
  const refusedOf = (c: Case) => results(c).reduce((sum, r) => sum + r.non2xx + r.errors, 0);
  const latency = (c: Case) => `${median(results(c).map((r) => r.latency.p50))} | ${median(results(c).map((r) => r.latency.p99))}`;
  const row = (c: Case) => {
    const trivial = results(healthOf(c.target));
    const versus = c.name === 'health' ? '' : `${Math.round(100 * median(results(c).map((r, i) => r.requests.average / trivial[i]!.requests.average)))} %`;
    const projectorCpu = c.target === 'external' ? ` ${cpuOf(c, 1)} |` : '';
    return `| ${c.label} | ${Math.round(rate(c)).toLocaleString('en-US')} | ${latency(c)} | ${versus} | ${cpuOf(c, 0)} |${projectorCpu} ${refusedOf(c)} |`;
  };
  const table = (target: Target) => cases.filter((c) => c.target === target).map(row);
  const header = (target: Target) =>
    target === 'external'
      ? [
          '| endpoint | requests/s | p50 ms | p99 ms | vs GET /health | api CPU ms/request | projector CPU ms/request | non-2xx or errors (all rounds) |',
          '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        ]
      : ['| endpoint | requests/s | p50 ms | p99 ms | vs GET /health | api CPU ms/request | non-2xx or errors (all rounds) |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |'];
  const bare = cases.filter((c) => c.target === 'bare-node' || c.target === 'bare-nest');
  /** What the figures imply for the targets: the CPUs 5,000 commands/s would take, and the latency 64 connections force. */
  const bounds = (): string[] => {
    const commands = cases.filter((c) => c.name !== 'health' && c.target !== 'bare-node' && c.target !== 'bare-nest');
    if (commands.length === 0) return [];
    return [
      '',
      'What bounds the targets, from these figures: at 64 connections a request waits on average 64 / (requests/s) (Little\'s law), so',
      'p99 ≤ 50 ms needs well above 1,280 requests/s; and 5,000 commands/s need 5,000 × (CPU ms/request) / 1,000 CPUs, load generator aside:',
      ...commands.map((c) => {
        const cpu = Number(cpuOf(c, 0)) + (c.target === 'external' ? Number(cpuOf(c, 1)) : 0);
        return `- ${c.label}, ${c.target}: ${(5 * cpu).toFixed(1)} CPUs (api${c.target === 'external' ? ' and projector' : ''}), mean latency ${Math.round(1000 * CONNECTIONS / rate(c))} ms at the measured rate`;
      }),
    ];
  };
  writeResultsSection(
    'HTTP',
    [
      `Requests per second and latency at ${CONNECTIONS} connections (autocannon, ${DURATION_S} s per case, ${ROUNDS} rounds, every case once per round in turn, medians),`,
      'against the compiled api in its own process: embedded SQLite event and read stores (durable commits), JWT on every request.',
      'EnrollWorker seals the personal data and reserves the ID number atomically with the enrolment; PassExam reads the worker,',
      'checks the examiner and appends the exam. Targets: 5,000 commands/s, p99 ≤ 50 ms, ≥ half the trivial endpoint.',
      'CPU ms/request: the user and system CPU the process used during the case (all its threads, from /proc) per answered request;',
      'on a machine shared with other work it moves much less than requests/s, and 1,000 ms over it bound one process to that many requests/s.',
      '',
      '- Command: `npm run build && npm run bench:http`',
      `- Date: ${new Date().toISOString()}`,
      `- Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at the end (a shared machine; the load generator shares the CPUs)`,
      ...(chosen.has('embedded') ? ['', 'The projector inside the api (PROJECTOR=embedded, as `npm start`):', '', ...header('embedded'), ...table('embedded')] : []),
      ...(chosen.has('external')
        ? ['', 'The projector in its own process (PROJECTOR=external and apps/projector, on the same CPUs):', '', ...header('external'), ...table('external')]
        : []),
      ...(bare.length > 0
        ? [
            '',
            'The floor on this machine: the same autocannon against servers that do nothing but answer a trivial GET /health.',
            '',
            '| server | requests/s | p50 ms | p99 ms | CPU ms/request | non-2xx or errors (all rounds) |',
            '| --- | ---: | ---: | ---: | ---: | ---: |',
            ...bare.map((c) => `| ${c.label} | ${Math.round(rate(c)).toLocaleString('en-US')} | ${latency(c)} | ${cpuOf(c, 0)} | ${refusedOf(c)} |`),
          ]
        : []),
      ...bounds(),
    ].join('\n'),
  );
} finally {
  for (const stop of stops.reverse()) await stop();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
}
