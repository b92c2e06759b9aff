import type { RecordedEvent } from '#libs/event-store';
import { applyIncrement, type AnyFields, type DocumentFields } from '#libs/read-store';
import type { LoadedDocuments, Projection } from '../../engine/projection.js';

export type Documents = Map<string, Map<string, AnyFields>>;

/**
 * The documents a projection makes of these events, folded in memory the way the engine folds a
 * batch (upsert, patch, delete, increment): "given these events, then these documents".
 */
export function givenEvents(projection: Projection, events: readonly RecordedEvent[]): Documents {
  const documents: Documents = new Map(projection.collections.map((collection) => [collection, new Map<string, AnyFields>()]));
  const collection = (name: string) => {
    const found = documents.get(name);
    if (!found) throw new Error(`projection ${projection.name}: unknown collection ${name}`);
    return found;
  };
  for (const event of events) {
    if (!projection.eventTypes.includes(event.type)) continue;
    // Every document is at hand, as after the engine's rounds of reads.
    const loaded: LoadedDocuments = { get: <T>(name: string, id: string) => copy<T>(collection(name).get(id), id) };
    const declared = new Set((projection.reads?.(event, loaded) ?? []).map((ref) => `${ref.collection}/${ref.id}`));
    const view = {
      hasEvent: () => false,
      get: <T>(name: string, id: string) => {
        if (!declared.has(`${name}/${id}`)) throw new Error(`projection ${projection.name} read ${name}/${id} without declaring it`);
        return copy<T>(collection(name).get(id), id);
      },
    };
    for (const op of projection.apply(event, view)) {
      const docs = collection(op.collection);
      if (op.type === 'delete') docs.delete(op.id);
      else if (op.type === 'upsert') docs.set(op.id, structuredClone(stripId(op.doc)));
      else if (op.type === 'increment') docs.set(op.id, applyIncrement(docs.get(op.id) as DocumentFields | undefined, op.inc, op.set));
      else {
        const next = { ...(docs.get(op.id) ?? {}), ...structuredClone(stripId(op.set ?? {})) };
        for (const field of op.unset ?? []) delete next[field];
        docs.set(op.id, next);
      }
    }
  }
  return documents;
}

const copy = <T>(doc: AnyFields | undefined, id: string) => (doc ? (structuredClone({ ...doc, id }) as T & { id: string }) : null);

function stripId(doc: object): AnyFields {
  const { id: _id, ...fields } = doc as AnyFields;
  return fields;
}

let position = 0n;

/** A recorded event with a fresh position; `recordedAt` defaults to the day after `occurredAt`. */
export function recorded<T extends string, D>(
  streamId: string,
  type: T,
  data: D,
  options: { occurredAt?: string; recordedAt?: string; actor?: { sub: string; role: string }; revision?: number } = {},
): RecordedEvent<T, D> {
  position += 1n;
  const occurredAt = options.occurredAt ?? '2021-01-01';
  return {
    id: `00000000-0000-4000-8000-${position.toString().padStart(12, '0')}`,
    type,
    data,
    streamId,
    revision: options.revision ?? 0,
    position,
    recordedAt: options.recordedAt ?? `${occurredAt.slice(0, 10)}T08:00:00.000Z`,
    metadata: {
      schemaVersion: 1,
      occurredAt,
      actor: options.actor ?? { sub: 'tester', role: 'city_admin' },
      correlationId: 'c',
      causationId: null,
      prevHash: null,
    },
  };
}
