import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventStore } from '#libs/event-store';
import type { Projector } from '#libs/projections';
import type { ReadStore } from '#libs/read-store';
import { aroundMethods } from '../shared/around-methods.js';

export const METRICS = Symbol('METRICS');

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * What a projector reports, wherever it runs: read-store write latency and documents written per
 * projection, and (`watchProjector`) each projection's lag and applied position. The projector process
 * serves these alone (`apps/projector/src/metrics-server.ts`); the api serves them with its own.
 */
export class ProjectorMetrics {
  readonly registry = new Registry();

  readonly readStoreWriteDuration = new Histogram({
    name: 'read_store_write_duration_seconds',
    help: "Read-store batch writes by projection (documents and checkpoint in one write)",
    labelNames: ['projection'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly documentsWritten = new Counter({
    name: 'read_store_documents_written_total',
    help: 'Documents written by each projection: its apply rate is rate() of this',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Lag and applied position of each projection version the projector runs, read at scrape time. */
  watchProjector(projector: Projector): void {
    let lag: Awaited<ReturnType<Projector['lag']>> = [];
    // Both gauges are collected together on a scrape: they share one read of the projector's lag.
    let pending: Promise<void> | null = null;
    const refresh = (): Promise<void> =>
      (pending ??= projector
        .lag()
        .then((latest) => void (lag = latest))
        .catch(() => undefined)
        .finally(() => (pending = null)));
    new Gauge({
      name: 'projection_lag_events',
      help: "How far each projection is behind the event store's last position",
      labelNames: ['projection', 'version', 'active'] as const,
      registers: [this.registry],
      async collect() {
        await refresh();
        this.reset();
        for (const l of lag) this.set({ projection: l.projection, version: String(l.version), active: String(l.active) }, Number(l.behind));
      },
    });
    new Gauge({
      name: 'projection_applied_position',
      help: 'The last event position each projection has applied (rate() of it is the apply rate in positions per second)',
      labelNames: ['projection', 'version', 'active'] as const,
      registers: [this.registry],
      async collect() {
        await refresh();
        this.reset();
        for (const l of lag) this.set({ projection: l.projection, version: String(l.version), active: String(l.active) }, Number(l.applied ?? -1n));
      },
    });
  }
}

/**
 * The api's Prometheus metrics, one registry per application (tests run several in one process):
 * the projector's when it is embedded, and the requests', commands' and appends'. `GET /metrics`
 * serves them (metrics.controller.ts); the README lists them.
 */
export class Metrics extends ProjectorMetrics {
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'commands_total',
    help: 'Commands by type and outcome (accepted, replayed from an Idempotency-Key, or rejected), rejections by problem code',
    labelNames: ['command', 'outcome', 'code'] as const,
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'event_store_append_duration_seconds',
    help: 'Event-store appends (one command, one transaction), by outcome',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
}

/** `rate_limit_store_up`: 1 while the rate limit's store answers, 0 while requests go unlimited (Redis away). */
export function watchRateLimiter(metrics: Metrics, limiter: { state(): { store: string; up: boolean } }): void {
  new Gauge({
    name: 'rate_limit_store_up',
    help: "Whether the rate limit's store (memory, or Redis with RATE_LIMIT_REDIS_URL) answers: 0 means requests are not limited",
    labelNames: ['store'] as const,
    registers: [metrics.registry],
    collect() {
      const state = limiter.state();
      this.reset();
      this.set({ store: state.store }, state.up ? 1 : 0);
    },
  });
}

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

async function timed<T>(work: () => Promise<T>, done: (seconds: number, ok: boolean) => void): Promise<T> {
  const start = process.hrtime.bigint();
  try {
    const result = await work();
    done(seconds(start), true);
    return result;
  } catch (error) {
    done(seconds(start), false);
    throw error;
  }
}

/** The event store, with its appends timed. */
export function instrumentEventStore(store: EventStore, metrics: Metrics): EventStore {
  const observe = (s: number, ok: boolean) => metrics.appendDuration.observe({ outcome: ok ? 'ok' : 'error' }, s);
  return aroundMethods(store, ['append', 'appendMulti'], (_method, _args, call) => timed(call, observe));
}

/** The read store, with the projector's batch writes timed and counted per projection. */
export function instrumentReadStore(store: ReadStore, metrics: ProjectorMetrics): ReadStore {
  return aroundMethods(store, ['applyBatch', 'applyPartialBatch'], (_method, args, call) => {
    const [projection, ops] = args as [string, readonly unknown[]];
    return timed(call, (s, ok) => {
      metrics.readStoreWriteDuration.observe({ projection }, s);
      if (ok) metrics.documentsWritten.inc({ projection }, ops.length);
    });
  });
}
