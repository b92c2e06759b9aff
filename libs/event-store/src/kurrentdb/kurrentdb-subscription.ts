import type { AllStreamSubscription } from '@kurrent/kurrentdb-client';
import type { EventFilter, RecordedEvent, Subscription } from '../event-store.port.js';
import { matchesFilter } from '../event-filter.js';
import { toPortError, toRecorded } from './kurrentdb-mapping.js';

/** A catch-up subscription to `$all`, seen through the port: our events only, strictly after `after`. */
export class KurrentDbSubscription implements Subscription {
  private closed = false;
  /** An error the source emitted before (or between) iterations: kept, and thrown by the iteration. */
  private failure: unknown = null;
  /**
   * Settles when the server has confirmed the subscription (it is live from there on), or when it
   * failed or was closed before that.
   */
  readonly started: Promise<void>;
  private settleStart: () => void = () => undefined;

  constructor(
    private readonly source: AllStreamSubscription,
    private readonly after: bigint | undefined,
    private readonly filter: EventFilter | undefined,
    private readonly onClose: (subscription: KurrentDbSubscription) => void,
  ) {
    // Without a listener an 'error' emitted before anyone iterates would crash the process.
    source.on('error', (error: unknown) => {
      this.failure ??= error;
    });
    this.started = new Promise<void>((resolve) => {
      this.settleStart = resolve;
      source.once('confirmation', resolve);
      source.once('error', () => resolve());
      source.once('close', resolve);
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.events();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.settleStart();
    this.onClose(this);
    await this.source.unsubscribe();
  }

  private async *events(): AsyncGenerator<RecordedEvent> {
    try {
      if (this.failure !== null) throw this.failure;
      for await (const resolved of this.source) {
        if (this.closed) return;
        const event = toRecorded(resolved);
        if (event === null || !matchesFilter(event, this.filter)) continue;
        if (this.after !== undefined && event.position <= this.after) continue;
        yield event;
      }
    } catch (error) {
      if (!this.closed) throw toPortError(error, '$all');
    }
  }
}
