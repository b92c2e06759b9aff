/**
 * Translates the filter language into SQL over a table `(id TEXT, position INTEGER, doc TEXT)`,
 * matching MongoDB's semantics: each comparison checks the JSON type first, because SQLite would
 * otherwise compare a string with a number, or `true` with 1.
 */
import { parseFilter, parseSort, type Condition, type DocumentFilter, type SortSpec } from '../document-filter.js';
import type { JsonScalar } from '../read-store.port.js';

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** The SQL expression that holds the field's value (validated paths only: no quoting needed). */
export function valueExpression(path: string): string {
  return path === 'id' ? 'id' : `json_extract(doc, '$.${path}')`;
}

/** 'missing', 'null', 'true', 'false', 'integer', 'real', 'text', 'array' or 'object'. */
function typeExpression(path: string): string {
  return path === 'id' ? `'text'` : `coalesce(json_type(doc, '$.${path}'), 'missing')`;
}

function equals(path: string, value: JsonScalar): SqlFragment {
  // Ids are always text: a plain comparison lets SQLite use the primary key.
  if (path === 'id') return typeof value === 'string' ? { sql: 'id = ?', params: [value] } : { sql: '0', params: [] };
  const type = typeExpression(path);
  if (value === null) return { sql: `${type} IN ('null', 'missing')`, params: [] };
  if (typeof value === 'boolean') return { sql: `${type} = '${value ? 'true' : 'false'}'`, params: [] };
  return compare(path, '=', value);
}

function compare(path: string, operator: string, value: string | number): SqlFragment {
  const types = typeof value === 'number' ? `('integer', 'real')` : `('text')`;
  return { sql: `(${typeExpression(path)} IN ${types} AND ${valueExpression(path)} ${operator} ?)`, params: [value] };
}

const RANGE_SQL = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function conditionSql(condition: Condition): SqlFragment {
  switch (condition.op) {
    case 'eq':
      return equals(condition.path, condition.value);
    case 'ne': {
      const eq = equals(condition.path, condition.value);
      return { sql: `NOT (${eq.sql})`, params: eq.params };
    }
    case 'in': {
      if (condition.values.length === 0) return { sql: '0', params: [] };
      const parts = condition.values.map((value) => equals(condition.path, value));
      return { sql: `(${parts.map((part) => part.sql).join(' OR ')})`, params: parts.flatMap((part) => part.params) };
    }
    case 'exists':
      return { sql: `${typeExpression(condition.path)} ${condition.value ? '<>' : '='} 'missing'`, params: [] };
    default:
      return compare(condition.path, RANGE_SQL[condition.op], condition.value);
  }
}

export function whereSql(filter: DocumentFilter | undefined): SqlFragment {
  const parts = parseFilter(filter).map(conditionSql);
  if (parts.length === 0) return { sql: '', params: [] };
  return { sql: ` WHERE ${parts.map((part) => part.sql).join(' AND ')}`, params: parts.flatMap((part) => part.params) };
}

/** MongoDB's order across types: null and missing, numbers, strings, objects, arrays, booleans. */
function typeRank(path: string): string {
  return `CASE ${typeExpression(path)} WHEN 'missing' THEN 0 WHEN 'null' THEN 0 WHEN 'integer' THEN 1 WHEN 'real' THEN 1 WHEN 'text' THEN 2 WHEN 'object' THEN 3 WHEN 'array' THEN 4 ELSE 5 END`;
}

export function orderBySql(sort: SortSpec | undefined): string {
  const keys = parseSort(sort).map(([path, direction]) => {
    const order = direction === 1 ? 'ASC' : 'DESC';
    return path === 'id' ? `id ${order}` : `${typeRank(path)} ${order}, ${valueExpression(path)} ${order}`;
  });
  return ` ORDER BY ${keys.join(', ')}`;
}
