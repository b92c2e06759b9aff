import type { RecordedEvent } from '#libs/event-store';
import type { ReadStore, WriteOp } from '#libs/read-store';
import { BatchDocuments } from './batch-documents.js';
import type { DocumentRef, LoadedDocuments, Projection, ProjectionDocuments } from './projection.js';
import { collectionName } from './projection-names.js';

/** Each projection's event types as a set, made once: a batch asks for every event. */
const eventTypeSets = new WeakMap<Projection, (event: RecordedEvent) => boolean>();

const handles = (projection: Projection): ((event: RecordedEvent) => boolean) => {
  let test = eventTypeSets.get(projection);
  if (!test) {
    const types = new Set(projection.eventTypes);
    test = (event) => types.has(event.type);
    eventTypeSets.set(projection, test);
  }
  return test;
};

/** Ids per `getMany` call: keeps SQLite parameters and MongoDB `$in` lists modest. */
const READ_CHUNK = 1000;

/** Rounds of batched reads before the events: a certificate names its worker in the second. */
const PREFETCH_ROUNDS = 3;

/**
 * Folds a batch of events into the writes of one projection version: batched reads of the
 * documents the events declare, the pure `apply` per event in order, one guarded write per document.
 */
export async function projectBatch(projection: Projection, events: readonly RecordedEvent[], readStore: ReadStore): Promise<WriteOp[]> {
  const { name, version } = projection;
  const storedNames = new Map(projection.collections.map((collection) => [collection, collectionName(name, version, collection)]));
  const stored = (collection: string): string => {
    const storedName = storedNames.get(collection);
    if (storedName === undefined) throw new Error(`projection ${name}: unknown collection ${collection}`);
    return storedName;
  };
  const handled = events.filter(handles(projection));
  const documents = new BatchDocuments();

  const loaded: LoadedDocuments = {
    get: <T>(collection: string, id: string) => {
      const doc = documents.lookup(stored(collection), id);
      return doc ? ({ ...doc, id } as T & { id: string }) : doc;
    },
  };
  /** Adds the refs not loaded yet to `into`. */
  const missing = (refs: readonly DocumentRef[], into: Map<string, Set<string>>) => {
    for (const ref of refs) {
      const collection = stored(ref.collection);
      if (documents.isLoaded(collection, ref.id)) continue;
      const ids = into.get(collection) ?? new Set<string>();
      ids.add(ref.id);
      into.set(collection, ids);
    }
    return into;
  };
  const load = (idsByCollection: Map<string, Set<string>>) =>
    Promise.all(
      [...idsByCollection].flatMap(([collection, ids]) => {
        const all = [...ids];
        return Array.from({ length: Math.ceil(all.length / READ_CHUNK) }, async (_, i) => {
          const chunk = all.slice(i * READ_CHUNK, (i + 1) * READ_CHUNK);
          documents.load(collection, chunk, await readStore.getMany(collection, chunk));
        });
      }),
    );

  if (projection.reads) {
    for (let round = 0; round < PREFETCH_ROUNDS; round++) {
      const wanted = new Map<string, Set<string>>();
      for (const event of handled) missing(projection.reads(event, loaded), wanted);
      if (wanted.size === 0) break;
      await load(wanted);
    }
  }

  let position = -1n;
  const view: ProjectionDocuments = {
    get: <T>(collection: string, id: string) => {
      const doc = documents.current(stored(collection), id);
      return doc ? ({ ...doc, id } as T & { id: string }) : null;
    },
    hasEvent: (collection: string, id: string) => documents.hasEvent(stored(collection), id, position),
  };
  for (const event of handled) {
    // What only a document written earlier in this batch names (a certificate issued in it): read now.
    if (projection.reads) {
      const late = missing(projection.reads(event, loaded), new Map());
      if (late.size > 0) await load(late);
    }
    position = event.position;
    for (const op of projection.apply(event, view)) documents.record(event.position, stored(op.collection), op);
  }
  return documents.writes();
}
