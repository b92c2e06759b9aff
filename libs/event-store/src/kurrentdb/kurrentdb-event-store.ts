import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type Position,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { validateAppend, validateMultiAppend } from '../append-validation.js';
import { matchesFilter } from '../event-filter.js';
import {
  InvalidAppendError,
  StoreUnavailableError,
  type AppendRequest,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoreHealth,
  type SubscribeAllOptions,
  type Subscription,
} from '../event-store.port.js';
import { eventHash } from '../hash-chain.js';
import { ENVELOPE_PROPERTY, toPortError, toPosition, toRecorded, toServerFilter, toStreamState } from './kurrentdb-mapping.js';
import { KurrentDbSubscription } from './kurrentdb-subscription.js';

/** The production event store: KurrentDB over gRPC (`kurrentdb://host:2113?tls=false`). */
export class KurrentDbEventStore implements EventStore {
  readonly adapter = 'kurrentdb';
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly subscriptions = new Set<KurrentDbSubscription>();
  /** Subscriptions from 'end' not yet confirmed by the server: appends wait for them, so 'end' is before any later append. */
  private readonly pendingStarts = new Set<Promise<void>>();
  private closing: Promise<void> | null = null;

  private constructor(private readonly client: KurrentDBClient) {}

  /** The client connects lazily: a bad URL fails here, an unreachable server at the first call. */
  static async connect(url: string): Promise<KurrentDbEventStore> {
    try {
      return new KurrentDbEventStore(KurrentDBClient.connectionString(url));
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new StoreUnavailableError(`cannot use KurrentDB connection string: ${reason}`, { cause: error });
    }
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    validateAppend(streamId, events, expected);
    if (this.closing) throw new StoreUnavailableError('KurrentDB event store is closed');
    const task = this.appendValidated(streamId, events, expected);
    this.inFlight.add(task);
    try {
      return await task;
    } finally {
      this.inFlight.delete(task);
    }
  }

  /**
   * KurrentDB 25.1's multi-stream append: atomic across streams. Its records carry string properties
   * instead of JSON metadata, so our envelope travels as one property (decoded by `toRecorded`).
   * Not yet run against a server here (none runs on our machines).
   */
  async appendMulti(requests: AppendRequest[]): Promise<AppendResult[]> {
    validateMultiAppend(requests);
    if (this.closing) throw new StoreUnavailableError('KurrentDB event store is closed');
    const task = this.appendMultiValidated(requests);
    this.inFlight.add(task);
    try {
      return await task;
    } finally {
      this.inFlight.delete(task);
    }
  }

  private async appendMultiValidated(requests: AppendRequest[]): Promise<AppendResult[]> {
    await this.startsSettled();
    // A retry of an append that was written (its answer lost): the original results, nothing written.
    const retries = await Promise.all(requests.map((request) => this.findRetry(request.streamId, request.events, request.expected)));
    if (retries.every((retry) => retry !== null)) return retries as AppendResult[];
    let result: Awaited<ReturnType<KurrentDBClient['multiStreamAppend']>>;
    try {
      result = await this.client.multiStreamAppend(
        requests.map((request) => ({
          streamName: request.streamId,
          expectedState: toStreamState(request.expected),
          events: request.events.map((event) =>
            jsonEvent({ id: event.id, type: event.type, data: event.data as never, metadata: { [ENVELOPE_PROPERTY]: JSON.stringify(event.metadata) } as never }),
          ),
        })),
      );
    } catch (error) {
      const streamId = error instanceof WrongExpectedVersionError ? error.streamName : requests[0].streamId;
      throw toPortError(error, streamId, requests.find((request) => request.streamId === streamId)?.expected);
    }
    // The server reports the session's last position only: each stream's own comes from reading its
    // events back, which also refuses an id that the server took as already written with other content.
    return Promise.all(
      requests.map(async (request) => {
        const response = result.responses.find((r) => r.streamName === request.streamId);
        if (!response) throw new StoreUnavailableError(`KurrentDB did not report the append to ${request.streamId}`);
        return this.checkWritten(request.streamId, request.events, Number(response.revision), result.position);
      }),
    );
  }

  private async appendValidated(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    await this.startsSettled();
    // With an exact revision (or no_stream) the server recognises a retry from the stream itself; with
    // `any`/`exists` only from an in-memory cache of recent ids, gone after a restart: look here.
    if (expected === 'any' || expected === 'exists') {
      const retry = await this.findRetry(streamId, events, expected);
      if (retry !== null) return retry;
    }
    let nextExpectedRevision: bigint;
    let commit: bigint | undefined;
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((event) => jsonEvent({ id: event.id, type: event.type, data: event.data as never, metadata: event.metadata as never })),
        { streamState: toStreamState(expected) },
      );
      nextExpectedRevision = result.nextExpectedRevision;
      commit = result.position?.commit;
    } catch (error) {
      throw toPortError(error, streamId, expected);
    }
    return this.checkWritten(streamId, events, Number(nextExpectedRevision), commit);
  }

  /**
   * KurrentDB takes a retry with the same ids as done whatever the content: reads the range the append
   * ended at back, refuses an id reused for other content, and reports the position of the last event
   * (`fallback`, the server's, when the range cannot be read back as written).
   */
  private async checkWritten(streamId: string, events: NewEvent[], revision: number, fallback: bigint | undefined): Promise<AppendResult> {
    const stored = await this.collect(this.readStream(streamId, { fromRevision: revision - events.length + 1, maxCount: events.length }));
    events.forEach((event, index) => {
      const found = stored[index];
      if (found?.id === event.id && eventHash(found) !== eventHash(event)) throw idReused(streamId, event.id);
    });
    const last = stored[stored.length - 1];
    const position = last?.id === events[events.length - 1].id ? last.position : fallback;
    if (position === undefined) throw new StoreUnavailableError(`KurrentDB did not report a position for the append to ${streamId}`);
    return { streamId, revision, position };
  }

  /**
   * Recognises a retry as the SQLite adapter does, from the stream itself: these ids are already where
   * the expectation put them (right after the expected revision, from 0 for `no_stream`; for
   * `any`/`exists`, the last events of the stream). A true retry gets the original result; one of these
   * ids with other content is refused. Null when this is not a retry.
   */
  private async findRetry(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult | null> {
    const stored =
      expected === 'any' || expected === 'exists'
        ? (await this.collect(this.readStream(streamId, { direction: 'backwards', maxCount: events.length }))).reverse()
        : await this.collect(this.readStream(streamId, { fromRevision: expected === 'no_stream' ? 0 : expected + 1, maxCount: events.length }));
    if (stored.length !== events.length || stored.some((found, index) => found.id !== events[index].id)) return null;
    events.forEach((event, index) => {
      if (eventHash(stored[index]) !== eventHash(event)) throw idReused(streamId, event.id);
    });
    const last = stored[stored.length - 1];
    return { streamId, revision: last.revision, position: last.position };
  }

  /** Resolves once every subscription from 'end' opened so far is confirmed by the server (or failed). */
  private async startsSettled(): Promise<void> {
    if (this.pendingStarts.size > 0) await Promise.allSettled([...this.pendingStarts]);
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    const reads = this.client.readStream(streamId, {
      direction: forwards ? FORWARDS : BACKWARDS,
      fromRevision: options.fromRevision === undefined ? (forwards ? START : END) : BigInt(options.fromRevision),
      maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
    });
    try {
      yield* ours(reads);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw toPortError(error, streamId);
    } finally {
      // A caller that stops early (a replay found, a retry checked) leaves no read open on the server.
      await cancelRead(reads);
    }
  }

  /**
   * Reads `$all` in bounded server reads (`maxCount`: at most a page, or what is still wanted, plus
   * the event at `after` itself, which the server includes), each closed as soon as it is left, so
   * that no read holds the server's flow-control window after the caller stopped.
   */
  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    const { after, filter } = options;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (remaining <= 0) return;
    let from: Position | typeof START | typeof END = after === undefined ? (forwards ? START : END) : toPosition(after);
    // The server reads from a position inclusively: what was already passed is skipped.
    let passed = after;
    for (;;) {
      const pageSize = Math.min(READ_PAGE, remaining + 1);
      const reads = this.client.readAll({ direction: forwards ? FORWARDS : BACKWARDS, fromPosition: from, maxCount: pageSize, filter: toServerFilter(filter) });
      let received = 0;
      let last: Position | undefined;
      try {
        for await (const resolved of reads) {
          received++;
          last = resolved.event?.position ?? (resolved.commitPosition === undefined ? last : { commit: resolved.commitPosition, prepare: resolved.commitPosition });
          const event = toRecorded(resolved);
          if (event === null || !matchesFilter(event, filter)) continue;
          if (passed !== undefined && (forwards ? event.position <= passed : event.position >= passed)) continue;
          yield event;
          if (--remaining === 0) return;
        }
      } catch (error) {
        throw toPortError(error, '$all');
      } finally {
        // Ended, failed or left early: cancel the server read (a no-op once it has ended).
        await cancelRead(reads);
      }
      if (received < pageSize || last === undefined) return;
      from = last;
      passed = last.commit;
    }
  }

  subscribeAll(options: SubscribeAllOptions): Subscription {
    if (this.closing) throw new StoreUnavailableError('KurrentDB event store is closed');
    const { from, filter } = options;
    const source = this.client.subscribeToAll({
      fromPosition: from === 'start' ? START : from === 'end' ? END : toPosition(from.after),
      filter: toServerFilter(filter),
    });
    const after = typeof from === 'object' ? from.after : undefined;
    const subscription = new KurrentDbSubscription(source, after, filter, (closed) => this.subscriptions.delete(closed));
    this.subscriptions.add(subscription);
    if (from === 'end') {
      // 'end' is where the server is when it confirms the subscription: an append sent before that
      // could land first and never reach this subscriber, so this process's appends wait for it.
      const started = subscription.started;
      this.pendingStarts.add(started);
      void started.finally(() => this.pendingStarts.delete(started));
    }
    return subscription;
  }

  async streamRevision(streamId: string): Promise<number | null> {
    const [last] = await this.collect(this.readStream(streamId, { direction: 'backwards', maxCount: 1 }));
    return last?.revision ?? null;
  }

  async lastPosition(): Promise<bigint> {
    const reads = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    try {
      for await (const resolved of reads) {
        return resolved.event?.position.commit ?? resolved.commitPosition ?? 0n;
      }
      return 0n;
    } catch (error) {
      throw toPortError(error, '$all');
    } finally {
      await cancelRead(reads);
    }
  }

  async health(): Promise<StoreHealth> {
    try {
      return { ok: true, adapter: this.adapter, lastPosition: (await this.lastPosition()).toString() };
    } catch (error) {
      return { ok: false, adapter: this.adapter, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.inFlight]);
      await Promise.allSettled([...this.subscriptions].map((subscription) => subscription.close()));
      await this.client.dispose();
    })();
    return this.closing;
  }

  private async collect(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
    const collected: RecordedEvent[] = [];
    for await (const event of events) collected.push(event);
    return collected;
  }
}

const idReused = (streamId: string, id: string): InvalidAppendError =>
  new InvalidAppendError('event_id_reused', `append to ${streamId}: event id ${id} is already used by another event`);

/** Server reads per request: bounded, so that a caught-up reader never holds an open `$all` read. */
const READ_PAGE = 500;

/** Cancels a client read (a `StreamingRead`); harmless once it has ended. */
const cancelRead = async (reads: unknown): Promise<void> => {
  const cancel = (reads as { cancel?: () => Promise<void> }).cancel;
  if (typeof cancel === 'function') await cancel.call(reads).catch(() => undefined);
};

async function* ours(reads: AsyncIterable<ResolvedEvent | AllStreamResolvedEvent>): AsyncGenerator<RecordedEvent> {
  for await (const resolved of reads) {
    const event = toRecorded(resolved);
    if (event !== null) yield event;
  }
}
