/**
 * The api as a real process, as `npm start` runs it: health on the embedded default, a one-line
 * error for an unusable DATA_DIR, and SIGTERM closing cleanly.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOrCreateSecret, signEmbeddedToken } from '../../apps/api/src/auth/tokens.js';
import { createPostgresDatabase } from '../e2e/support/test-app.js';
import { freePort } from '../fault/support/api-process.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const main = path.join(root, 'dist/apps/api/src/main.js');

beforeAll(() => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}, 120_000);

function start(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [main], { cwd: root, env: { ...process.env, LOG_LEVEL: 'log', ...env } });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Waits for /health; a process that exits or stays silent fails the test with what it printed. */
async function waitForHealth(port: number, started: { child: ChildProcess; output: () => string }, timeoutMs = 30_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(`http://127.0.0.1:${port}/health`);
    } catch (error) {
      if (Date.now() > deadline || started.child.exitCode !== null) {
        throw new Error(`no /health on port ${port} (${started.child.exitCode === null ? 'still starting' : `exited ${started.child.exitCode}`}): ${(error as Error).message}\n${started.output().slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

describe('the api process', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-proc-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('serves /health on the embedded default and closes the store on SIGTERM', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const started = start({ DATA_DIR: dataDir, PORT: String(port) });
    const { child, output } = started;
    const response = await waitForHealth(port, started);
    expect(response.status).toBe(200);
    // Anonymous: up or down, nothing about the stores (no path, no adapter).
    expect(await response.json()).toEqual({ status: 'ok' });
    const token = await signEmbeddedToken(loadOrCreateSecret(path.join(dataDir, 'token-secret')), 'safety-skills-embedded', { sub: 'ops', role: 'city_admin' });
    const detailed = await fetch(`http://127.0.0.1:${port}/health`, { headers: { Authorization: `Bearer ${token}` } });
    const body = (await detailed.json()) as { status: string; eventStore: { ok: boolean; adapter: string } };
    expect(body.status).toBe('ok');
    expect(body.eventStore).toMatchObject({ ok: true, adapter: 'sqlite' });
    expect(existsSync(path.join(dataDir, 'events.sqlite'))).toBe(true);

    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(output()).toContain('event store closed');
  }, 60_000);

  it('refuses an unusable DATA_DIR with one line, not a stack trace', async () => {
    const file = path.join(tempDir(), 'not-a-directory');
    writeFileSync(file, 'x');
    const { child, output } = start({ DATA_DIR: file, PORT: '0' });
    expect(await exited(child)).toBe(1);
    const lines = output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^safety-skills: DATA_DIR .* is not a writable directory/);
  }, 20_000);

  it('refuses a read-only DATA_DIR with one line', async () => {
    if (process.getuid?.() === 0) {
      // root ignores directory permissions; use a path below a file instead, which no user can create.
      const file = path.join(tempDir(), 'file');
      writeFileSync(file, 'x');
      const { child, output } = start({ DATA_DIR: path.join(file, 'data'), PORT: '0' });
      expect(await exited(child)).toBe(1);
      expect(output().trim().split('\n')).toHaveLength(1);
      return;
    }
    const dir = tempDir();
    chmodSync(dir, 0o500);
    const { child, output } = start({ DATA_DIR: dir, PORT: '0' });
    expect(await exited(child)).toBe(1);
    expect(output().trim().split('\n')).toHaveLength(1);
  }, 20_000);

  it('refuses a POSTGRES_URL it cannot open with one line naming the server, not the password', async () => {
    const { child, output } = start({ EVENT_STORE: 'postgresql', POSTGRES_URL: 'postgresql://postgres:s3cret@127.0.0.1:1/events', DATA_DIR: tempDir(), PORT: '0' });
    expect(await exited(child)).toBe(1);
    const lines = output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^safety-skills: EVENT_STORE=postgresql, POSTGRES_URL: cannot open the PostgreSQL event store at postgresql:\/\/127\.0\.0\.1:1\/events: the server refused the connection/);
    expect(lines[0]).not.toContain('s3cret');
  }, 20_000);

  it('refuses a RATE_LIMIT_REDIS_URL it cannot reach with one line, without the password, instead of running unlimited', async () => {
    const { child, output } = start({ RATE_LIMIT_REDIS_URL: 'redis://:s3cret@127.0.0.1:1/0', DATA_DIR: tempDir(), PORT: '0' });
    expect(await exited(child)).toBe(1);
    const lines = output().trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^safety-skills: RATE_LIMIT_REDIS_URL: Redis cannot be reached \(ECONNREFUSED\)$/)]);
    expect(lines[0]).not.toContain('s3cret');
  }, 20_000);

  const postgresUrl = process.env['POSTGRES_URL'];
  (postgresUrl ? it : it.skip)('serves /health on the PostgreSQL event store (POSTGRES_URL)', async () => {
    const port = await freePort();
    const dataDir = tempDir();
    // A database of its own: the embedded secrets of this DATA_DIR become its deployment fingerprint.
    const events = await createPostgresDatabase(postgresUrl!, 'api_process_events');
    const started = start({ EVENT_STORE: 'postgresql', POSTGRES_URL: events.url, DATA_DIR: dataDir, PORT: String(port) });
    const { child } = started;
    expect((await waitForHealth(port, started)).status).toBe(200);
    // The stores' detail is an operator's: ask as one.
    const token = await signEmbeddedToken(loadOrCreateSecret(path.join(dataDir, 'token-secret')), 'safety-skills-embedded', { sub: 'ops', role: 'city_admin' });
    const response = await fetch(`http://127.0.0.1:${port}/health`, { headers: { Authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { eventStore: { ok: boolean; adapter: string } };
    expect(body.eventStore).toMatchObject({ ok: true, adapter: 'postgresql' });
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    await events.drop();
  }, 40_000);
});
