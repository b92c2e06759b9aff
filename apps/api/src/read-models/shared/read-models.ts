import { Inject, Injectable } from '@nestjs/common';
import { ActiveCollections } from '#libs/projections';
import type { AnyFields, FindOptions, ReadStore, StoredDocument } from '#libs/read-store';
import { READ_STORE } from './read-model.tokens.js';

/** Ids per `getMany` or `$in`: keeps SQLite parameters and MongoDB lists modest. */
const CHUNK = 500;

const chunks = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Reads a projection's collection in its active version (the one that took over), so queries
 * follow a blue/green rebuild. Before any version is active the collection reads as empty.
 */
@Injectable()
export class ReadModels {
  private readonly active: ActiveCollections;

  constructor(@Inject(READ_STORE) readonly store: ReadStore) {
    this.active = new ActiveCollections(store, 1000);
  }

  async get<T = AnyFields>(projection: string, collection: string, id: string): Promise<StoredDocument<T> | null> {
    const name = await this.active.name(projection, collection);
    return name === null ? null : this.store.get<T>(name, id);
  }

  async getMany<T = AnyFields>(projection: string, collection: string, ids: readonly string[]): Promise<StoredDocument<T>[]> {
    const name = await this.active.name(projection, collection);
    if (name === null) return [];
    const found = await Promise.all(chunks([...new Set(ids)]).map((chunk) => this.store.getMany<T>(name, chunk)));
    return found.flat();
  }

  async find<T = AnyFields>(projection: string, collection: string, options: FindOptions = {}): Promise<StoredDocument<T>[]> {
    const name = await this.active.name(projection, collection);
    return name === null ? [] : this.store.find<T>(name, options);
  }

  /** `field` in `values`, in chunks, with the rest of the filter (uses the index on `field`). */
  async findIn<T = AnyFields>(projection: string, collection: string, field: string, values: readonly string[]): Promise<StoredDocument<T>[]> {
    const found = await Promise.all(chunks([...new Set(values)]).map((chunk) => this.find<T>(projection, collection, { filter: { [field]: { $in: chunk } } })));
    return found.flat();
  }
}
