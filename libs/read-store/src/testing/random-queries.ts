/**
 * Seeded random queries over MIXED_DOCUMENTS, to compare adapters on more combinations than the
 * conformance suite spells out.
 */
import type { DocumentFilter, FieldOperators, SortSpec } from '../document-filter.js';
import type { FindOptions, JsonScalar } from '../read-store.port.js';

/** Scalar fields only: sorting on objects is outside the language (the stores order them differently). */
const FIELDS = ['v', 's', 'a.b', 'id', 'tag'];
const VALUES: JsonScalar[] = [null, true, false, 0, 1, 2.5, -3, 10, 'x', '10', 'apple', 'b', 'deep', 'éclair', '', 't05', 'kiwi'];
const RANGE_VALUES = VALUES.filter((value): value is string | number => typeof value === 'string' || typeof value === 'number');

/** Mulberry32: small, seedable, good enough to pick test cases. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomQueries(count: number, seed = 20260101): FindOptions[] {
  const random = randomSource(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  const condition = (): JsonScalar | FieldOperators => {
    switch (pick(['eq', 'ne', 'in', 'range', 'range2', 'exists'])) {
      case 'eq':
        return pick(VALUES);
      case 'ne':
        return { $ne: pick(VALUES) };
      case 'in':
        return { $in: Array.from({ length: Math.floor(random() * 4) }, () => pick(VALUES)) };
      case 'range':
        return { [pick(['$gt', '$gte', '$lt', '$lte'])]: pick(RANGE_VALUES) };
      case 'range2':
        return { [pick(['$gt', '$gte'])]: pick(RANGE_VALUES), [pick(['$lt', '$lte'])]: pick(RANGE_VALUES) };
      default:
        return { $exists: random() < 0.5 };
    }
  };

  return Array.from({ length: count }, () => {
    const filter: DocumentFilter = {};
    const fieldCount = Math.floor(random() * 3);
    for (let i = 0; i < fieldCount; i++) filter[pick(FIELDS)] = condition();
    const sort: SortSpec = {};
    const sortCount = Math.floor(random() * 3);
    for (let i = 0; i < sortCount; i++) sort[pick(FIELDS)] = random() < 0.5 ? 1 : -1;
    const options: FindOptions = { filter, sort };
    if (random() < 0.3) options.skip = Math.floor(random() * 5);
    if (random() < 0.3) options.limit = Math.floor(random() * 5);
    return options;
  });
}
