import type { Projection } from '#libs/projections';
import { Projector, projectionKey } from '#libs/projections';
import type { ReadStore } from '#libs/read-store';

/** Waits until every read model has applied an event position (the API's read-your-writes). */
export interface PositionWaiter {
  waitFor(position: bigint, timeoutMs: number): Promise<boolean>;
}

/** The projector runs in this process: it tells when it got there. */
export class EmbeddedPositionWaiter implements PositionWaiter {
  constructor(private readonly projector: Projector) {}

  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    return this.projector.waitForPosition(position, timeoutMs);
  }
}

/**
 * The embedded projector under a lease: while it holds the lease (it has runners) it tells when it got
 * there; while another process applies, the checkpoints in the read store do.
 */
export class LeasedPositionWaiter implements PositionWaiter {
  constructor(
    private readonly projector: Projector,
    private readonly checkpoints: PositionWaiter,
  ) {}

  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    return this.projector.status().length > 0 ? this.projector.waitForPosition(position, timeoutMs) : this.checkpoints.waitFor(position, timeoutMs);
  }
}

/** The projector runs elsewhere: poll the active versions' checkpoints in the read store. */
export class CheckpointPositionWaiter implements PositionWaiter {
  constructor(
    private readonly readStore: ReadStore,
    private readonly projections: readonly Projection[],
    private readonly pollMs = 50,
  ) {}

  async waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.reached(position)) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.pollMs, left)));
    }
  }

  private async reached(position: bigint): Promise<boolean> {
    const names = [...new Set(this.projections.map((projection) => projection.name))];
    const applied = await Promise.all(
      names.map(async (name) => {
        const version = await this.readStore.getActiveVersion(name);
        return version === null ? null : this.readStore.getCheckpoint(projectionKey(name, version));
      }),
    );
    return applied.every((checkpoint) => checkpoint !== null && checkpoint >= position);
  }
}
