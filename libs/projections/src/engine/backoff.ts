export interface BackoffOptions {
  /** First delay. Default 100 ms. */
  initialMs?: number;
  /** Ceiling. Default 30 s. */
  maxMs?: number;
}

/** Exponential: initialMs, twice that, four times... up to maxMs; attempt counts from 0. */
export function backoffDelay(attempt: number, { initialMs = 100, maxMs = 30_000 }: BackoffOptions = {}): number {
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
