import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../dist/apps/api/src/main.js', import.meta.url));
const PROJECTOR_MAIN = fileURLToPath(new URL('../../dist/apps/projector/src/main.js', import.meta.url));
const BARE_SERVERS = fileURLToPath(new URL('./bare-servers.ts', import.meta.url));

/** A free TCP port on the loopback interface. */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface ApiProcess {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the api and the projector (written when they stop). */
const nodeArgs = (): string[] => process.env['BENCH_API_NODE_ARGS']?.split(' ').filter(Boolean) ?? [];

const stopper = (child: ChildProcess) => (): Promise<void> =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** Starts `args` on a free port and waits until it answers GET /health. */
async function startServer(args: string[], env: Record<string, string>, hint: string): Promise<ApiProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.at(-1)} exited with code ${child.exitCode}; ${hint}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${args.at(-1)} did not answer /health within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { baseUrl, pid: child.pid!, stop: stopper(child) };
}

/**
 * The compiled api (npm run build) in its own process, so that the load generator does not share its
 * event loop. The rate limit is lifted: the benchmark is one token subject sending thousands a second.
 */
export function startApi(dataDir: string, env: Record<string, string> = {}): Promise<ApiProcess> {
  return startServer([...nodeArgs(), MAIN], { DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000000', ...env }, 'run npm run build first');
}

/** The compiled projector (apps/projector) on `dataDir`, for an api started with PROJECTOR=external. */
export function startProjector(dataDir: string): { pid: number; stop(): Promise<void> } {
  const child = spawn(process.execPath, [...nodeArgs(), PROJECTOR_MAIN], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', PROJECTOR_LAG_LOG_MS: '3600000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { pid: child.pid!, stop: stopper(child) };
}

/** A bare Node http server or a bare Nest app answering GET /health (bench/http/bare-servers.ts). */
export function startBareServer(kind: 'node' | 'nest'): Promise<ApiProcess> {
  return startServer(['--import', 'tsx', BARE_SERVERS, kind], {}, 'see bench/http/bare-servers.ts');
}

/**
 * CPU milliseconds a process has used so far (user and system, all its threads), from /proc; null off
 * Linux. Per request, a figure that the noise of a shared machine moves much less than requests/s.
 */
export function cpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}
