/**
 * Query latency at province scale over HTTP, one request at a time, against the compiled api serving
 * the province generator's data with the read models a rebuild made (npm run bench:generate, then
 * npm run bench:rebuild:province): compliance as of a day grouped by county, one worker's bitemporal
 * certification, and the history of the largest subsidy claim (its evidence included).
 * Run: npm run build && npm run bench:queries [-- --from bench/.data/province-1000000]. Writes "Queries at province scale".
 */
import { readFileSync } from 'node:fs';
import { Agent, get as httpGet } from 'node:http';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadOrCreateSecret, signEmbeddedToken } from '../../apps/api/src/auth/tokens.js';
import { writeResultsSection } from '../append/results-file.js';
import { cpuMs, startApi } from '../http/api-process.js';

const { values } = parseArgs({ options: { from: { type: 'string', default: fileURLToPath(new URL('../.data/province-1000000', import.meta.url)) } } });
const dataDir = values.from!;
const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8')) as {
  workers: number;
  events: number;
  largestClaim: { claimId: string; trainees: number };
  sampleWorkers: string[];
};
const COMPLIANCE_RUNS = Number(process.env['BENCH_COMPLIANCE_RUNS'] ?? 100);
const CERTIFICATION_RUNS = Number(process.env['BENCH_CERTIFICATION_RUNS'] ?? 2000);
const HISTORY_RUNS = Number(process.env['BENCH_HISTORY_RUNS'] ?? 30);

const secret = loadOrCreateSecret(join(dataDir, 'token-secret'));
const auditor = await signEmbeddedToken(secret, 'safety-skills-embedded', { sub: 'bench-auditor', role: 'auditor' }, 3600);
// The read models are complete: no projector in the api, so that the queries run alone.
const api = await startApi(dataDir, { PROJECTOR: 'external' });

// One kept-alive connection through node:http, as autocannon does: the lighter client (fetch added about
// 2 ms to the p99 of a trivial endpoint here, its own allocations and GC) measures the api rather than itself.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const request = (path: string): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    const req = httpGet(`${api.baseUrl}${path}`, { agent, headers: { authorization: `Bearer ${auditor}` } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    req.on('error', reject);
  });

/**
 * Milliseconds per request, `runs` times in turn over `paths`, after `warmUp` untimed requests (the first
 * ones compile the code paths); refuses anything but 200.
 */
const timed = async (paths: string[], runs: number, warmUp: number): Promise<{ ms: number[]; bytes: number; body: unknown; cpu: number | null }> => {
  const ms: number[] = [];
  let bytes = 0;
  let body: unknown = null;
  let cpuAtStart: number | null = null;
  for (let i = -warmUp; i < runs; i++) {
    if (i === 0) cpuAtStart = cpuMs(api.pid);
    const path = paths[Math.abs(i) % paths.length]!;
    const started = performance.now();
    const { status, text } = await request(path);
    if (i >= 0) ms.push(performance.now() - started);
    if (status !== 200) throw new Error(`${path} answered ${status}: ${text.slice(0, 200)}`);
    bytes = text.length;
    body = JSON.parse(text);
  }
  const cpuAtEnd = cpuMs(api.pid);
  return { ms, bytes, body, cpu: cpuAtStart === null || cpuAtEnd === null ? null : (cpuAtEnd - cpuAtStart) / Math.max(1, runs) };
};
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;

try {
  // The floor of one request at a time on this machine: the same app's trivial endpoint, just before.
  const health = await timed(['/health'], CERTIFICATION_RUNS, 1000);
  const certification = await timed(
    manifest.sampleWorkers.map((id) => `/api/v1/workers/${id}/certification?asOf=2022-06-30&knownAt=${encodeURIComponent(new Date().toISOString())}`),
    CERTIFICATION_RUNS,
    1000,
  );
  const history = await timed([`/api/v1/subsidy-claims/${manifest.largestClaim.claimId}/history`], HISTORY_RUNS, 5);
  // One small county (大通湖, about 5 % of the workforce), then the whole province.
  const county = await timed(['/api/v1/compliance?groupBy=county&countyCode=430971&asOf=2021-12-31'], COMPLIANCE_RUNS, 1);
  // The whole province: one bucket document per group and year from the compliance read model.
  const compliance = await timed(['/api/v1/compliance?groupBy=county&asOf=2021-12-31'], COMPLIANCE_RUNS, 1).catch((error: unknown) => {
    process.stderr.write(`compliance failed: ${String(error)}\n`);
    return { ms: [], bytes: 0, body: null, cpu: null, failure: String(error).slice(0, 160) };
  });
  const claim = history.body as { events: unknown[]; evidence: unknown[] };
  const historyEvents = claim.events.length + claim.evidence.length;

  const row = (label: string, target: string, result: { ms: number[]; bytes: number; cpu: number | null; failure?: string }) =>
    result.failure
      ? `| ${label} | failed: ${result.failure} | | | | ${target} | |`
      : `| ${label} | ${result.ms.length} | ${percentile(result.ms, 50).toFixed(1)} | ${percentile(result.ms, 99).toFixed(1)} | ${result.cpu?.toFixed(2) ?? ''} | ${target} | ${(result.bytes / 1024).toFixed(0)} KiB |`;
  const rows = [
    row('GET /api/v1/compliance?groupBy=county&countyCode=430971&asOf=2021-12-31 (one county, ~5 %)', '', county),
    row('GET /api/v1/compliance?groupBy=county&asOf=2021-12-31 (the province)', 'p99 ≤ 100 ms', compliance),
    row('GET /health (the same app, no token, no read model: the floor of one request at a time)', '', health),
    row(`GET /api/v1/workers/{id}/certification?asOf&knownAt (${manifest.sampleWorkers.length} workers in turn)`, 'p99 ≤ 5 ms', certification),
    row(`GET /api/v1/subsidy-claims/{id}/history (${historyEvents} events: ${claim.events.length} steps, ${claim.evidence.length} evidence)`, '≤ 200 ms', history),
  ];
  process.stdout.write(`${rows.join('\n')}\n`);
  writeResultsSection(
    'Queries at province scale',
    [
      `One request at a time over HTTP (client in another process) to the compiled api serving the province: ${manifest.workers.toLocaleString('en')} workers,`,
      `${manifest.events.toLocaleString('en')} events, read models from \`npm run bench:rebuild:province\`, the projector off (PROJECTOR=external), an auditor's token.`,
      'Latency includes HTTP, JWT and JSON; one kept-alive connection (node:http); untimed warm-up requests first (1,000 /health, 1,000 certifications, 5 histories, 1 compliance). p99 of few runs is their maximum.',
      "api CPU ms/request: the api process's user and system CPU (all threads, from /proc) over the timed requests, per request: what the api spends, apart from the machine's noise.",
      '',
      '- Command: `npm run build && npm run bench:queries` (after bench:generate and bench:rebuild:province)',
      `- Date: ${new Date().toISOString()}`,
      `- Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at the end (a shared machine)`,
      '',
      '| query | requests | p50 ms | p99 ms | api CPU ms/request | target | answer size |',
      '| --- | ---: | ---: | ---: | ---: | --- | ---: |',
      ...rows,
    ].join('\n'),
  );
} finally {
  agent.destroy();
  await api.stop();
}
