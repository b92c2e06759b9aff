export interface BackoffOptions {
  /** First delay. Default 100 ms. */
  initialMs?: number;
  /**
   * Ceiling. Default 2 s: the projector promises to apply again within 5 s of its store working again
   * (a read with `X-Min-Position` waits 5 s), so no wait may outlast that, however long the outage was.
   * A 30 s ceiling kept the read models 503 for up to half a minute after a full disk was freed.
   */
  maxMs?: number;
}

/** The default ceiling of `backoffDelay`. */
export const MAX_BACKOFF_MS = 2000;

/** Exponential: initialMs, twice that, four times... up to maxMs; attempt counts from 0. */
export function backoffDelay(attempt: number, { initialMs = 100, maxMs = MAX_BACKOFF_MS }: BackoffOptions = {}): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}

/** A sleep that `wake()` ends early, so that stopping does not wait out a long back-off. */
export class Sleeper {
  private wakeUp: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }

  wake(): void {
    clearTimeout(this.timer);
    this.wakeUp?.();
    this.wakeUp = null;
  }
}
