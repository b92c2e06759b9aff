/**
 * `npm run rebuild -- <projection>` logs as the api and the projector process do: every line it writes,
 * on stdout or stderr, is a JSON object (pino), its usage and a wrong setting included, and none holds
 * the personal data of the events it projects.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newIdNumber } from '../e2e/support/fixtures.js';
import { startTestApp } from '../e2e/support/test-app.js';
import { enrollWorker, registerEnterprise } from '../e2e/support/worker-steps.js';
import { startNode } from '../fault/support/api-process.js';

interface Run {
  code: number | string;
  lines: Record<string, unknown>[];
  raw: string;
}

/** Runs the rebuild as `npm run rebuild` does and parses every line it wrote: one that is not JSON fails here. */
async function rebuild(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const service = startNode(['--conditions=source', '--import', 'tsx', 'apps/projector/src/rebuild.ts', ...args], { LOG_LEVEL: 'log', ...env });
  const code = await service.exited;
  const raw = service.output();
  const lines = raw
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });
  return { code, lines, raw };
}

describe('npm run rebuild logs JSON lines', () => {
  const person = { name: '欧阳建国', idNumber: newIdNumber('1985-03-12') };
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-rebuild-logs-'));
    // A log with a worker's enrolment in it: the rebuild reads their (sealed) personal data back.
    const t = await startTestApp({ DATA_DIR: dataDir });
    try {
      const enterprise = await registerEnterprise(t);
      await enrollWorker(t, enterprise, person);
    } finally {
      await t.close();
    }
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('rebuilds a read model with JSON lines only, saying what it rebuilt and how far, and nothing personal', async () => {
    const run = await rebuild(['workers'], { DATA_DIR: dataDir, EVENT_STORE: 'sqlite', READ_STORE: 'sqlite', KEY_STORE: 'sqlite' });
    expect(run.code).toBe(0);
    expect(run.lines.length).toBeGreaterThanOrEqual(2);
    for (const line of run.lines) expect(line).toMatchObject({ service: 'safety-skills-projector', time: expect.any(String), message: expect.any(String) });
    expect(run.lines).toEqual(expect.arrayContaining([expect.objectContaining({ level: 30, message: 'rebuilding', projection: expect.stringMatching(/^workers_v\d+$/) })]));
    const done = run.lines.find((line) => line.message === 'rebuilt');
    expect(done).toMatchObject({ level: 30, projection: 'workers', applied: expect.stringMatching(/^\d+$/) });
    for (const secret of [person.idNumber, person.name]) expect(run.raw).not.toContain(secret);
  }, 60_000);

  it('answers its usage as a JSON line, and exits 2, without a projection name', async () => {
    const run = await rebuild([], { DATA_DIR: dataDir });
    expect(run.code).toBe(2);
    expect(run.lines).toEqual([expect.objectContaining({ level: 50, message: 'usage: npm run rebuild -- <projection>', projections: expect.arrayContaining(['workers']) })]);
  }, 60_000);

  it('refuses a wrong setting with one JSON line naming it, and exits 1', async () => {
    const run = await rebuild(['workers'], { DATA_DIR: dataDir, EVENT_STORE: 'cassandra' });
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([expect.objectContaining({ level: 50, message: expect.stringMatching(/^EVENT_STORE must be sqlite, postgresql or kurrentdb/) })]);
  }, 60_000);
});
