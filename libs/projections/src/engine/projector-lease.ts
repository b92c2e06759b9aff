import type { ReadStore } from '#libs/read-store';
import { Sleeper } from './backoff.js';
import { describeError, type ProjectorLogger } from './projector-logger.js';

export interface LeaseOptions {
  /** This process, unique among the projector replicas (host name and pid, say). */
  owner: string;
  /**
   * Default 15 s (`PROJECTOR_LEASE_MS`). Renewed every third of it; a standby tries every fifth of it,
   * so that it takes over within one lease and one such interval of the holder's last renewal.
   */
  ttlMs?: number;
  /** Default `projector`. */
  name?: string;
}

/** After an attempt that failed (the store busy or away), the next one comes this soon, or at its usual time if sooner. */
export const LEASE_RETRY_AFTER_FAILURE_MS = 250;

/**
 * Keeps the projector lease in the read store so that of several projector processes one applies
 * events. The guard makes an overlap harmless to upserts and patches (two holders write the same
 * documents), not to counters kept by increments (docs/decisions/0008-increments-without-transactions.md):
 * it is given up when a renewal finds another owner, or when renewals have failed until the lease would have expired.
 */
export class ProjectorLease {
  private held = false;
  /** Attempts in a row that failed (not refused): the first of a run is logged. */
  private failures = 0;
  private heldUntil = 0;
  private stopped = false;
  private readonly sleeper = new Sleeper();
  private loop: Promise<void> | null = null;

  constructor(
    private readonly readStore: ReadStore,
    private readonly options: LeaseOptions,
    private readonly now: () => number,
    private readonly logger: ProjectorLogger,
    private readonly onAcquired: () => Promise<void>,
    private readonly onLost: () => Promise<void>,
  ) {}

  get ttlMs(): number {
    return this.options.ttlMs ?? 15_000;
  }

  get name(): string {
    return this.options.name ?? 'projector';
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** How often a standby tries to take the lease. */
  get attemptIntervalMs(): number {
    return this.ttlMs / 5;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.sleeper.wake();
    await this.loop;
    if (this.held) {
      this.held = false;
      await this.onLost();
      await this.readStore.releaseLease(this.name, this.options.owner).catch(() => undefined);
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const started = this.now();
      const answered = await this.renew();
      if (this.stopped) break;
      // Attempts keep their rate (the time an attempt took counts towards the interval), so that a
      // standby tries within one interval of the lease's expiry. One that failed (SQLITE_BUSY while
      // another process writes, a store away) is tried again soon with the time of then: the
      // attempt after it, not the next interval, decides.
      const interval = this.held ? this.ttlMs / 3 : this.attemptIntervalMs;
      const wait = answered ? interval : Math.min(interval, LEASE_RETRY_AFTER_FAILURE_MS);
      await this.sleeper.sleep(Math.max(0, started + wait - this.now()));
    }
  }

  /** False when the store did not answer (the attempt failed rather than being refused). */
  private async renew(): Promise<boolean> {
    const now = this.now();
    let granted: boolean;
    let answered = true;
    try {
      granted = await this.readStore.tryAcquireLease(this.name, this.options.owner, this.ttlMs, now);
      this.failures = 0;
    } catch (error) {
      answered = false;
      // One line per run of failures, not one per quick retry.
      if (this.failures++ === 0) this.logger.warn('lease renewal failed', { lease: this.name, error: describeError(error) });
      // Ours until it would have expired: the store may be back before then.
      if (this.held && now < this.heldUntil) return false;
      granted = false;
    }
    if (granted) {
      this.heldUntil = now + this.ttlMs;
      if (!this.held) {
        this.logger.info('lease acquired', { lease: this.name, owner: this.options.owner });
        try {
          await this.onAcquired();
          this.held = true;
        } catch (error) {
          // Not started: undo what did start, and try again at the next round.
          this.logger.warn('starting under the lease failed', { lease: this.name, error: describeError(error) });
          await this.onLost();
        }
      }
    } else if (this.held) {
      this.held = false;
      this.logger.warn('lease lost', { lease: this.name, owner: this.options.owner });
      await this.onLost();
    }
    return answered;
  }
}
