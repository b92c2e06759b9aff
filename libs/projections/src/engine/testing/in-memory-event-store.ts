/**
 * A small EventStore for the engine's tests: events in an array, subscriptions that catch up then
 * follow appends, and a switch to make the next subscriptions fail.
 */
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  RecordedEvent,
  StoreHealth,
  SubscribeAllOptions,
  Subscription,
} from '#libs/event-store';

export class InMemoryEventStore implements EventStore {
  readonly adapter = 'memory';
  readonly events: RecordedEvent[] = [];
  /** Subscriptions opened so far. */
  subscriptionsOpened = 0;
  private readonly listeners = new Set<() => void>();
  /** The next this-many subscriptions throw after delivering `failAfterEvents` events. */
  private failures = { remaining: 0, afterEvents: 0 };

  failNextSubscriptions(count: number, afterEvents = 0): void {
    this.failures = { remaining: count, afterEvents };
  }

  async append(streamId: string, events: NewEvent[], _expected: ExpectedRevision): Promise<AppendResult> {
    let revision = this.events.filter((event) => event.streamId === streamId).length - 1;
    for (const event of events) {
      this.events.push({ ...event, streamId, revision: ++revision, position: BigInt(this.events.length + 1), recordedAt: new Date(0).toISOString() });
    }
    for (const listener of this.listeners) listener();
    return { streamId, revision, position: BigInt(this.events.length) };
  }

  async appendMulti(requests: AppendRequest[]): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    for (const request of requests) results.push(await this.append(request.streamId, request.events, request.expected));
    return results;
  }

  async *readStream(streamId: string): AsyncIterable<RecordedEvent> {
    yield* this.events.filter((event) => event.streamId === streamId);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const forwards = options.direction !== 'backwards';
    let events = forwards ? [...this.events] : [...this.events].reverse();
    if (options.after !== undefined) events = events.filter((event) => (forwards ? event.position > options.after! : event.position < options.after!));
    yield* events.slice(0, options.maxCount ?? events.length);
  }

  subscribeAll(options: SubscribeAllOptions): Subscription {
    this.subscriptionsOpened++;
    const failing = this.failures.remaining > 0;
    if (failing) this.failures.remaining--;
    const failAfter = this.failures.afterEvents;
    let next = options.from === 'start' ? 0 : options.from === 'end' ? this.events.length : Number(options.from.after);
    let closed = false;
    let wake: (() => void) | null = null;
    const listener = () => wake?.();
    this.listeners.add(listener);
    const { events, listeners } = this;
    async function* iterate(): AsyncGenerator<RecordedEvent> {
      let delivered = 0;
      try {
        while (!closed) {
          if (failing && delivered >= failAfter) throw new Error('subscription dropped');
          if (next < events.length) {
            delivered++;
            yield events[next++]!;
          } else {
            await new Promise<void>((resolve) => (wake = resolve));
          }
        }
      } finally {
        listeners.delete(listener);
      }
    }
    const iterator = iterate();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        closed = true;
        wake?.();
      },
    };
  }

  async streamRevision(streamId: string): Promise<number | null> {
    const count = this.events.filter((event) => event.streamId === streamId).length;
    return count === 0 ? null : count - 1;
  }

  async lastPosition(): Promise<bigint> {
    return BigInt(this.events.length);
  }

  async health(): Promise<StoreHealth> {
    return { ok: true, adapter: this.adapter };
  }

  async close(): Promise<void> {}
}
