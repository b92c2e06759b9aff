import type { RecordedEvent } from '#libs/event-store';
import type { ReadStore, WriteOp } from '#libs/read-store';
import { BatchDocuments } from './batch-documents.js';
import type { Projection, ProjectionDocuments } from './projection.js';
import { collectionName } from './projection-names.js';

/** Ids per `getMany` call: keeps SQLite parameters and MongoDB `$in` lists modest. */
const READ_CHUNK = 1000;

/**
 * Folds a batch of events into the writes of one projection version: one batched read of the
 * documents the events declare, the pure `apply` per event in order, one guarded write per document.
 */
export async function projectBatch(projection: Projection, events: readonly RecordedEvent[], readStore: ReadStore): Promise<WriteOp[]> {
  const { name, version } = projection;
  const stored = (collection: string): string => {
    if (!projection.collections.includes(collection)) throw new Error(`projection ${name}: unknown collection ${collection}`);
    return collectionName(name, version, collection);
  };
  const handled = events.filter((event) => projection.eventTypes.includes(event.type));
  const documents = new BatchDocuments();

  const idsByCollection = new Map<string, Set<string>>();
  for (const event of handled) {
    for (const ref of projection.reads?.(event) ?? []) {
      const collection = stored(ref.collection);
      const ids = idsByCollection.get(collection) ?? new Set<string>();
      ids.add(ref.id);
      idsByCollection.set(collection, ids);
    }
  }
  await Promise.all(
    [...idsByCollection].flatMap(([collection, ids]) => {
      const all = [...ids];
      return Array.from({ length: Math.ceil(all.length / READ_CHUNK) }, async (_, i) => {
        const chunk = all.slice(i * READ_CHUNK, (i + 1) * READ_CHUNK);
        documents.load(collection, chunk, await readStore.getMany(collection, chunk));
      });
    }),
  );

  const view: ProjectionDocuments = {
    get: <T>(collection: string, id: string) => {
      const doc = documents.current(stored(collection), id);
      return doc ? ({ ...doc, id } as T & { id: string }) : null;
    },
  };
  for (const event of handled) {
    for (const op of projection.apply(event, view)) documents.record(event.position, stored(op.collection), op);
  }
  return documents.writes();
}
