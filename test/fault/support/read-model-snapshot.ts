import { isDeepStrictEqual } from 'node:util';
import type { EventStore } from '#libs/event-store';
import { Projector, projectionKey, readModelProjections } from '#libs/projections';
import { loadReferenceData } from '#libs/runtime';
import type { ReadStore } from '#libs/read-store';

const READ_MODEL_PROJECTIONS = readModelProjections(loadReferenceData());

/** Every document of every collection (by id, `_position` as text) and every checkpoint of a read store. */
export interface ReadModelSnapshot {
  collections: Record<string, Record<string, unknown>>;
  checkpoints: Record<string, string | null>;
}

export async function snapshotReadModels(store: ReadStore): Promise<ReadModelSnapshot> {
  const collections: ReadModelSnapshot['collections'] = {};
  for (const name of (await store.listCollections()).sort()) {
    const documents: Record<string, unknown> = {};
    for (const doc of await store.find(name)) documents[doc.id] = { ...doc, _position: doc._position.toString() };
    if (Object.keys(documents).length > 0) collections[name] = documents;
  }
  return { collections, checkpoints: await readCheckpoints(store) };
}

/** Every projection's checkpoint (as text, null before its first batch): one small read each, cheap enough to poll while a projector works. */
export async function readCheckpoints(store: ReadStore): Promise<ReadModelSnapshot['checkpoints']> {
  const checkpoints: ReadModelSnapshot['checkpoints'] = {};
  for (const { name, version } of READ_MODEL_PROJECTIONS) {
    const key = projectionKey(name, version);
    checkpoints[key] = (await store.getCheckpoint(key))?.toString() ?? null;
  }
  return checkpoints;
}

/** Documents in every collection of a read store now, counted by the store (no document is read). */
export async function countDocuments(store: ReadStore): Promise<number> {
  let total = 0;
  for (const name of await store.listCollections()) total += await store.count(name);
  return total;
}

/**
 * Differences between two snapshots, described without the documents' contents (they hold personal
 * data in sealed form, and a diff of thousands of documents helps nobody): at most `limit` lines.
 */
export function diffSnapshots(actual: ReadModelSnapshot, expected: ReadModelSnapshot, limit = 20): string[] {
  const lines: string[] = [];
  for (const [key, position] of Object.entries(expected.checkpoints)) {
    if (actual.checkpoints[key] !== position) lines.push(`checkpoint ${key}: ${actual.checkpoints[key]} instead of ${position}`);
  }
  const names = new Set([...Object.keys(actual.collections), ...Object.keys(expected.collections)]);
  for (const name of [...names].sort()) {
    const a = actual.collections[name] ?? {};
    const e = expected.collections[name] ?? {};
    for (const id of new Set([...Object.keys(a), ...Object.keys(e)])) {
      if (!(id in a)) lines.push(`${name}/${id}: missing`);
      else if (!(id in e)) lines.push(`${name}/${id}: not in the rebuild`);
      else if (!isDeepStrictEqual(a[id], e[id])) lines.push(`${name}/${id}: differs in ${differingFields(a[id], e[id]).join(', ')}`);
    }
  }
  return lines.length > limit ? [...lines.slice(0, limit), `… and ${lines.length - limit} more`] : lines;
}

function differingFields(a: unknown, e: unknown): string[] {
  const left = a as Record<string, unknown>;
  const right = e as Record<string, unknown>;
  return [...new Set([...Object.keys(left), ...Object.keys(right)])].filter((field) => !isDeepStrictEqual(left[field], right[field]));
}

/** Counts the documents of a snapshot, for the report. */
export const documentCount = (snapshot: ReadModelSnapshot): number =>
  Object.values(snapshot.collections).reduce((sum, documents) => sum + Object.keys(documents).length, 0);

/**
 * A clean rebuild of every read model into an empty read store, through the Projector API: the
 * reference the stores that went through faults must equal. Resolves with the head position.
 */
export async function rebuildReadModels(eventStore: EventStore, readStore: ReadStore, timeoutMs = 120_000): Promise<bigint | null> {
  const quiet = { info: () => undefined, warn: () => undefined };
  const projector = new Projector(eventStore, readStore, READ_MODEL_PROJECTIONS, { logger: quiet, retireDelayMs: 0 });
  let head: bigint | null = null;
  for await (const event of eventStore.readAll({ direction: 'backwards', maxCount: 1 })) head = event.position;
  await projector.start();
  try {
    if (head !== null && !(await projector.waitForPosition(head, timeoutMs))) throw new Error(`the clean rebuild did not reach position ${head}`);
  } finally {
    await projector.stop();
  }
  return head;
}
