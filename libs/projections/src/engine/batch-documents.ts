/**
 * The documents of one batch in memory: loaded once, changed by every event of the batch in
 * order, and written once each at the end, guarded by the position of the last event that changed it.
 */
import { applyIncrement, applyPatch, documentFields, type DocumentFields, type StoredDocument, type WriteOp } from '#libs/read-store';
import type { ProjectionOp } from './projection.js';

type Pending =
  | { type: 'upsert'; doc: DocumentFields }
  | { type: 'patch'; set: DocumentFields; unset: Set<string> }
  | { type: 'delete' }
  | { type: 'increment'; inc: Record<string, number>; set: DocumentFields };

interface Entry {
  collection: string;
  id: string;
  /** Whether `doc` is known (loaded from the store, or derived from it). */
  loaded: boolean;
  doc: DocumentFields | null;
  /** Position stored with the document when loaded; events at or below it are already in it. */
  storedPosition: bigint;
  pending: Pending | null;
  position: bigint;
}

export class BatchDocuments {
  /** By collection, then id: no key string to build per lookup. */
  private readonly entries = new Map<string, Map<string, Entry>>();

  /** Records what the store holds for these refs; missing documents are known not to exist. */
  load(collection: string, ids: Iterable<string>, found: readonly StoredDocument[]): void {
    const byId = new Map(found.map((doc) => [doc.id, doc]));
    const entries = this.collection(collection);
    for (const id of ids) {
      const existing = entries.get(id);
      if (existing?.loaded) continue;
      // Its writes so far were merged without the stored document: they cannot be replayed onto it.
      if (existing) throw new Error(`document written before it was read in this batch: ${collection} (declare it in the projection's reads for every event)`);
      const stored = byId.get(id);
      entries.set(id, {
        collection,
        id,
        loaded: true,
        doc: stored ? documentFields(stored) : null,
        storedPosition: stored?._position ?? -1n,
        pending: null,
        position: -1n,
      });
    }
  }

  isLoaded(collection: string, id: string): boolean {
    return this.entry(collection, id)?.loaded ?? false;
  }

  /** The document as the batch has it so far; undefined when not loaded. */
  lookup(collection: string, id: string): DocumentFields | null | undefined {
    const entry = this.entry(collection, id);
    return entry?.loaded ? entry.doc : undefined;
  }

  /** Whether the stored document already has the event at `position` (a replay); only for loaded refs. */
  hasEvent(collection: string, id: string, position: bigint): boolean {
    const entry = this.entry(collection, id);
    if (!entry?.loaded) throw new Error(`document not loaded: ${collection} (declare it in the projection's reads)`);
    return position <= entry.storedPosition;
  }

  /** The document as the batch has it so far; only for loaded refs. */
  current(collection: string, id: string): DocumentFields | null {
    const entry = this.entry(collection, id);
    if (!entry?.loaded) throw new Error(`document not loaded: ${collection} (declare it in the projection's reads)`);
    return entry.doc;
  }

  /** Applies one op of the event at `position`, with `collection` already the stored name. */
  record(position: bigint, collection: string, op: ProjectionOp): void {
    const entries = this.collection(collection);
    let entry = entries.get(op.id);
    if (!entry) {
      entry = { collection, id: op.id, loaded: false, doc: null, storedPosition: -1n, pending: null, position: -1n };
      entries.set(op.id, entry);
    }
    // A replay after a crash: this document already has this event.
    if (entry.loaded && position <= entry.storedPosition) return;
    entry.position = position;
    if (entry.loaded && op.type !== 'increment' && entry.pending?.type !== 'increment') {
      // The whole document is known: written as it stands, so that the store need not read it to patch it.
      entry.doc = evolve(entry.doc, op);
      entry.pending = entry.doc === null ? { type: 'delete' } : { type: 'upsert', doc: entry.doc };
      return;
    }
    entry.pending = merge(entry.pending, op);
    if (entry.loaded) entry.doc = evolve(entry.doc, op);
  }

  private entry(collection: string, id: string): Entry | undefined {
    return this.entries.get(collection)?.get(id);
  }

  private collection(collection: string): Map<string, Entry> {
    let entries = this.entries.get(collection);
    if (!entries) {
      entries = new Map();
      this.entries.set(collection, entries);
    }
    return entries;
  }

  writes(): WriteOp[] {
    const ops: WriteOp[] = [];
    for (const { collection, id, pending, position } of [...this.entries.values()].flatMap((entries) => [...entries.values()])) {
      if (!pending) continue;
      if (pending.type === 'patch') ops.push({ type: 'patch', collection, id, position, set: pending.set, unset: [...pending.unset] });
      else if (pending.type === 'upsert') ops.push({ type: 'upsert', collection, id, position, doc: pending.doc });
      else if (pending.type === 'increment') ops.push({ type: 'increment', collection, id, position, inc: pending.inc, ...(Object.keys(pending.set).length ? { set: pending.set } : {}) });
      else ops.push({ type: 'delete', collection, id, position });
    }
    return ops;
  }
}

function evolve(doc: DocumentFields | null, op: ProjectionOp): DocumentFields | null {
  switch (op.type) {
    case 'upsert':
      return documentFields(op.doc);
    case 'patch':
      return applyPatch(doc ?? undefined, op.set, op.unset);
    case 'delete':
      return null;
    case 'increment':
      return applyIncrement(doc ?? undefined, op.inc, op.set);
  }
}

/** Folds an op into what the batch will write, so one write carries every event's effect. */
function merge(pending: Pending | null, op: ProjectionOp): Pending {
  // Increments are written without the document and before the other writes: the two do not mix.
  if (pending !== null && (op.type === 'increment') !== (pending.type === 'increment')) throw new Error('a document takes either increments or other writes');
  switch (op.type) {
    case 'increment': {
      // Summed in place: a city's counters take thousands of increments per batch.
      const merged = pending?.type === 'increment' ? pending : { type: 'increment' as const, inc: {}, set: {} };
      // Sums that come to 0 are kept: the counter exists whatever the batch boundaries.
      for (const path in op.inc) merged.inc[path] = (merged.inc[path] ?? 0) + op.inc[path]!;
      if (op.set) Object.assign(merged.set, documentFields(op.set));
      return merged;
    }
    case 'upsert':
      return { type: 'upsert', doc: documentFields(op.doc) };
    case 'delete':
      return { type: 'delete' };
    case 'patch': {
      if (pending?.type === 'upsert') return { type: 'upsert', doc: applyPatch(pending.doc, op.set, op.unset) };
      // A patch after a delete creates the document afresh.
      if (pending?.type === 'delete') return { type: 'upsert', doc: applyPatch(undefined, op.set, op.unset) };
      const patched = pending?.type === 'patch' ? pending : null;
      const set = { ...patched?.set, ...documentFields(op.set ?? {}) };
      const unset = new Set([...(patched?.unset ?? [])].filter((field) => !(field in set)));
      for (const field of op.unset ?? []) {
        delete set[field];
        unset.add(field);
      }
      return { type: 'patch', set, unset };
    }
  }
}
