import pg from 'pg';
import type { EventFilter, RecordedEvent, Subscription } from '../event-store.port.js';
import { NOTIFY_CHANNEL } from './postgresql-schema.js';

/**
 * Counts the commits this process has heard of: NOTIFY from any process (one LISTEN connection per
 * store) and its own appends. A waiter passes the count it saw before reading, so a commit that lands
 * between the read and the wait is never slept through.
 */
export class CommitListener {
  private generation = 0;
  private waiters = new Set<() => void>();
  private client: pg.Client | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(private readonly connectionString: string) {}

  get seen(): number {
    return this.generation;
  }

  /** Whether the LISTEN connection is up; while it is down, waits end after the short poll interval. */
  get listening(): boolean {
    return this.client !== null;
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5000 });
    client.on('notification', () => this.notify());
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    await client.connect();
    try {
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    // Commits made while no connection listened are found by this wake-up's read.
    this.notify();
  }

  notify(): void {
    this.generation++;
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves at once if a commit was heard since `seen`, else at the next one, after `timeoutMs`, or on `cancel`. */
  wait(seen: number, timeoutMs: number): { done: Promise<void>; cancel(): void } {
    if (this.generation !== seen || this.closed) return { done: Promise.resolve(), cancel: () => undefined };
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

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    this.notify();
    await client?.end().catch(() => undefined);
  }

  /** The LISTEN connection died (server restart, network): wake everyone, then try again every second. */
  private lost(client: pg.Client): void {
    if (this.client === client) this.client = null;
    client.end().catch(() => undefined);
    this.notify();
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.closed || this.client) return;
      this.start().catch(() => this.lost(client));
    }, 1000);
  }
}

/** A page of a subscription's read, and the highest position the same snapshot saw. */
export interface LivePage {
  events: RecordedEvent[];
  head: bigint;
}

export interface LiveReader {
  /** Events after `after` that pass the filter, up to `limit`, and the head of the log in the same snapshot. */
  livePage(after: bigint, filter: EventFilter | undefined, limit: number): Promise<LivePage>;
}

/**
 * Catch-up and live are one loop: read pages after the last position passed, and when a page comes
 * back short, wait for a NOTIFY (or the poll interval, a safety net) and go again. Every snapshot sees
 * a prefix of the log in position order (the append lock guarantees it: see
 * docs/decisions/0010-postgresql-event-store-positions.md), so moving past the snapshot's head can
 * skip no event that commits later.
 */
export class PostgresSubscription implements Subscription {
  private closed = false;
  private pendingWait: { cancel(): void } | null = null;
  private iterated = false;

  constructor(
    private readonly reader: LiveReader,
    private readonly listener: CommitListener,
    private readonly start: Promise<bigint>,
    private readonly filter: EventFilter | undefined,
    private readonly options: { pageSize: number; pollIntervalMs: number; listeningPollIntervalMs: number },
    private readonly onClose: (subscription: PostgresSubscription) => void,
  ) {
    // 'end' is read at once; a failure surfaces at the first iteration, not as an unhandled rejection.
    start.catch(() => undefined);
  }

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
    let after = await this.start;
    const { pageSize } = this.options;
    while (!this.closed) {
      const seen = this.listener.seen;
      const page = await this.reader.livePage(after, this.filter, pageSize);
      for (const event of page.events) {
        after = event.position;
        yield event;
        if (this.closed) return;
      }
      if (page.events.length === pageSize) continue;
      // A short page: everything up to the snapshot's head was read (events the filter skipped too).
      if (page.head > after) after = page.head;
      // close() may have come while the page was read: it had no wait to cancel then.
      if (this.closed) return;
      const wait = this.listener.wait(seen, this.listener.listening ? this.options.listeningPollIntervalMs : this.options.pollIntervalMs);
      this.pendingWait = wait;
      await wait.done;
      this.pendingWait = null;
    }
  }
}
