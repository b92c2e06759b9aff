/**
 * What a projection is: a pure fold from events to documents. The projector engine batches the
 * events, reads the documents a batch needs in one go, calls `apply` per event, and writes each
 * touched document once per batch, guarded by its position (docs/decisions/0004-position-guard.md).
 */
import type { RecordedEvent } from '#libs/event-store';
import type { AnyFields } from '#libs/read-store';

/** A document of one of the projection's own collections (logical name, as in `collections`). */
export interface DocumentRef {
  collection: string;
  id: string;
}

/** What `apply` returns: writes to the projection's own collections, by logical name. */
export type ProjectionOp =
  /** Set the whole document (create or replace): the result of a read-modify-write. */
  | { type: 'upsert'; collection: string; id: string; doc: object }
  /** Set and unset top-level fields, creating the document when missing; no read needed. */
  | { type: 'patch'; collection: string; id: string; set?: object; unset?: readonly string[] }
  | { type: 'delete'; collection: string; id: string }
  /**
   * Add to counters (dotted paths) shared by many documents' changes, without reading them. Written
   * before every other write of the batch: see docs/decisions/0008-increments-without-transactions.md.
   */
  | { type: 'increment'; collection: string; id: string; inc: Readonly<Record<string, number>>; set?: object };

/** The documents as they stand before the current event, earlier events of the batch included. */
export interface ProjectionDocuments {
  /** Only documents that `reads` named for an event of the batch; null when the document does not exist. */
  get<T = AnyFields>(collection: string, id: string): (T & { id: string }) | null;
  /**
   * Whether the stored document already has the current event (a batch replayed after a crash): the
   * engine drops the event's writes to it, and whatever was derived from it elsewhere (an increment)
   * must be left out too, as it was written before the document.
   */
  hasEvent(collection: string, id: string): boolean;
}

/** What `reads` can look at: the documents loaded so far, as the batch has them. */
export interface LoadedDocuments {
  /** Undefined when not loaded (yet); null when the document does not exist. */
  get<T = AnyFields>(collection: string, id: string): (T & { id: string }) | null | undefined;
}

export interface Projection<E extends RecordedEvent = RecordedEvent> {
  /** Lower-case words joined by `_` (`workers`, `county_progress`); no word like `v2`. */
  name: string;
  /** A positive integer. A new version builds beside the old one and takes over when caught up. */
  version: number;
  /** Logical collection names; stored as `<name>_v<version>_<collection>`. */
  collections: readonly string[];
  /** Field paths to index, per collection. */
  indexes?: { readonly [collection: string]: readonly (readonly string[])[] };
  /**
   * Other events are skipped (their positions still advance the checkpoint). Only types of `E`: derive
   * the list from the domain's tuples (`CERTIFICATE_EVENT_TYPES`), so that a new event reaches it.
   */
  eventTypes: readonly E['type'][];
  /**
   * The documents `apply` will read for this event. The engine loads them for the whole batch at
   * once, in rounds: a document loaded in one round (a certificate) can name another in the next (its
   * worker) through `loaded`; before each event it loads what documents written earlier in the batch
   * name. Derive each document's new state from that document and the event only: on a replay, a
   * document that already has an event is left alone, not the others computed from it.
   */
  reads?(event: E, loaded: LoadedDocuments): readonly DocumentRef[];
  apply(event: E, documents: ProjectionDocuments): readonly ProjectionOp[];
}
