/**
 * The projector as its own process serves its metrics on `PROJECTOR_METRICS_PORT`: each projection's
 * lag and applied position, and the read store's write latency and documents written, as a Prometheus
 * scraper reads them, guarded by `METRICS_TOKEN` as the api's `/metrics` is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedEventStore } from '../../bench/rebuild/seed-event-store.js';
import { freePort, kill, type ChildService } from '../fault/support/api-process.js';
import { headOf, sqliteReadStore, startProjector } from '../fault/support/projector-processes.js';
import { waitFor } from '../fault/support/wait-for.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/**
 * One sample per active projection, by the read store's key for it (`workers_v1`): the write metrics
 * carry that key as `projection`, the lag gauges the name and version apart.
 */
const byProjection = (samples: Sample[], name: string): Record<string, number> =>
  Object.fromEntries(
    samples
      .filter((s) => s.name === name && (s.labels.active ?? 'true') === 'true')
      .map((s) => [s.labels.version === undefined ? s.labels.projection! : `${s.labels.projection}_v${s.labels.version}`, s.value]),
  );
const keyOf = (samples: Sample[], projection: string): string => Object.keys(byProjection(samples, 'projection_applied_position')).find((key) => key.startsWith(`${projection}_v`))!;

describe('the projector process serves its own metrics', () => {
  const token = 'scrape-token-for-this-test';
  let dataDir: string;
  let cleanDir: string;
  let projector: ChildService;
  let url: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ops-finish-projector-metrics-'));
    cleanDir = mkdtempSync(path.join(os.tmpdir(), 'ops-finish-projector-metrics-clean-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    projector = startProjector(dataDir, sqliteReadStore(dataDir, cleanDir), { PROJECTOR_METRICS_PORT: String(port), METRICS_TOKEN: token });
  });
  afterAll(async () => {
    if (projector) await kill(projector, 'SIGTERM');
    for (const dir of [dataDir, cleanDir]) rmSync(dir, { recursive: true, force: true });
  });

  const scrape = async (): Promise<Sample[]> => {
    const response = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parse(await response.text());
  };

  /** Scrapes until every active projection has applied `head` (the projector polls the log on its own). */
  const caughtUpTo = (head: bigint) =>
    waitFor(
      `every projection at position ${head}`,
      async () => {
        const samples = await scrape();
        const applied = Object.values(byProjection(samples, 'projection_applied_position'));
        return applied.length > 0 && applied.every((p) => p === Number(head)) ? samples : null;
      },
      120_000,
      250,
    );

  it('answers only a scraper with the token: 401 without it or with another, 404 elsewhere', async () => {
    await waitFor('the metrics port', () => fetch(`${url}/metrics`).then(() => true), 60_000, 250).catch((error: Error) => {
      throw new Error(`${error.message}\n${projector.output()}`);
    });
    const anonymous = await fetch(`${url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(anonymous.headers.get('content-type')).toBe('application/problem+json');
    expect(await anonymous.json()).toMatchObject({ status: 401, code: 'unauthorized' });
    expect((await fetch(`${url}/metrics`, { headers: { Authorization: 'Bearer another-token' } })).status).toBe(401);
    expect((await fetch(`${url}/health`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(404);
  }, 90_000);

  it('reports lag, applied position, write latency and documents written per projection, as events arrive', async () => {
    const first = seedEventStore(dataDir, 1500);
    const firstHead = await headOf(dataDir);
    const before = await caughtUpTo(firstHead);
    const projections = Object.keys(byProjection(before, 'projection_applied_position'));
    expect(projections).toEqual(expect.arrayContaining(['workers', 'certificates', 'audit_trail', 'compliance'].map((name) => keyOf(before, name))));
    const audit = keyOf(before, 'audit_trail');
    const workers = keyOf(before, 'workers');
    expect(Object.values(byProjection(before, 'projection_lag_events')).every((lag) => lag === 0)).toBe(true);
    // Every event is an audit-trail entry: its writes and documents are there to count.
    const writesBefore = byProjection(before, 'read_store_write_duration_seconds_count');
    const documentsBefore = byProjection(before, 'read_store_documents_written_total');
    expect(writesBefore[audit]).toBeGreaterThan(0);
    expect(documentsBefore[audit]).toBe(first);
    expect(documentsBefore[workers]).toBeGreaterThan(0);
    expect(before.find((s) => s.name === 'read_store_write_duration_seconds_sum' && s.labels.projection === audit)!.value).toBeGreaterThan(0);

    // More events while it runs: the figures follow.
    const total = seedEventStore(dataDir, 2500, first);
    const secondHead = await headOf(dataDir);
    expect(secondHead).toBeGreaterThan(firstHead);
    const after = await caughtUpTo(secondHead);
    expect(Object.values(byProjection(after, 'projection_lag_events')).every((lag) => lag === 0)).toBe(true);
    expect(byProjection(after, 'read_store_documents_written_total')[audit]).toBe(total);
    expect(byProjection(after, 'read_store_write_duration_seconds_count')[audit]).toBeGreaterThan(writesBefore[audit]!);
    expect(byProjection(after, 'read_store_documents_written_total')[workers]).toBeGreaterThan(documentsBefore[workers]!);
    // The process's own figures, as prom-client's default metrics give them.
    expect(after.some((s) => s.name === 'process_resident_memory_bytes' && s.value > 0)).toBe(true);
  }, 240_000);

  it('logs JSON lines through pino, as the api does: each line one object with time, level, service and message', () => {
    const lines = projector.output().split('\n').filter((line) => line.trim() !== '');
    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return { notJson: line };
      }
    });
    expect(parsed.filter((line) => 'notJson' in line)).toEqual([]);
    for (const line of parsed) expect(line).toMatchObject({ service: 'safety-skills-projector', level: expect.any(Number), time: expect.any(String), message: expect.any(String) });
    expect(parsed.map((line) => line.message)).toEqual(expect.arrayContaining(['started', 'lease acquired']));
  });
});
