import type { EventFilter, RecordedEvent, Subscription } from '../event-store.port.js';
import type { SqliteEventReader } from './sqlite-event-reader.js';

/** Wakes the live subscriptions of this process after each commit. */
export class CommitSignal {
  private waiters = new Set<() => void>();

  notify(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves at the next commit, after `timeoutMs`, or when `cancel` is called, whichever comes first. */
  wait(timeoutMs: number): { done: Promise<void>; cancel(): void } {
    let cancel = (): void => undefined;
    const done = new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      this.waiters.add(wake);
      cancel = wake;
    });
    return { done, cancel };
  }
}

/**
 * Catch-up and live are one loop: read every event after the last one delivered up to the current end
 * of the log, then wait for a commit of this process or the poll interval (which sees commits of other
 * processes on the same file), and go again. Positions are committed in order with no gaps, so reading
 * `position > last delivered` can neither miss, repeat nor reorder an event at the switch to live.
 */
export class SqliteSubscription implements Subscription {
  private closed = false;
  private pendingWait: { cancel(): void } | null = null;
  private iterated = false;

  constructor(
    private readonly reader: SqliteEventReader,
    private readonly signal: CommitSignal,
    private after: bigint,
    private readonly filter: EventFilter | undefined,
    private readonly pollIntervalMs: number,
    private readonly onClose: (subscription: SqliteSubscription) => void,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.iterated) throw new Error('a subscription can be iterated once');
    this.iterated = true;
    return this.run();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pendingWait?.cancel();
    this.onClose(this);
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    while (!this.closed) {
      const end = this.reader.lastPosition();
      if (end > this.after) {
        for await (const event of this.reader.forwards(this.after, end, this.filter)) {
          this.after = event.position;
          yield event;
          if (this.closed) return;
        }
        // Events the filter skipped are passed too: the next round starts from the end seen here.
        if (end > this.after) this.after = end;
        continue;
      }
      // Nothing new, checked in the same turn as the wait starts: no commit can slip in between.
      const wait = this.signal.wait(this.pollIntervalMs);
      this.pendingWait = wait;
      await wait.done;
      this.pendingWait = null;
    }
  }
}
