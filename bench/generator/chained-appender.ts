import { chainEvents, type AppendRequest, type EventStore, type NewEvent } from '#libs/event-store';
import type { Command } from './province-story.js';

/** Appends queued but not yet committed at most; beyond it the generator waits for the store. */
const IN_FLIGHT = 20_000;

/**
 * Writes commands as the event writer would (envelope with actor, correlation and causation ids,
 * `prevHash` chained with `chainEvents`, the exact expected revision) through the store's own
 * `appendMulti`, without waiting for each: the SQLite adapter's group commit then puts up to a
 * thousand of them in each durable transaction. Streams are tracked only while `forget` keeps them.
 */
export class ChainedAppender {
  /** Events appended (acknowledged or in flight). */
  events = 0;
  private readonly streams = new Map<string, NewEvent>();
  private readonly revisions = new Map<string, number>();
  private inFlight: Array<Promise<unknown>> = [];
  private sequence = 0;

  constructor(
    private readonly store: EventStore,
    private readonly seed: number,
  ) {}

  /** Queues the command's appends; resolves at once unless too many are still uncommitted. */
  async write(command: Command): Promise<void> {
    const correlationId = this.uuid();
    const causationId = this.uuid();
    const requests: AppendRequest[] = command.streams.map(({ streamId, events }) => {
      const fresh = events.map(
        (event): NewEvent => ({
          id: this.uuid(),
          type: event.type,
          data: event.data,
          metadata: { schemaVersion: 1, occurredAt: command.occurredAt, actor: command.actor, correlationId, causationId, prevHash: null },
        }),
      );
      const chained = chainEvents(this.streams.get(streamId) ?? null, fresh);
      const revision = this.revisions.get(streamId);
      this.streams.set(streamId, chained[chained.length - 1]!);
      this.revisions.set(streamId, (revision ?? -1) + chained.length);
      this.events += chained.length;
      return { streamId, events: chained, expected: revision ?? 'no_stream' };
    });
    this.inFlight.push(this.store.appendMulti(requests));
    if (this.inFlight.length >= IN_FLIGHT) await this.settle();
  }

  /** Waits until everything queued is committed (a refused append fails the generation). */
  async settle(): Promise<void> {
    const pending = this.inFlight;
    this.inFlight = [];
    await Promise.all(pending);
  }

  /** Drops the streams of a finished story: their last event is only needed to chain the next one. */
  forget(): void {
    this.streams.clear();
    this.revisions.clear();
  }

  /** Deterministic UUIDs (version 4 layout) from the seed and a counter, so the same seed gives the same log. */
  private uuid(): string {
    const n = this.sequence++;
    return `${(this.seed >>> 0).toString(16).padStart(8, '0')}-${((n / 2 ** 48) & 0xffff).toString(16).padStart(4, '0')}-4000-8000-${(n % 2 ** 48).toString(16).padStart(12, '0')}`;
  }
}
