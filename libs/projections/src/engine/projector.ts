import type { EventStore } from '#libs/event-store';
import type { BatchObserver } from './projection-runner.js';
import type { ReadStore } from '#libs/read-store';
import type { BackoffOptions } from './backoff.js';
import type { Projection } from './projection.js';
import { assertProjectionDefinition, projectionKey, versionOfCollection } from './projection-names.js';
import { ProjectionRunner } from './projection-runner.js';
import { ProjectorLease, type LeaseOptions } from './projector-lease.js';
import { consoleProjectorLogger, describeError, type ProjectorLogger } from './projector-logger.js';

export interface ProjectorOptions {
  /**
   * Most events per batch. Default 5000: while catching up, batches are full, and larger ones write
   * each document once for more of its events (a rebuild ran about 20 % faster than with 1000; at
   * 20,000 it was slower again); live batches are as large as what arrived within `maxBatchWaitMs`.
   */
  batchSize?: number;
  /** Longest a partial batch waits for more events. Default 20 ms. */
  maxBatchWaitMs?: number;
  backoff?: BackoffOptions;
  /** How long a version that was taken over stays before it is dropped (queries may still read it). Default 60 s. */
  retireDelayMs?: number;
  /** Set when several projector processes run: only the lease holder applies events. */
  lease?: LeaseOptions;
  logger?: ProjectorLogger;
  now?: () => number;
  /** Runs around each batch a projection applies (a trace span); `apply` answers the documents written. */
  aroundBatch?: BatchObserver;
}

export interface ProjectionLag {
  projection: string;
  version: number;
  active: boolean;
  applied: bigint | null;
  /** Position of the last event in the store; null when it is empty. */
  head: bigint | null;
  /** `head - applied`: an event count on SQLite, a log distance on KurrentDB. */
  behind: bigint;
  caughtUp: boolean;
}

export interface ProjectionStatus {
  projection: string;
  version: number;
  active: boolean;
  applied: bigint | null;
  failures: number;
  lastError: string | null;
}

interface Waiter {
  position: bigint;
  resolve(reached: boolean): void;
}

/**
 * Runs projections from the event store into the read store. Per projection name, the active
 * version is the one queries read (`getActiveVersion` in the read store); registered versions above
 * it build beside it from position 0 and take over when caught up, and the old one is dropped
 * after `retireDelayMs`.
 */
export class Projector {
  private readonly byName = new Map<string, Projection[]>();
  private readonly active = new Map<string, number>();
  private runners: ProjectionRunner[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly retireTimers = new Set<NodeJS.Timeout>();
  private readonly lease: ProjectorLease | null;
  private readonly logger: ProjectorLogger;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    projections: readonly Projection[],
    private readonly options: ProjectorOptions = {},
  ) {
    this.logger = options.logger ?? consoleProjectorLogger;
    for (const projection of projections) {
      assertProjectionDefinition(projection);
      const versions = this.byName.get(projection.name) ?? [];
      if (versions.some((other) => other.version === projection.version)) {
        throw new Error(`projection ${projectionKey(projection.name, projection.version)} registered twice`);
      }
      this.byName.set(projection.name, [...versions, projection].sort((a, b) => a.version - b.version));
    }
    this.lease = options.lease
      ? new ProjectorLease(readStore, options.lease, options.now ?? Date.now, this.logger, () => this.startRunners(), () => this.stopRunners())
      : null;
  }

  /** Starts applying (at once, or when the lease is acquired). */
  async start(): Promise<void> {
    if (this.lease) this.lease.start();
    else await this.startRunners();
  }

  async stop(): Promise<void> {
    if (this.lease) await this.lease.stop();
    else await this.stopRunners();
    for (const timer of this.retireTimers) clearTimeout(timer);
    this.retireTimers.clear();
    for (const waiter of this.waiters) waiter.resolve(false);
    this.waiters.clear();
  }

  /**
   * Resolves true once every active projection has applied the event at `position` (the API's
   * read-your-writes), false after `timeoutMs`.
   */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.reached(position)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => waiter.resolve(false), timeoutMs);
      const waiter: Waiter = {
        position,
        resolve: (reached) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(reached);
        },
      };
      this.waiters.add(waiter);
    });
  }

  async lag(): Promise<ProjectionLag[]> {
    const head = await this.head();
    return this.runners.map((runner) => ({
      projection: runner.projection.name,
      version: runner.projection.version,
      active: this.isActive(runner),
      applied: runner.applied,
      head,
      behind: head === null ? 0n : head - (runner.applied ?? 0n),
      caughtUp: this.caughtUp(runner, head),
    }));
  }

  status(): ProjectionStatus[] {
    return this.runners.map((runner) => ({
      projection: runner.projection.name,
      version: runner.projection.version,
      active: this.isActive(runner),
      applied: runner.applied,
      failures: runner.failures,
      lastError: runner.lastError,
    }));
  }

  /** Drops the active version's documents and checkpoint and projects it again from position 0. */
  async rebuild(name: string): Promise<void> {
    const version = this.active.get(name);
    const runner = this.runners.find((r) => r.projection.name === name && r.projection.version === version);
    if (version === undefined || !runner) throw new Error(`projection ${name} is not running here`);
    await runner.stop();
    this.runners = this.runners.filter((r) => r !== runner);
    await this.dropVersion(name, version);
    this.logger.info('rebuilding', { projection: projectionKey(name, version) });
    this.startRunner(runner.projection);
  }

  private async startRunners(): Promise<void> {
    for (const [name, versions] of this.byName) {
      let active = await this.readStore.getActiveVersion(name);
      if (active === null) {
        // Nothing to serve yet: the newest version is the one to build and read.
        active = versions[versions.length - 1]!.version;
        await this.readStore.setActiveVersion(name, active);
      }
      this.active.set(name, active);
      await this.dropVersionsBelow(name, active);
      const runnable = versions.filter((projection) => projection.version >= active);
      if (runnable.length === 0) this.logger.warn('the active version is newer than any registered here; not running it', { projection: name, active });
      for (const projection of runnable) this.startRunner(projection);
    }
  }

  private async stopRunners(): Promise<void> {
    const runners = this.runners;
    this.runners = [];
    await Promise.all(runners.map((runner) => runner.stop()));
  }

  private startRunner(projection: Projection): void {
    const runner = new ProjectionRunner(
      projection,
      this.eventStore,
      this.readStore,
      {
        batchSize: this.options.batchSize ?? 5000,
        maxBatchWaitMs: this.options.maxBatchWaitMs ?? 20,
        backoff: this.options.backoff ?? {},
        logger: this.logger,
        ...(this.options.aroundBatch ? { aroundBatch: this.options.aroundBatch } : {}),
      },
      (r) => this.onProgress(r),
    );
    this.runners.push(runner);
    runner.start();
  }

  private async onProgress(runner: ProjectionRunner): Promise<void> {
    for (const waiter of this.waiters) if (this.reached(waiter.position)) waiter.resolve(true);
    const { name, version } = runner.projection;
    if (version > (this.active.get(name) ?? 0) && this.caughtUp(runner, await this.head())) await this.takeOver(runner);
  }

  /** The caught-up version becomes the one queries read; the versions below it stop, then go. */
  private async takeOver(runner: ProjectionRunner): Promise<void> {
    const { name, version } = runner.projection;
    await this.readStore.setActiveVersion(name, version);
    this.active.set(name, version);
    this.logger.info('version took over', { projection: projectionKey(name, version), applied: runner.applied?.toString() ?? null });
    const retired = this.runners.filter((r) => r.projection.name === name && r.projection.version < version);
    this.runners = this.runners.filter((r) => !retired.includes(r));
    await Promise.all(retired.map((r) => r.stop()));
    const retire = () => this.dropVersionsBelow(name, version);
    const delayMs = this.options.retireDelayMs ?? 60_000;
    if (delayMs === 0) {
      await retire();
      return;
    }
    const timer = setTimeout(() => {
      this.retireTimers.delete(timer);
      retire().catch((error: unknown) => this.logger.warn('dropping a retired version failed', { projection: name, error: describeError(error) }));
    }, delayMs);
    timer.unref();
    this.retireTimers.add(timer);
  }

  private async dropVersionsBelow(name: string, active: number): Promise<void> {
    const versions = new Set<number>();
    for (const collection of await this.readStore.listCollections(`${name}_v`)) {
      const version = versionOfCollection(name, collection);
      if (version !== null && version < active) versions.add(version);
    }
    for (const version of versions) await this.dropVersion(name, version);
  }

  private async dropVersion(name: string, version: number): Promise<void> {
    await this.readStore.dropCollections(`${projectionKey(name, version)}_`);
    await this.readStore.deleteCheckpoint(projectionKey(name, version));
  }

  private isActive(runner: ProjectionRunner): boolean {
    return this.active.get(runner.projection.name) === runner.projection.version;
  }

  private reached(position: bigint): boolean {
    const active = this.runners.filter((runner) => this.isActive(runner));
    return active.length > 0 && active.every((runner) => runner.applied !== null && runner.applied >= position);
  }

  private caughtUp(runner: ProjectionRunner, head: bigint | null): boolean {
    return head === null || (runner.applied !== null && runner.applied >= head);
  }

  /** Position of the last event in the store, null when empty. */
  private async head(): Promise<bigint | null> {
    for await (const event of this.eventStore.readAll({ direction: 'backwards', maxCount: 1 })) return event.position;
    return null;
  }
}
