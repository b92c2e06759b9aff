/**
 * Translates the filter language into MongoDB queries: the operators are MongoDB's own, so the
 * translation only renames `id` to `_id` and states the type checks MongoDB leaves implicit.
 */
import type { Document, Filter, Sort } from 'mongodb';
import { parseFilter, parseSort, type Condition, type DocumentFilter, type SortSpec } from '../document-filter.js';

function fieldName(path: string): string {
  return path === 'id' ? '_id' : path;
}

function conditionQuery(condition: Condition): Document {
  switch (condition.op) {
    case 'in':
      return { $in: condition.values };
    case 'exists':
      return { $exists: condition.value };
    default:
      return { [`$${condition.op}`]: condition.value };
  }
}

export function mongoFilter<T extends Document>(filter: DocumentFilter | undefined): Filter<T> {
  // Several conditions on one path go under $and so that none overwrites another.
  const clauses = parseFilter(filter).map((condition) => ({ [fieldName(condition.path)]: conditionQuery(condition) }));
  if (clauses.length === 0) return {};
  return (clauses.length === 1 ? clauses[0]! : { $and: clauses }) as Filter<T>;
}

export function mongoSort(sort: SortSpec | undefined): Sort {
  return parseSort(sort).map(([path, direction]): [string, 1 | -1] => [fieldName(path), direction]);
}
