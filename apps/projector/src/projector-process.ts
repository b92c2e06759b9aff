import { hostname } from 'node:os';
import { createEventStore, type EventStore } from '#libs/event-store';
import { consoleProjectorLogger, Projector, readModelProjections, withSharedCatchUp, type Projection, type ProjectorLogger } from '#libs/projections';
import { createReadStore, type ReadStore } from '#libs/read-store';
import { type AppConfig, loadReferenceData, type Tracing } from '#libs/runtime';
import { instrumentReadStore, type ProjectorMetrics } from '#libs/runtime/metrics/metrics';
import { traceProjectionBatches } from '#libs/runtime/tracing/traced-stores';

export interface ProjectorProcess {
  projector: Projector;
  eventStore: EventStore;
  readStore: ReadStore;
  /** Stops applying (releasing the lease), then closes the stores. */
  close(): Promise<void>;
}

/**
 * The stores named by the configuration and a Projector over every read model. With `metrics`: the read
 * store's writes timed and counted, each projection's lag and applied position read at scrape time.
 * With `tracing` (traces on): each batch a projection applies in a span.
 */
export async function openProjector(
  config: AppConfig,
  options: { lease: boolean; logger?: ProjectorLogger; projections?: readonly Projection[]; metrics?: ProjectorMetrics; tracing?: Tracing },
): Promise<ProjectorProcess> {
  const eventStore = await createEventStore(config.eventStore);
  // Its own thread for the batch writes: the projector then projects while it writes (bench/rebuild).
  const opened = await createReadStore(config.readStore.kind === 'sqlite' ? { ...config.readStore, writerThread: true } : config.readStore);
  const readStore = options.metrics ? instrumentReadStore(opened, options.metrics) : opened;
  // One read of the log for every projection while they catch up (bench/rebuild).
  const projector = new Projector(withSharedCatchUp(eventStore), readStore, options.projections ?? readModelProjections(loadReferenceData()), {
    logger: options.logger ?? consoleProjectorLogger,
    ...(options.tracing ? { aroundBatch: traceProjectionBatches(options.tracing) } : {}),
    // Replicas share one lease in the read store: one applies, the others wait to take over.
    ...(options.lease ? { lease: { owner: `${hostname()}:${process.pid}`, ttlMs: config.projectorLeaseMs } } : {}),
  });
  options.metrics?.watchProjector(projector);
  return {
    projector,
    eventStore,
    readStore,
    close: async () => {
      await projector.stop();
      await readStore.close();
      await eventStore.close();
    },
  };
}
