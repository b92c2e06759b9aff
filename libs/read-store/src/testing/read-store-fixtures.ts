import type { DocumentFields, ReadStore, WriteOp } from '../read-store.port.js';

/** One field (`v`) of every scalar type and a few objects, to pin down the filter and sort semantics. */
export const MIXED_DOCUMENTS: Record<string, DocumentFields> = {
  t01: { v: 1, s: 'apple', a: { b: 1 }, tag: 'x' },
  t02: { v: 2.5, s: 'banana', a: { b: 2 }, tag: 'y' },
  t03: { v: 'x', s: 'Cherry', a: { b: null } },
  t04: { v: true, s: 'date', a: {} },
  t05: { v: false, s: 'apple' },
  t06: { v: null, s: 'éclair', a: { b: 'deep' } },
  t07: { s: 'fig' },
  t08: { v: -3, s: 'grape', a: { b: 3 } },
  t09: { v: '10', s: 'apple' },
  t10: { v: 0, s: '' },
  t11: { v: { k: 1 }, s: 'kiwi' },
};

export async function loadDocuments(
  store: ReadStore,
  collection: string,
  documents: Record<string, DocumentFields>,
  position = 1n,
): Promise<void> {
  const ops: WriteOp[] = Object.entries(documents).map(([id, doc]) => ({ type: 'upsert', collection, id, position, doc }));
  await store.applyBatch(`load_${collection}`, ops, position);
}
