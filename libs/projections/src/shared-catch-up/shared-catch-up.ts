import type { EventStore, RecordedEvent, SubscribeAllOptions, Subscription } from '#libs/event-store';
import { eventBatches } from '../engine/event-batches.js';
import { rebatched, type BatchingSubscription } from '../engine/subscription-batches.js';

export interface SharedCatchUpOptions {
  /** Events per page read from the store. Default 1000. */
  pageSize?: number;
  /**
   * Pages kept for the other subscriptions to reuse. Default 16 (memory: about that many thousand
   * events); the runners stay within half of it of each other, enough for batches of 5000.
   */
  cachedPages?: number;
}

/**
 * The projector runs one subscription per projection version, each reading and parsing the whole
 * log: on a rebuild of nine read models, reading dominated (bench/rebuild). This store shares the
 * catch-up: unfiltered subscriptions read the log in pages that the others reuse while they are
 * still cached, and switch to the store's own live subscription at the end of the log. The shared
 * events are read-only to everyone (projections never mutate events).
 */
export function withSharedCatchUp(store: EventStore, options: SharedCatchUpOptions = {}): EventStore {
  const pages = new SharedPages(store, options.pageSize ?? 1000, options.cachedPages ?? 16);
  return new Proxy(store, {
    get(target, property) {
      if (property === 'subscribeAll') {
        return (subscribe: SubscribeAllOptions): Subscription =>
          subscribe.filter ? target.subscribeAll(subscribe) : new SharedCatchUpSubscription(target, pages, subscribe.from);
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Pages keyed by the position they start after; the oldest is dropped first. A subscription that
 * gets half the cache ahead of another waits for it, so that every page is read once and memory
 * stays bounded (a rebuild ends with its slowest projection anyway). One that starts far ahead (a
 * caught-up projection beside a new version building from 0) is independent and never waits.
 *
 * Distances are counted in pages, following the chain of pages read, never as a difference of
 * positions: positions have gaps on PostgreSQL and KurrentDB (byte offsets there), so a difference
 * says nothing about how many events lie between.
 */
class SharedPages {
  private readonly cache = new Map<bigint, Promise<RecordedEvent[]>>();
  /** Key of a full page → key of the page after it; kept for more pages than the cache holds. */
  private readonly nextPage = new Map<bigint, bigint>();
  private readonly positions = new Map<object, bigint>();
  private waiters: Array<() => void> = [];

  constructor(
    private readonly store: EventStore,
    readonly pageSize: number,
    private readonly capacity: number,
  ) {}

  page(after: bigint | null): Promise<RecordedEvent[]> {
    const key = after ?? -1n;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const loading = this.read(after);
    this.cache.set(key, loading);
    loading.then(
      (events) => {
        if (events.length < this.pageSize) return;
        this.nextPage.set(key, events[events.length - 1]!.position);
        if (this.nextPage.size > 4 * this.capacity) this.nextPage.delete(this.nextPage.keys().next().value!);
      },
      () => undefined,
    );
    // A failed read is not kept: the next caller tries again.
    loading.catch(() => this.cache.delete(key));
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
    return loading;
  }

  /** Records where `reader` is, then waits while it is too far ahead of the slowest reader. */
  async advance(reader: object, after: bigint | null): Promise<void> {
    this.positions.set(reader, after ?? -1n);
    this.wakeAll();
    while (this.tooFarAhead(reader)) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** The reader caught up, was closed or failed: nobody waits for it any more. */
  leave(reader: object): void {
    this.positions.delete(reader);
    this.wakeAll();
  }

  /** More than half the cache ahead of another reader, but within the cache (further ahead: independent). */
  private tooFarAhead(reader: object): boolean {
    const position = this.positions.get(reader);
    if (position === undefined) return false;
    const maxLead = this.capacity / 2;
    for (const other of this.positions.values()) {
      const lead = this.pagesBetween(other, position);
      if (lead > maxLead && lead <= this.capacity) return true;
    }
    return false;
  }

  /** Pages from `from` to `to` along the chain of pages read; Infinity when `to` is not reached within the cache. */
  private pagesBetween(from: bigint, to: bigint): number {
    let key = from;
    for (let pages = 0; pages <= this.capacity; pages++) {
      if (key === to) return pages;
      const next = this.nextPage.get(key);
      if (next === undefined) return Number.POSITIVE_INFINITY;
      key = next;
    }
    return Number.POSITIVE_INFINITY;
  }

  private wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private async read(after: bigint | null): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of this.store.readAll({ direction: 'forwards', maxCount: this.pageSize, ...(after === null ? {} : { after }) })) events.push(event);
    return events;
  }
}

class SharedCatchUpSubscription implements BatchingSubscription {
  private closed = false;
  private live: Subscription | null = null;
  /** The last event handed over: where the live subscription starts. */
  private after: bigint | null;

  constructor(
    private readonly store: EventStore,
    private readonly pages: SharedPages,
    private readonly from: SubscribeAllOptions['from'],
  ) {
    this.after = from === 'start' || from === 'end' ? null : from.after;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pages.leave(this);
    await this.live?.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    for await (const page of this.catchUp()) {
      for (const event of page) {
        if (this.closed) return;
        this.after = event.position;
        yield event;
      }
    }
    if (!this.closed) yield* this.follow();
  }

  /** Whole pages while catching up (read-only, shared with the other subscriptions), then live events grouped as they come. */
  async *batches(size: number, maxWaitMs: number): AsyncGenerator<RecordedEvent[]> {
    for await (const batch of rebatched(this.catchUp(), size)) {
      if (this.closed) return;
      this.after = batch[batch.length - 1]!.position;
      yield batch;
    }
    if (!this.closed) yield* eventBatches(this.follow(), size, maxWaitMs);
  }

  /** Shared pages from `after` while they are full; a short page is the end of the log for now. */
  private async *catchUp(): AsyncGenerator<readonly RecordedEvent[]> {
    if (this.from === 'end') return;
    let after = this.after;
    try {
      while (!this.closed) {
        await this.pages.advance(this, after);
        const page = await this.pages.page(after);
        if (page.length > 0) yield page;
        if (page.length < this.pages.pageSize) break;
        after = page[page.length - 1]!.position;
      }
    } finally {
      this.pages.leave(this);
    }
  }

  private async *follow(): AsyncGenerator<RecordedEvent> {
    this.live = this.store.subscribeAll({ from: this.from === 'end' ? 'end' : this.after === null ? 'start' : { after: this.after } });
    if (this.closed) await this.live.close();
    yield* this.live;
  }
}
