import { assertCollectionName } from './collection-names.js';
import { InvalidReadStoreRequestError, type DocumentFields, type WriteOp } from './read-store.port.js';

const RESERVED_FIELDS = new Set(['id', '_id', '_position']);
const TOP_LEVEL_FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Refuses a batch that touches a document twice: with unordered writes the winner would be arbitrary. */
export function assertWriteBatch(ops: readonly WriteOp[]): void {
  const seen = new Set<string>();
  for (const op of ops) {
    assertCollectionName(op.collection);
    if (typeof op.id !== 'string' || op.id === '') throw new InvalidReadStoreRequestError('document ids are non-empty strings');
    if (typeof op.position !== 'bigint' || op.position < 0n) throw new InvalidReadStoreRequestError('positions are non-negative bigints');
    const key = `${op.collection}\u0000${op.id}`;
    if (seen.has(key)) throw new InvalidReadStoreRequestError(`one write per document per batch: ${op.collection} touched twice`);
    seen.add(key);
    if (op.type === 'patch') {
      const setFields = Object.keys(op.set ?? {});
      if (op.unset?.some((field) => setFields.includes(field))) {
        throw new InvalidReadStoreRequestError('a patch cannot set and unset the same field');
      }
      for (const field of [...setFields, ...(op.unset ?? [])]) {
        if (!TOP_LEVEL_FIELD.test(field) || RESERVED_FIELDS.has(field)) {
          throw new InvalidReadStoreRequestError(`patch fields are top-level and not reserved: ${JSON.stringify(field)}`);
        }
      }
    }
  }
}

/** The fields to store: a document read back (with `id` and `_position`) can be written as it is. */
export function documentFields(doc: object): DocumentFields {
  const fields: DocumentFields = {};
  for (const [key, value] of Object.entries(doc)) {
    if (!RESERVED_FIELDS.has(key) && value !== undefined) fields[key] = value;
  }
  return fields;
}

/** What a patch makes of a document's fields (`undefined` when it did not exist). */
export function applyPatch(fields: DocumentFields | undefined, set: object = {}, unset: readonly string[] = []): DocumentFields {
  const next: DocumentFields = { ...fields, ...documentFields(set) };
  for (const field of unset) delete next[field];
  return next;
}
