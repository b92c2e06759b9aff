import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { root, sleep, spawnTied } from './api-process.js';

/** The FerretDB binary `scripts/ferretdb.sh` builds (or one installed with `go install`), if there is one. */
export function ferretDbBinary(): string | null {
  const candidates = [path.join(root, '.tools/ferretdb'), path.join(os.homedir(), 'go/bin/ferretdb')];
  return candidates.find((file) => existsSync(file)) ?? null;
}

/**
 * A FerretDB of this test's own, on its own port and the machine's PostgreSQL (as scripts/ferretdb.sh
 * configures it): stopping it disturbs no other suite that uses the shared one.
 */
export class FerretDbInstance {
  private process: ChildProcess | null = null;
  private log = '';

  constructor(
    private readonly binary: string,
    readonly port: number,
  ) {}

  url(database: string): string {
    return `mongodb://127.0.0.1:${this.port}/${database}`;
  }

  async start(timeoutMs = 30_000): Promise<void> {
    const pg = `postgres://postgres@${process.env['FERRETDB_PG_HOST'] ?? '127.0.0.1'}:${process.env['FERRETDB_PG_PORT'] ?? '5432'}/${process.env['FERRETDB_PG_DATABASE'] ?? 'ferretdb'}`;
    const child = spawnTied(this.binary, [`--listen-addr=127.0.0.1:${this.port}`, '--handler=postgresql', `--postgresql-url=${pg}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.process = child;
    const deadline = Date.now() + timeoutMs;
    while (!(await this.ping())) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`FerretDB did not start on port ${this.port}:\n${this.log.slice(-2000)}`);
      await sleep(200);
    }
  }

  /** Stops the server abruptly: every open connection drops. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async ping(): Promise<boolean> {
    const client = new MongoClient(this.url('admin'), { serverSelectionTimeoutMS: 500 });
    try {
      await client.db('admin').command({ ping: 1 });
      return true;
    } catch {
      return false;
    } finally {
      await client.close();
    }
  }
}
