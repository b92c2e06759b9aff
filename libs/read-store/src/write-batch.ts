import { assertCollectionName } from './collection-names.js';
import { assertFieldPath } from './document-filter.js';
import { InvalidReadStoreRequestError, type DocumentFields, type JsonValue, type WriteOp } from './read-store.port.js';

const RESERVED_FIELDS = new Set(['id', '_id', '_position']);
const TOP_LEVEL_FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Refuses a batch that touches a document twice: with unordered writes the winner would be arbitrary. */
export function assertWriteBatch(ops: readonly WriteOp[]): void {
  const seen = new Map<string, Set<string>>();
  for (const op of ops) {
    let ids = seen.get(op.collection);
    if (!ids) {
      assertCollectionName(op.collection);
      ids = new Set<string>();
      seen.set(op.collection, ids);
    }
    if (typeof op.id !== 'string' || op.id === '') throw new InvalidReadStoreRequestError('document ids are non-empty strings');
    if (typeof op.position !== 'bigint' || op.position < 0n) throw new InvalidReadStoreRequestError('positions are non-negative bigints');
    if (ids.has(op.id)) throw new InvalidReadStoreRequestError(`one write per document per batch: ${op.collection} touched twice`);
    ids.add(op.id);
    if (op.type === 'patch') {
      const setFields = Object.keys(op.set ?? {});
      if (op.unset?.some((field) => setFields.includes(field))) {
        throw new InvalidReadStoreRequestError('a patch cannot set and unset the same field');
      }
      assertTopLevelFields(setFields);
      assertTopLevelFields(op.unset ?? []);
    }
    if (op.type === 'increment') assertIncrement(op.inc, op.set);
  }
}

/** Field names found valid already: projections write the same few names in every batch. */
const validFields = new Set<string>();

function assertTopLevelFields(fields: readonly string[]): void {
  for (const field of fields) {
    if (validFields.has(field)) continue;
    if (!TOP_LEVEL_FIELD.test(field) || RESERVED_FIELDS.has(field)) {
      throw new InvalidReadStoreRequestError(`patch fields are top-level and not reserved: ${JSON.stringify(field)}`);
    }
    if (validFields.size < 10_000) validFields.add(field);
  }
}

/** Counters are field paths holding finite numbers; the fields set beside them are top-level and distinct from them. */
function assertIncrement(inc: Readonly<Record<string, number>>, set: object = {}): void {
  const setFields = Object.keys(set);
  assertTopLevelFields(setFields);
  for (const [path, amount] of Object.entries(inc)) {
    assertFieldPath(path);
    if (path === 'id' || setFields.includes(path.split('.')[0]!)) throw new InvalidReadStoreRequestError(`invalid counter: ${JSON.stringify(path)}`);
    if (typeof amount !== 'number' || !Number.isFinite(amount)) throw new InvalidReadStoreRequestError(`counters take finite numbers: ${JSON.stringify(path)}`);
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

/** What an increment makes of a document's fields: each counter path created at 0 when missing. */
export function applyIncrement(fields: DocumentFields | undefined, inc: Readonly<Record<string, number>>, set: object = {}): DocumentFields {
  const next: DocumentFields = { ...fields, ...documentFields(set) };
  // Objects on a counter's path are copied once, so that `fields` is left as it was.
  const copied = new Set<object>([next]);
  for (const [path, amount] of Object.entries(inc)) {
    const segments = path.split('.');
    let parent: { [key: string]: JsonValue } = next;
    for (const segment of segments.slice(0, -1)) {
      const child = parent[segment] ?? {};
      if (typeof child !== 'object' || child === null || Array.isArray(child)) throw new InvalidReadStoreRequestError(`cannot increment inside a non-object: ${JSON.stringify(path)}`);
      if (!copied.has(child)) {
        parent[segment] = { ...child };
        copied.add(parent[segment] as object);
      }
      parent = parent[segment] as { [key: string]: JsonValue };
    }
    const last = segments.at(-1)!;
    const current = parent[last] ?? 0;
    if (typeof current !== 'number') throw new InvalidReadStoreRequestError(`cannot increment a non-number: ${JSON.stringify(path)}`);
    parent[last] = current + amount;
  }
  return next;
}
