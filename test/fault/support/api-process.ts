import { execFileSync, spawn, type ChildProcess, type ChildProcessByStdio, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Compiles the api and projector as `npm start` runs them (Nest needs the decorator metadata tsc emits). */
export function buildDist(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}

/** A free loopback port, so that restarts and parallel suites never collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ChildService {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
}

const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((file) => existsSync(file));

/**
 * A child process that never outlives the test process: an afterAll that timed out, or a jest worker
 * killed at the end of the run, would otherwise leave servers holding ports and PostgreSQL connections
 * (an orphaned FerretDB keeps 50) for every later suite. The kernel kills it when its parent dies
 * (`setpriv --pdeathsig`, which execs the command: the pid is the command's own), and a normal exit of
 * the test process kills it too.
 */
export function spawnTied(command: string, args: string[], options: SpawnOptionsWithStdioPipes): ChildProcessWithPipes {
  const child = setpriv ? spawn(setpriv, ['--pdeathsig', 'KILL', '--', command, ...args], options) : spawn(command, args, options);
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.removeListener('exit', orphanGuard));
  return child;
}

type SpawnOptionsWithStdioPipes = SpawnOptions & { stdio: ['ignore', 'pipe', 'pipe'] };
type ChildProcessWithPipes = ChildProcessByStdio<null, Readable, Readable>;

/** A Node child process in the repository's root, its output kept for diagnostics. */
export function startNode(args: string[], env: NodeJS.ProcessEnv): ChildService {
  let output = '';
  const child = spawnTied(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return { child, output: () => output, exited };
}

export interface ApiProcess extends ChildService {
  baseUrl: string;
}

/**
 * The api from `dist/` on the embedded stores in `dataDir`. The rate limit is lifted: these tests
 * are about faults, and 32 clients under one token would otherwise be throttled.
 */
export async function startApi(dataDir: string, port: number, env: NodeJS.ProcessEnv = {}, healthTimeoutMs = 30_000): Promise<ApiProcess> {
  const service = startNode([path.join(root, 'dist/apps/api/src/main.js')], {
    DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '10000000',
    ...env,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, service, healthTimeoutMs);
  } catch (error) {
    // Not left running behind the failure.
    await kill(service, 'SIGKILL');
    throw error;
  }
  return { ...service, baseUrl };
}

async function waitForHealth(baseUrl: string, service: ChildService, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.child.exitCode !== null) throw new Error(`the api exited during start-up:\n${service.output()}`);
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the api did not answer /health within ${timeoutMs} ms:\n${service.output()}`);
    await sleep(100);
  }
}

export async function kill(service: ChildService, signal: NodeJS.Signals): Promise<number | string> {
  if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill(signal);
  return service.exited;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
