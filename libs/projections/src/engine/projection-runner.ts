import type { EventStore, RecordedEvent, Subscription } from '#libs/event-store';
import type { ReadStore } from '#libs/read-store';
import { backoffDelay, Sleeper, type BackoffOptions } from './backoff.js';
import { replayingFirst } from './event-batches.js';
import { projectBatch } from './project-batch.js';
import { subscriptionBatches } from './subscription-batches.js';
import type { Projection } from './projection.js';
import { collectionName, projectionKey } from './projection-names.js';
import { describeError, type ProjectorLogger } from './projector-logger.js';

export interface RunnerOptions {
  batchSize: number;
  maxBatchWaitMs: number;
  backoff: BackoffOptions;
  logger: ProjectorLogger;
  aroundBatch?: BatchObserver;
}

/** Runs around one batch of one projection (`projection` is its key, `workers_v1`); `apply` answers the documents written. */
export type BatchObserver = (projection: string, events: readonly RecordedEvent[], apply: () => Promise<number>) => Promise<number>;

/**
 * Runs one version of one projection: from its checkpoint, catch-up then live, in batches. Any
 * failure (subscription, read store, a handler) closes the subscription, waits with exponential
 * back-off, and starts again from the checkpoint; the `_position` guard makes the replay harmless.
 */
export class ProjectionRunner {
  /** Position of the last event applied and checkpointed; null before the first. */
  applied: bigint | null = null;
  /** The end of a batch begun and not finished, to replay exactly as it was; null when none. */
  private unfinished: bigint | null = null;
  /** Failures since the last batch that went through. */
  failures = 0;
  lastError: string | null = null;
  private stopped = false;
  private subscription: Subscription | null = null;
  private readonly sleeper = new Sleeper();
  private loop: Promise<void> | null = null;
  /** Indexes are created once per runner: resuming after a failure goes straight to the checkpoint. */
  private indexesEnsured = false;

  constructor(
    readonly projection: Projection,
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    private readonly options: RunnerOptions,
    /** Called when the runner has loaded its checkpoint and after every batch. */
    private readonly onProgress: (runner: ProjectionRunner) => Promise<void>,
  ) {}

  get key(): string {
    return projectionKey(this.projection.name, this.projection.version);
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.sleeper.wake();
    await this.subscription?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { logger, backoff, batchSize, maxBatchWaitMs, aroundBatch } = this.options;
    while (!this.stopped) {
      try {
        await this.prepare();
        this.subscription = this.eventStore.subscribeAll({ from: this.applied === null ? 'start' : { after: this.applied } });
        if (this.stopped) break;
        await this.onProgress(this);
        for await (const batch of replayingFirst(subscriptionBatches(this.subscription, batchSize, maxBatchWaitMs), this.unfinished)) {
          const last = batch[batch.length - 1]!.position;
          await (aroundBatch ? aroundBatch(this.key, batch, () => this.applyBatch(batch, last)) : this.applyBatch(batch, last));
          this.applied = last;
          this.failures = 0;
          this.lastError = null;
          await this.onProgress(this);
        }
        if (!this.stopped) throw new Error('subscription ended');
      } catch (error) {
        if (this.stopped) break;
        const delayMs = backoffDelay(this.failures++, backoff);
        this.lastError = describeError(error);
        logger.warn('projection failed; resuming from its checkpoint', {
          projection: this.key,
          applied: this.applied?.toString() ?? null,
          failures: this.failures,
          delayMs,
          error: this.lastError,
        });
        await this.closeSubscription();
        await this.sleeper.sleep(delayMs);
      } finally {
        await this.closeSubscription();
      }
    }
  }

  /** Projects one batch and writes it with its checkpoint; answers the documents written. */
  private async applyBatch(batch: readonly RecordedEvent[], last: bigint): Promise<number> {
    const writes = await projectBatch(this.projection, batch, this.readStore);
    // Increments first, as a batch begun: see docs/decisions/0008-increments-without-transactions.md.
    const increments = writes.filter((op) => op.type === 'increment');
    if (increments.length > 0) await this.readStore.applyPartialBatch(this.key, increments, last);
    await this.readStore.applyBatch(this.key, increments.length > 0 ? writes.filter((op) => op.type !== 'increment') : writes, last);
    return writes.length;
  }

  /** Indexes (idempotent; once), the checkpoint to resume from, and the batch to replay first if one was left unfinished. */
  private async prepare(): Promise<void> {
    const { name, version, indexes = {} } = this.projection;
    if (!this.indexesEnsured) {
      for (const [collection, fieldLists] of Object.entries(indexes)) {
        for (const fields of fieldLists) await this.readStore.ensureIndex(collectionName(name, version, collection), fields);
      }
      this.indexesEnsured = true;
    }
    this.applied = await this.readStore.getCheckpoint(this.key);
    const unfinished = await this.readStore.getUnfinishedBatch(this.key);
    this.unfinished = unfinished !== null && (this.applied === null || unfinished > this.applied) ? unfinished : null;
  }

  private async closeSubscription(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.close().catch(() => undefined);
  }
}
