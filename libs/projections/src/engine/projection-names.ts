import type { Projection } from './projection.js';

const NAME = /^[a-z][a-z0-9]*(_[a-z][a-z0-9]*)*$/;
const VERSION_WORD = /(^|_)v\d+(_|$)/;

/** The checkpoint key of one version of a projection: `workers_v2`. */
export function projectionKey(name: string, version: number): string {
  return `${name}_v${version}`;
}

/** The stored name of a projection's collection: `workers_v2_workers`. */
export function collectionName(name: string, version: number, collection: string): string {
  return `${projectionKey(name, version)}_${collection}`;
}

/** The version a stored collection belongs to, when it belongs to `name`. */
export function versionOfCollection(name: string, stored: string): number | null {
  const match = new RegExp(`^${name}_v(\\d+)_`).exec(stored);
  return match ? Number(match[1]) : null;
}

/**
 * Names cannot contain a word like `v2`, so that `<name>_v<version>_` prefixes never overlap
 * between projections or versions.
 */
export function assertProjectionDefinition(projection: Projection): void {
  const { name, version, collections } = projection;
  if (!NAME.test(name) || VERSION_WORD.test(name)) throw new Error(`invalid projection name: ${JSON.stringify(name)}`);
  if (!Number.isSafeInteger(version) || version < 1) throw new Error(`projection ${name}: version must be a positive integer`);
  if (collections.length === 0) throw new Error(`projection ${name}: no collections`);
  for (const collection of collections) {
    if (!/^[a-z][a-z0-9_]*$/.test(collection)) throw new Error(`projection ${name}: invalid collection name ${JSON.stringify(collection)}`);
  }
  for (const collection of Object.keys(projection.indexes ?? {})) {
    if (!collections.includes(collection)) throw new Error(`projection ${name}: index on unknown collection ${collection}`);
  }
}
