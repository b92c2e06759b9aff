/**
 * Commands per second and latency over HTTP at 64 connections: EnrollWorker (POST /api/v1/workers)
 * and PassExam (POST /api/v1/workers/{id}/exams) against a trivial endpoint of the same app (GET /health),
 * the compiled api in its own process (embedded SQLite stores and projector, as `npm start` runs it).
 * Run: npm run build && npm run bench:http. Writes the "HTTP" section of bench/results.md.
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSecret, signEmbeddedToken, type TokenClaims } from '../../apps/api/src/auth/tokens.js';
import { Random } from '../generator/random.js';
import { enterpriseSpec, idNumber, personName } from '../generator/yiyang-world.js';
import { writeResultsSection } from '../append/results-file.js';
import { startApi } from './api-process.js';

const CONNECTIONS = 64;
const DURATION_S = Number(process.env['BENCH_DURATION_S'] ?? 10);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const ISSUER = 'safety-skills-embedded';

const dataDir = mkdtempSync(join(tmpdir(), 'bench-http-'));
const secret = loadOrCreateSecret(join(dataDir, 'token-secret'));
const token = (claims: TokenClaims) => signEmbeddedToken(secret, ISSUER, claims, 3600);
const api = await startApi(dataDir);

try {
  const city = await token({ sub: 'bench-city', role: 'city_admin' });
  const spec = enterpriseSpec(new Random(7), 0, '430903');
  const registered = await fetch(`${api.baseUrl}/api/v1/enterprises`, {
    method: 'POST',
    headers: { authorization: `Bearer ${city}`, 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  if (registered.status !== 201) throw new Error(`registering the enterprise answered ${registered.status}`);
  const enterpriseId = ((await registered.json()) as { id: string }).id;
  const admin = await token({ sub: 'bench-admin', role: 'enterprise_admin', enterprise: enterpriseId });
  const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };

  const random = new Random(20200331);
  let serial = 0;
  const workers: string[] = [];
  let exam = 0;

  const cases = {
    health: (): autocannon.Options => ({ url: `${api.baseUrl}/health` }),
    enroll: (): autocannon.Options => ({
      url: api.baseUrl,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/workers',
          headers,
          setupRequest: (request) => {
            const n = serial++;
            const birthDate = random.day('1970-01-01', '2000-12-31');
            return {
              ...request,
              body: JSON.stringify({
                enterpriseId, name: personName(random), idNumber: idNumber('430903', birthDate, n), employmentType: 'employee',
                hireType: 'new_hire', enrolledOn: '2021-03-01', educationLevel: 'senior_high',
              }),
            };
          },
          onResponse: (status, body) => {
            if (status === 201) workers.push((JSON.parse(body) as { id: string }).id);
          },
        },
      ],
    }),
    exam: (): autocannon.Options => ({
      url: api.baseUrl,
      requests: [
        {
          method: 'POST',
          headers,
          setupRequest: (request) => ({
            ...request,
            path: `/api/v1/workers/${workers[exam++ % workers.length]}/exams`,
            body: JSON.stringify({ kind: 'pre_post', theoryScore: 80 + (exam % 20), keySafetySkillsPassed: true, examinedOn: '2021-03-20' }),
          }),
        },
      ],
    }),
  };

  type Name = keyof typeof cases;
  const measured: Record<Name, autocannon.Result[]> = { health: [], enroll: [], exam: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(cases) as Name[]) {
      const result = await autocannon({ ...cases[name](), connections: CONNECTIONS, duration: DURATION_S });
      measured[name].push(result);
      console.log(
        `round ${round + 1} ${name}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
          `${result['2xx']} 2xx, ${result.non2xx} other, ${result.errors} errors`,
      );
    }
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const row = (label: string, name: Name) => {
    const results = measured[name];
    const rate = median(results.map((r) => r.requests.average));
    const versus = name === 'health' ? '' : `${Math.round(100 * median(results.map((r, i) => r.requests.average / measured.health[i]!.requests.average)))} %`;
    const refused = results.reduce((sum, r) => sum + r.non2xx + r.errors, 0);
    return `| ${label} | ${Math.round(rate).toLocaleString('en-US')} | ${median(results.map((r) => r.latency.p50))} | ${median(results.map((r) => r.latency.p99))} | ${versus} | ${refused} |`;
  };
  writeResultsSection(
    'HTTP',
    [
      `Requests per second and latency at ${CONNECTIONS} connections (autocannon, ${DURATION_S} s per case, ${ROUNDS} rounds taking turns, medians),`,
      'against the compiled api in its own process: embedded SQLite event and read stores (durable commits), the projector inside it, JWT',
      'on every request. EnrollWorker seals the personal data and reserves the ID number atomically with the enrolment; PassExam',
      'reads the worker, checks the examiner and appends the exam. Targets: 5,000 commands/s, p99 ≤ 50 ms, ≥ half the trivial endpoint.',
      '',
      '- Command: `npm run build && npm run bench:http`',
      `- Date: ${new Date().toISOString()}`,
      `- Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at the end (a shared machine; the load generator shares the 2 CPUs)`,
      '',
      '| endpoint | requests/s | p50 ms | p99 ms | vs GET /health | non-2xx or errors (all rounds) |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      row('GET /health (trivial)', 'health'),
      row('POST /api/v1/workers (EnrollWorker)', 'enroll'),
      row('POST /api/v1/workers/{id}/exams (PassExam)', 'exam'),
    ].join('\n'),
  );
} finally {
  await api.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
