import type { ReadStore } from '#libs/read-store';
import { Sleeper } from './backoff.js';
import { describeError, type ProjectorLogger } from './projector-logger.js';

export interface LeaseOptions {
  /** This process, unique among the projector replicas (host name and pid, say). */
  owner: string;
  /** Default 15 s. Renewed every third of it; a standby tries every fifth of it. */
  ttlMs?: number;
  /** Default `projector`. */
  name?: string;
}

/**
 * Keeps the projector lease in the read store so that of several projector processes one applies
 * events. The guard makes an overlap harmless to upserts and patches (two holders write the same
 * documents), not to counters kept by increments (docs/decisions/0008-increments-without-transactions.md):
 * it is given up when a renewal finds another owner, or when renewals have failed until the lease would have expired.
 */
export class ProjectorLease {
  private held = false;
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
      await this.renew();
      if (this.stopped) break;
      // A standby tries often enough to take over soon after the lease expires, even when an
      // attempt of its own fails (SQLITE_BUSY while the holder commits a large batch, say).
      await this.sleeper.sleep(this.held ? this.ttlMs / 3 : this.ttlMs / 5);
    }
  }

  private async renew(): Promise<void> {
    const now = this.now();
    let granted: boolean;
    try {
      granted = await this.readStore.tryAcquireLease(this.name, this.options.owner, this.ttlMs, now);
    } catch (error) {
      this.logger.warn('lease renewal failed', { lease: this.name, error: describeError(error) });
      // Ours until it would have expired: the store may be back before then.
      granted = this.held && now < this.heldUntil;
      if (granted) return;
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
  }
}
