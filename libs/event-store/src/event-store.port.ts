/**
 * The event store port. Every adapter (SQLite, KurrentDB) implements it and passes the same
 * conformance suite (`event-store.conformance.ts`).
 *
 * Streams are named `<category>-<id>`: the first `-` separates the category, as in KurrentDB.
 */

/** Who did it, as the bearer token said. */
export interface Actor {
  sub: string;
  role: string;
  /** The scope the role acts in: county code, enterprise id or provider id, when it has one. */
  scope?: { countyCode?: string; enterpriseId?: string; providerId?: string };
}

/** Written by the writer; the store keeps it as it is. */
export interface EventMetadata {
  schemaVersion: number;
  /** When it happened in the world (a day `YYYY-MM-DD` or an ISO instant), given by the caller. */
  occurredAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  idempotencyKey?: string;
  /** With `idempotencyKey`: a hash of the request, to tell a reused key with another body. */
  requestHash?: string;
  /** With `idempotencyKey`: the warnings the first answer carried, to answer them again. */
  warnings?: string[];
  /** SHA-256 (hex) of the canonical JSON of the previous event of the stream; null for the first. */
  prevHash: string | null;
}

export interface NewEvent<TType extends string = string, TData = unknown> {
  /** UUID, chosen by the writer so that a retried append is recognised. */
  id: string;
  /** Past tense, PascalCase: `WorkerEnrolled`. */
  type: TType;
  data: TData;
  metadata: EventMetadata;
}

export interface RecordedEvent<TType extends string = string, TData = unknown> extends NewEvent<TType, TData> {
  streamId: string;
  /** Per stream, from 0. */
  revision: number;
  /** Global, strictly increasing. */
  position: bigint;
  /** ISO instant at which the store committed the event. */
  recordedAt: string;
}

/** `no_stream`: the stream must not exist; `exists`: it must; `any`: no check; a number: its last revision. */
export type ExpectedRevision = 'no_stream' | 'exists' | 'any' | number;

export interface AppendResult {
  streamId: string;
  /** Revision of the last event appended (or found, on an idempotent retry). */
  revision: number;
  /** Global position of the last event appended. */
  position: bigint;
}

/** One stream's part of an atomic multi-stream append. */
export interface AppendRequest {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the first (forwards) or the last (backwards) event. */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  direction?: 'forwards' | 'backwards';
  /** Exclusive: events strictly after (forwards) or before (backwards) this position. */
  after?: bigint;
  maxCount?: number;
  filter?: EventFilter;
}

export interface EventFilter {
  eventTypes?: string[];
  /** Stream categories: `worker`, `subsidy_claim`, ... */
  streamCategories?: string[];
}

export type SubscriptionStart = 'start' | 'end' | { after: bigint };

export interface SubscribeAllOptions {
  from: SubscriptionStart;
  filter?: EventFilter;
}

/** Catch-up then live, in global order. Iterate it; `close()` ends the iteration. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface StoreHealth {
  ok: boolean;
  adapter: string;
  detail?: string;
  lastPosition?: string;
}

export interface EventStore {
  readonly adapter: string;
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams atomically: every request's expectation holds and all are written, or
   * nothing is (a `WrongExpectedRevisionError` names the stream that failed). A command that holds a
   * reservation stream beside its aggregate uses it, so that no crash can leave one without the other.
   * Results are in the order of the requests.
   */
  appendMulti(requests: AppendRequest[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeAll(options: SubscribeAllOptions): Subscription;
  /** Last revision of the stream, or null when it does not exist. */
  streamRevision(streamId: string): Promise<number | null>;
  /** Position of the last event in the store, 0n when empty (or -1n: see the adapter; callers compare only). */
  lastPosition(): Promise<bigint>;
  health(): Promise<StoreHealth>;
  /** Lets in-flight appends finish, then releases the store. */
  close(): Promise<void>;
}

/** A wrong expected revision. `actual` is the stream's last revision, or null when it does not exist. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'wrong_expected_revision';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | null,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual === null ? 'no stream' : actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Input the store refuses: bad stream name, bad event type, oversized event, reused event id. */
export class InvalidAppendError extends Error {
  constructor(
    readonly code: 'invalid_stream_name' | 'invalid_event_type' | 'event_too_large' | 'invalid_event' | 'event_id_reused',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

/** The store cannot be reached or cannot write (disk full, read-only, server down). */
export class StoreUnavailableError extends Error {
  readonly code = 'store_unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
