import type { ReadStore } from '#libs/read-store';
import { collectionName } from './projection-names.js';

/**
 * For queries: the stored name of a projection's collection in its active version. The pointer
 * is cached for `ttlMs`, so after a takeover queries move within that time (keep it well below
 * the projector's `retireDelayMs`). "No version yet" is never cached: it holds only until the
 * projector's first activation, and a cached absence would answer an empty read model without
 * asking the store (even while the store is down).
 */
export class ActiveCollections {
  private readonly cache = new Map<string, { version: number | null; until: number }>();

  constructor(
    private readonly readStore: ReadStore,
    private readonly ttlMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Null when no version of the projection is active yet. */
  async name(projection: string, collection: string): Promise<string | null> {
    const version = await this.activeVersion(projection);
    return version === null ? null : collectionName(projection, version, collection);
  }

  private async activeVersion(projection: string): Promise<number | null> {
    const cached = this.cache.get(projection);
    if (cached && cached.until > this.now()) return cached.version;
    const version = await this.readStore.getActiveVersion(projection);
    if (version === null) this.cache.delete(projection);
    else this.cache.set(projection, { version, until: this.now() + this.ttlMs });
    return version;
  }
}
