/**
 * The read-store port: collections of JSON documents by id, the projections' checkpoints, and the
 * little state the projector keeps beside them (active versions, leases). Every adapter (SQLite,
 * MongoDB) implements it and passes the same conformance suite (`testing/read-store.conformance.ts`).
 *
 * Writes go through `applyBatch` only, each guarded by the event position that produced it: see
 * docs/decisions/0004-position-guard.md.
 */
import type { DocumentFilter, SortSpec } from './document-filter.js';

export type JsonScalar = string | number | boolean | null;
export type JsonValue = JsonScalar | JsonValue[] | { [key: string]: JsonValue };
export type DocumentFields = { [field: string]: JsonValue };
/** Fields of a document read without a more precise type. */
export type AnyFields = { [field: string]: unknown };

/**
 * A document as read: its fields, its `id`, and `_position`, the global position of the last event
 * applied to it. `id` and `_position` are reserved: adapters drop them from the fields they write.
 */
export type StoredDocument<T = AnyFields> = T & { id: string; _position: bigint };

export interface FindOptions {
  filter?: DocumentFilter;
  /** Ties are always broken by `id` ascending, so both adapters return the same order. */
  sort?: SortSpec;
  limit?: number;
  skip?: number;
}

/**
 * One guarded write. It takes effect only when the document's stored `_position` is lower than
 * `position` (or the document does not exist, for `upsert` and `patch`).
 */
export type WriteOp =
  /** Replace the whole document, creating it when missing (the result of a read-modify-write). */
  | { type: 'upsert'; collection: string; id: string; position: bigint; doc: object }
  /** Set and unset top-level fields, creating the document when missing. */
  | { type: 'patch'; collection: string; id: string; position: bigint; set?: object; unset?: readonly string[] }
  | { type: 'delete'; collection: string; id: string; position: bigint }
  /**
   * Add to numeric fields (dotted paths, created at 0 when missing) and set top-level fields, creating
   * the document when missing; no read needed. For counters summed over many documents' changes:
   * written before the documents they derive from (docs/decisions/0008-increments-without-transactions.md).
   */
  | { type: 'increment'; collection: string; id: string; position: bigint; inc: Readonly<Record<string, number>>; set?: object };

/**
 * The read store cannot be reached now (server down, connections refused, no server selected in
 * time): queries answer 503 `store_unavailable` with Retry-After instead of waiting or failing as a 500.
 */
export class ReadStoreUnavailableError extends Error {
  readonly code = 'store_unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReadStoreUnavailableError';
  }
}

export interface ReadStoreHealth {
  ok: boolean;
  adapter: string;
  detail?: string;
}

export interface ReadStore {
  readonly adapter: 'sqlite' | 'mongodb';

  get<T = AnyFields>(collection: string, id: string): Promise<StoredDocument<T> | null>;
  /** The documents that exist among `ids`, in no particular order (the projector's batch read). */
  getMany<T = AnyFields>(collection: string, ids: readonly string[]): Promise<StoredDocument<T>[]>;
  find<T = AnyFields>(collection: string, options?: FindOptions): Promise<StoredDocument<T>[]>;
  count(collection: string, filter?: DocumentFilter): Promise<number>;
  /** Idempotent; `fields` are field paths (dotted allowed), ascending. */
  ensureIndex(collection: string, fields: readonly string[]): Promise<void>;

  /**
   * Writes the documents (each guarded by its position; at most one op per document), then the
   * projection's checkpoint, which finishes a batch begun with `applyPartialBatch`. A replayed batch
   * changes nothing.
   */
  applyBatch(projection: string, ops: readonly WriteOp[], checkpoint: bigint): Promise<void>;
  /**
   * Writes the first part of the batch that ends at `through` (each write guarded by its position),
   * recording first that this batch is unfinished; the `applyBatch` with its checkpoint finishes it.
   * A batch whose writes must land in order: see docs/decisions/0008-increments-without-transactions.md.
   */
  applyPartialBatch(projection: string, ops: readonly WriteOp[], through: bigint): Promise<void>;
  /** The last position of a batch begun with `applyPartialBatch` and not finished, or null. */
  getUnfinishedBatch(projection: string): Promise<bigint | null>;
  /** Position of the last event the projection applied, or null when it has applied none. */
  getCheckpoint(projection: string): Promise<bigint | null>;
  /** Forgets the checkpoint, and the unfinished batch if any. */
  deleteCheckpoint(projection: string): Promise<void>;

  /** Names of the document collections that start with `prefix`. */
  listCollections(prefix?: string): Promise<string[]>;
  /** Drops every document collection whose name starts with `prefix` (`workers_v1_`, for a rebuild). */
  dropCollections(prefix: string): Promise<void>;

  /** The version of a projection that queries read, or null before any version took over. */
  getActiveVersion(projection: string): Promise<number | null>;
  setActiveVersion(projection: string, version: number): Promise<void>;

  /**
   * Takes or renews the lease when it is free, expired or already held by `owner`; returns
   * whether `owner` holds it until `nowMs + ttlMs`. Clocks are the callers': keep ttl well above skew.
   */
  tryAcquireLease(lease: string, owner: string, ttlMs: number, nowMs: number): Promise<boolean>;
  releaseLease(lease: string, owner: string): Promise<void>;

  health(): Promise<ReadStoreHealth>;
  close(): Promise<void>;
}

/** A query or write the store refuses: bad collection name, bad field path, bad operator. */
export class InvalidReadStoreRequestError extends Error {
  readonly code = 'invalid_read_store_request';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidReadStoreRequestError';
  }
}
