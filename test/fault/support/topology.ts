import { freePort, kill, startApi, type ApiProcess, type ChildService } from './api-process.js';
import { startProjector, type ReadStoreUnderTest } from './projector-processes.js';
import { RoundRobinProxy } from './round-robin-proxy.js';

/**
 * How long an api may take to answer /health after it was started (or restarted under load). Its start
 * costs about 3 s of CPU: 3–5 s on two cores at a load average of 3, up to 20 s at 10 (the machine
 * shared with other work); twice that is the bound.
 */
export const START_TIMEOUT_MS = 60_000;

export interface TopologyOptions {
  apis: number;
  projectors: number;
  /** The environment every api and projector process shares: stores, secrets, lease. */
  env: NodeJS.ProcessEnv;
  readStore: ReadStoreUnderTest;
  /** DATA_DIR of the api and projector number `index` (each its own: nothing may depend on it). */
  dataDir(role: 'api' | 'projector', index: number): string;
}

/**
 * Several api processes (the projector not embedded) and several projector processes (one applying
 * under the lease) on shared stores, the apis behind a round-robin proxy. Every process it started is
 * tracked, so that `stop` ends them all, whatever happened before.
 */
export class Topology {
  readonly apis: Array<ApiProcess | null>;
  readonly projectors: Array<ChildService | null>;
  private readonly everyProcess: ChildService[] = [];

  private constructor(
    private readonly options: TopologyOptions,
    private readonly ports: number[],
    readonly proxy: RoundRobinProxy,
  ) {
    this.apis = ports.map(() => null);
    this.projectors = Array.from({ length: options.projectors }, () => null);
  }

  static async start(options: TopologyOptions, onCreated: (topology: Topology) => void): Promise<Topology> {
    const ports: number[] = [];
    for (let i = 0; i < options.apis; i++) ports.push(await freePort());
    const proxy = await RoundRobinProxy.start(ports.map((port) => `http://127.0.0.1:${port}`));
    const topology = new Topology(options, ports, proxy);
    // Known to the caller before anything may fail: it stops what was started.
    onCreated(topology);
    // One after another: on two busy cores, five processes starting at once take minutes.
    for (let i = 0; i < options.apis; i++) await topology.startApi(i);
    for (let i = 0; i < options.projectors; i++) topology.startProjector(i);
    return topology;
  }

  get url(): string {
    return this.proxy.url;
  }

  apiUrl(index: number): string {
    return `http://127.0.0.1:${this.ports[index]}`;
  }

  async startApi(index: number): Promise<ApiProcess> {
    const env = { ...this.options.env, ...this.options.readStore.env, PROJECTOR: 'external' };
    const api = await startApi(this.options.dataDir('api', index), this.ports[index]!, env, START_TIMEOUT_MS).catch((error: unknown) => {
      throw new Error(`api ${index} did not start: ${error instanceof Error ? error.message : String(error)}`);
    });
    this.everyProcess.push(api);
    this.apis[index] = api;
    return api;
  }

  startProjector(index: number): ChildService {
    const projector = startProjector(this.options.dataDir('projector', index), this.options.readStore, this.options.env, true);
    this.everyProcess.push(projector);
    this.projectors[index] = projector;
    return projector;
  }

  /** The index of the projector that holds the lease now (by what it logged), if any. */
  leaseHolder(): number | null {
    const index = this.projectors.findIndex((projector) => projector !== null && holdsLease(projector));
    return index < 0 ? null : index;
  }

  async killApi(index: number): Promise<void> {
    const api = this.apis[index];
    this.apis[index] = null;
    if (api) await kill(api, 'SIGKILL');
  }

  async killProjector(index: number): Promise<void> {
    const projector = this.projectors[index];
    this.projectors[index] = null;
    if (projector) await kill(projector, 'SIGKILL');
  }

  /** SIGTERM to every running process, as an operator stops them: resolves with their exit codes. */
  async terminate(): Promise<Array<number | string>> {
    const running = [...this.apis, ...this.projectors].filter((service): service is ChildService => service !== null);
    return Promise.all(running.map((service) => kill(service, 'SIGTERM')));
  }

  /** Ends every process this topology ever started that is still there, and the proxy. */
  async stop(): Promise<void> {
    await Promise.all(this.everyProcess.map((service) => kill(service, 'SIGKILL')));
    await this.proxy.close();
  }

  /** The output of every process started, for a failure's diagnostics (the last part of each). */
  diagnostics(): string {
    return this.everyProcess.map((service, i) => `--- process ${i} (pid ${service.child.pid})\n${service.output().slice(-1500)}`).join('\n');
  }
}

/** A projector process holds the lease once it logged taking it more often than losing it. */
export function holdsLease(projector: ChildService): boolean {
  const output = projector.output();
  return count(output, 'lease acquired') > count(output, 'lease lost');
}

const count = (text: string, phrase: string): number => text.split(phrase).length - 1;
