/**
 * The small filter language both adapters implement identically. A filter is an AND over field
 * paths (`county`, `address.countyCode`, or `id`); each path takes a scalar (equality) or operators.
 *
 * Semantics follow MongoDB's for scalar fields: `null` equals a missing field, `$ne` matches a
 * missing field, range operators compare numbers with numbers and strings with strings (binary
 * order) and never match another type. Fields filtered or sorted on must hold scalars: matching
 * inside arrays, and ordering by objects or arrays, differ between the stores: not part of the language.
 */
import { InvalidReadStoreRequestError, type JsonScalar } from './read-store.port.js';

export type RangeValue = string | number;

export interface FieldOperators {
  $eq?: JsonScalar;
  $ne?: JsonScalar;
  $in?: readonly JsonScalar[];
  $gt?: RangeValue;
  $gte?: RangeValue;
  $lt?: RangeValue;
  $lte?: RangeValue;
  $exists?: boolean;
}

export type DocumentFilter = { [fieldPath: string]: JsonScalar | FieldOperators };

/** Field path to direction; keys keep their order. */
export type SortSpec = { [fieldPath: string]: 1 | -1 };

export type Condition =
  | { path: string; op: 'eq' | 'ne'; value: JsonScalar }
  | { path: string; op: 'in'; values: readonly JsonScalar[] }
  | { path: string; op: 'gt' | 'gte' | 'lt' | 'lte'; value: RangeValue }
  | { path: string; op: 'exists'; value: boolean };

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const RANGE_OPERATORS = { $gt: 'gt', $gte: 'gte', $lt: 'lt', $lte: 'lte' } as const;

/** `id` is the document id; `_id` and `_position` belong to the stores. */
export function assertFieldPath(path: string): void {
  if (!FIELD_PATH.test(path) || path.startsWith('id.') || path === '_id' || path.split('.')[0] === '_position') {
    throw new InvalidReadStoreRequestError(`invalid field path: ${JSON.stringify(path)}`);
  }
}

function assertScalar(value: unknown, where: string): asserts value is JsonScalar {
  const ok = value === null || ['string', 'boolean'].includes(typeof value) || (typeof value === 'number' && Number.isFinite(value));
  if (!ok) throw new InvalidReadStoreRequestError(`${where} takes a string, finite number, boolean or null`);
}

function isOperators(condition: JsonScalar | FieldOperators): condition is FieldOperators {
  return condition !== null && typeof condition === 'object';
}

/** Validates a filter and flattens it into conditions, the form adapters translate. */
export function parseFilter(filter: DocumentFilter = {}): Condition[] {
  const conditions: Condition[] = [];
  for (const [path, condition] of Object.entries(filter)) {
    assertFieldPath(path);
    if (!isOperators(condition)) {
      assertScalar(condition, path);
      conditions.push({ path, op: 'eq', value: condition });
      continue;
    }
    for (const [operator, value] of Object.entries(condition)) {
      if (operator === '$eq' || operator === '$ne') {
        assertScalar(value, `${path}.${operator}`);
        conditions.push({ path, op: operator === '$eq' ? 'eq' : 'ne', value });
      } else if (operator === '$in') {
        if (!Array.isArray(value)) throw new InvalidReadStoreRequestError(`${path}.$in takes an array`);
        value.forEach((item) => assertScalar(item, `${path}.$in`));
        conditions.push({ path, op: 'in', values: value });
      } else if (operator in RANGE_OPERATORS) {
        if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
          throw new InvalidReadStoreRequestError(`${path}.${operator} takes a string or a finite number`);
        }
        conditions.push({ path, op: RANGE_OPERATORS[operator as keyof typeof RANGE_OPERATORS], value });
      } else if (operator === '$exists') {
        if (typeof value !== 'boolean') throw new InvalidReadStoreRequestError(`${path}.$exists takes a boolean`);
        conditions.push({ path, op: 'exists', value });
      } else {
        throw new InvalidReadStoreRequestError(`unsupported operator ${operator} on ${path}`);
      }
    }
  }
  return conditions;
}

/** Validates a sort and lists its keys in order, with `id` appended as the tie-breaker. */
export function parseSort(sort: SortSpec = {}): [path: string, direction: 1 | -1][] {
  const keys = Object.entries(sort).map(([path, direction]): [string, 1 | -1] => {
    assertFieldPath(path);
    if (direction !== 1 && direction !== -1) throw new InvalidReadStoreRequestError(`sort direction of ${path} must be 1 or -1`);
    return [path, direction];
  });
  return keys.some(([path]) => path === 'id') ? keys : [...keys, ['id', 1]];
}

/** Non-negative integers, or undefined. */
export function assertPaging(limit: number | undefined, skip: number | undefined): void {
  for (const [name, value] of [['limit', limit], ['skip', skip]] as const) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
      throw new InvalidReadStoreRequestError(`${name} must be a non-negative integer`);
    }
  }
}
