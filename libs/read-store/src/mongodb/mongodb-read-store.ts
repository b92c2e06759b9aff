import {
  MongoBulkWriteError,
  MongoClient,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type AnyBulkWriteOperation,
  type Collection,
  type Db,
  type Document,
  type Filter,
} from 'mongodb';
import { assertCollectionName, MONGODB_META_COLLECTIONS } from '../collection-names.js';
import { assertFieldPath, assertPaging, type DocumentFilter } from '../document-filter.js';
import { ReadStoreUnavailableError, type AnyFields, type FindOptions, type ReadStore, type ReadStoreHealth, type StoredDocument, type WriteOp } from '../read-store.port.js';
import { assertWriteBatch, documentFields } from '../write-batch.js';
import { mongoFilter, mongoSort } from './mongodb-query.js';

const DUPLICATE_KEY = 11000;
/** How long opening the read store waits for a server before it gives up. */
const CONNECT_TIMEOUT_MS = 5000;

/** A document as MongoDB holds it. */
type MongoRecord = { _id: string; _position: bigint } & Document;

export interface MongoDbReadStoreConfig {
  url: string;
  /** Defaults to the database named in the URL. */
  database?: string;
  /** How long an operation waits for a server before it fails (default `SERVER_SELECTION_TIMEOUT_MS`). */
  serverSelectionTimeoutMS?: number;
}

/**
 * The driver waits 30 s for a server by default: a query would hang that long while the store is down.
 * Two seconds is plenty for a server that is up; the projector retries a failed write with back-off anyway.
 */
export const SERVER_SELECTION_TIMEOUT_MS = 2_000;

/**
 * Read models in MongoDB (or FerretDB), one collection per collection, `_id` = id. Positions are
 * BSON int64 (the client runs with `useBigInt64`, so they read back as bigint): they compare
 * numerically, unlike numbers (exact only to 2^53) or strings (which would need padding).
 * No multi-document transactions: the `_position` guard makes every write idempotent instead.
 */
export class MongoDbReadStore implements ReadStore {
  readonly adapter = 'mongodb' as const;
  private readonly db: Db;

  private constructor(private readonly client: MongoClient, database: string | undefined) {
    this.db = client.db(database);
  }

  /**
   * Connects and pings the database. A server that cannot be reached fails within
   * `CONNECT_TIMEOUT_MS` with one line naming host and database (never the credentials), rather than
   * after the client's 30 s server selection; once open, an operation waits `serverSelectionTimeoutMS` for a server (2 s by default) and then answers store_unavailable.
   */
  static async connect(config: MongoDbReadStoreConfig): Promise<MongoDbReadStore> {
    const timeout = config.serverSelectionTimeoutMS ?? SERVER_SELECTION_TIMEOUT_MS;
    const client = new MongoClient(config.url, { useBigInt64: true, serverSelectionTimeoutMS: timeout, connectTimeoutMS: timeout, socketTimeoutMS: SOCKET_TIMEOUT_MS });
    let timer: NodeJS.Timeout | undefined;
    try {
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no server answered within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
      });
      await Promise.race([client.connect().then(() => client.db(config.database).command({ ping: 1 })), timedOut]);
      return new MongoDbReadStore(client, config.database);
    } catch (error) {
      await client.close().catch(() => undefined);
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new Error(`cannot open the MongoDB read store at ${describeMongoUrl(config.url, config.database)}: ${reason}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async get<T = AnyFields>(collection: string, id: string): Promise<StoredDocument<T> | null> {
    const doc = await reading(() => this.documents(collection).findOne({ _id: id }));
    return doc ? toDocument<T>(doc) : null;
  }

  async getMany<T = AnyFields>(collection: string, ids: readonly string[]): Promise<StoredDocument<T>[]> {
    if (ids.length === 0) return [];
    const docs = await reading(() => this.documents(collection).find({ _id: { $in: [...ids] } }).toArray());
    return docs.map((doc) => toDocument<T>(doc));
  }

  async find<T = AnyFields>(collection: string, options: FindOptions = {}): Promise<StoredDocument<T>[]> {
    assertPaging(options.limit, options.skip);
    const cursor = this.documents(collection).find(mongoFilter(options.filter), { sort: mongoSort(options.sort) });
    if (options.skip) cursor.skip(options.skip);
    // A MongoDB limit of 0 means none; ours means zero documents.
    if (options.limit === 0) return [];
    if (options.limit !== undefined) cursor.limit(options.limit);
    return (await reading(() => cursor.toArray())).map((doc) => toDocument<T>(doc));
  }

  async count(collection: string, filter?: DocumentFilter): Promise<number> {
    return Number(await reading(() => this.documents(collection).countDocuments(mongoFilter(filter))));
  }

  async ensureIndex(collection: string, fields: readonly string[]): Promise<void> {
    fields.forEach(assertFieldPath);
    await this.documents(collection).createIndex(Object.fromEntries(fields.map((field) => [field === 'id' ? '_id' : field, 1])));
  }

  async applyBatch(projection: string, ops: readonly WriteOp[], checkpoint: bigint): Promise<void> {
    assertWriteBatch(ops);
    await this.writeDocuments(ops);
    // Only after every document: a crash in between replays events the documents ignore.
    await this.meta('checkpoints').updateOne({ _id: projection }, { $set: { position: checkpoint }, $unset: { unfinished: '' } }, { upsert: true });
  }

  async applyPartialBatch(projection: string, ops: readonly WriteOp[], through: bigint): Promise<void> {
    assertWriteBatch(ops);
    // Before any document: a crash among them leaves the batch to replay exactly as it was.
    await this.meta('checkpoints').updateOne({ _id: projection }, { $set: { unfinished: through } }, { upsert: true });
    await this.writeDocuments(ops);
  }

  async getUnfinishedBatch(projection: string): Promise<bigint | null> {
    const doc = await reading(() => this.meta('checkpoints').findOne({ _id: projection }));
    return doc?.['unfinished'] == null ? null : BigInt(doc['unfinished'] as bigint);
  }

  async getCheckpoint(projection: string): Promise<bigint | null> {
    const doc = await reading(() => this.meta('checkpoints').findOne({ _id: projection }));
    // A batch begun before the first checkpoint leaves a document without a position.
    return doc?.['position'] == null ? null : BigInt(doc['position'] as bigint);
  }

  async deleteCheckpoint(projection: string): Promise<void> {
    await this.meta('checkpoints').deleteOne({ _id: projection });
  }

  async listCollections(prefix = ''): Promise<string[]> {
    const meta = new Set<string>(Object.values(MONGODB_META_COLLECTIONS));
    const collections = await this.db.listCollections({}, { nameOnly: true }).toArray();
    return collections
      .map((collection) => collection.name)
      .filter((name) => name.startsWith(prefix) && !meta.has(name) && !name.startsWith('system.'))
      .sort();
  }

  async dropCollections(prefix: string): Promise<void> {
    for (const name of await this.listCollections(prefix)) await this.db.dropCollection(name);
  }

  async getActiveVersion(projection: string): Promise<number | null> {
    const doc = await reading(() => this.meta('activeVersions').findOne({ _id: projection }));
    return doc ? Number(doc['version']) : null;
  }

  async setActiveVersion(projection: string, version: number): Promise<void> {
    await this.meta('activeVersions').updateOne({ _id: projection }, { $set: { version } }, { upsert: true });
  }

  async tryAcquireLease(lease: string, owner: string, ttlMs: number, nowMs: number): Promise<boolean> {
    try {
      await this.meta('leases').updateOne(
        { _id: lease, $or: [{ owner }, { expiresAt: { $lte: nowMs } }] },
        { $set: { owner, expiresAt: nowMs + ttlMs } },
        { upsert: true },
      );
      return true;
    } catch (error) {
      // Held by another owner: the filter missed and the upsert collided with the existing lease.
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  async releaseLease(lease: string, owner: string): Promise<void> {
    await this.meta('leases').deleteOne({ _id: lease, owner });
  }

  async health(): Promise<ReadStoreHealth> {
    try {
      await within(this.db.command({ ping: 1 }), HEALTH_TIMEOUT_MS, 'its ping');
      return { ok: true, adapter: this.adapter };
    } catch (error) {
      return { ok: false, adapter: this.adapter, detail: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /**
   * A guard that fails on an existing document makes its upsert collide on `_id`: that is the
   * write being ignored, as intended. MongoDB carries on past such errors in an unordered bulk
   * write, FerretDB v1 stops at the first one, so on any collision every op of the collection is
   * sent again alone: the guard makes the repeats of writes that already landed no-ops.
   */
  private async writeGuarded(collection: string, ops: readonly WriteOp[]): Promise<void> {
    const documents = this.documents(collection);
    try {
      await documents.bulkWrite(ops.map(toBulkOperation), { ordered: false });
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError && onlyDuplicateKeys(error))) throw error;
      for (const op of ops) await writeAlone(documents, op);
    }
  }

  private async writeDocuments(ops: readonly WriteOp[]): Promise<void> {
    const byCollection = new Map<string, WriteOp[]>();
    for (const op of ops) byCollection.set(op.collection, [...(byCollection.get(op.collection) ?? []), op]);
    await Promise.all([...byCollection].map(([collection, collectionOps]) => this.writeGuarded(collection, collectionOps)));
  }

  private documents(collection: string): Collection<MongoRecord> {
    assertCollectionName(collection);
    return this.db.collection(collection);
  }

  private meta(name: keyof typeof MONGODB_META_COLLECTIONS): Collection<{ _id: string } & Document> {
    return this.db.collection(MONGODB_META_COLLECTIONS[name]);
  }
}

/**
 * How long a read may wait for its answer. A server that takes the connection and the heartbeats but never
 * answers an operation (FerretDB with every PostgreSQL connection of its pool taken, seen under kills) would
 * otherwise hold each query, and /health, for as long as the server stays stuck: the query answers 503
 * `store_unavailable` after this instead (the operation itself ends when `SOCKET_TIMEOUT_MS` closes its connection).
 */
export const READ_TIMEOUT_MS = 10_000;
/** How long /health waits for the server's ping: it says "down" promptly, as for a server that is away. */
export const HEALTH_TIMEOUT_MS = 3_000;
/** A connection on which nothing comes back for this long is closed, so that a stuck server's connections do not stay in the pool. */
export const SOCKET_TIMEOUT_MS = 30_000;

/** `work`, or `ReadStoreUnavailableError` once `ms` have passed without its answer. */
export async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadStoreUnavailableError(`The read store did not answer ${what} within ${ms / 1000} s.`)), ms);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A read whose server cannot be reached, or does not answer within `READ_TIMEOUT_MS`, fails as `ReadStoreUnavailableError`; any other error as it is. */
async function reading<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await within(read(), READ_TIMEOUT_MS, 'a read');
  } catch (error) {
    if (error instanceof ReadStoreUnavailableError) throw error;
    const lost =
      error instanceof MongoServerSelectionError ||
      error instanceof MongoNetworkError ||
      error instanceof MongoTopologyClosedError ||
      error instanceof MongoNotConnectedError;
    if (lost) throw new ReadStoreUnavailableError('The read store cannot be reached.', { cause: error });
    throw error;
  }
}

function guard(op: WriteOp): Filter<MongoRecord> {
  return { _id: op.id, $or: [{ _position: { $lt: op.position } }, { _position: { $exists: false } }] };
}

function toBulkOperation(op: WriteOp): AnyBulkWriteOperation<MongoRecord> {
  switch (op.type) {
    case 'upsert':
      return { replaceOne: { filter: guard(op), replacement: { ...documentFields(op.doc), _position: op.position }, upsert: true } };
    case 'patch': {
      const update: Document = { $set: { ...documentFields(op.set ?? {}), _position: op.position } };
      if (op.unset?.length) update['$unset'] = Object.fromEntries(op.unset.map((field) => [field, '']));
      return { updateOne: { filter: guard(op), update, upsert: true } };
    }
    case 'delete':
      return { deleteOne: { filter: { _id: op.id, _position: { $lt: op.position } } } };
    case 'increment':
      return { updateOne: { filter: guard(op), update: { $inc: { ...op.inc }, $set: { ...documentFields(op.set ?? {}), _position: op.position } }, upsert: true } };
  }
}

async function writeAlone(documents: Collection<MongoRecord>, op: WriteOp): Promise<void> {
  try {
    await documents.bulkWrite([toBulkOperation(op)]);
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError && onlyDuplicateKeys(error))) throw error;
  }
}

function onlyDuplicateKeys(error: MongoBulkWriteError): boolean {
  const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  return writeErrors.length > 0 && writeErrors.every((writeError) => writeError.code === DUPLICATE_KEY) && !error.writeConcernError;
}

function toDocument<T>(doc: MongoRecord): StoredDocument<T> {
  const { _id, _position, ...fields } = doc;
  return { id: String(_id), ...fields, _position: BigInt(_position as bigint) } as StoredDocument<T>;
}

/** Host and database of a connection string, for messages: never the credentials. */
function describeMongoUrl(url: string, database: string | undefined): string {
  try {
    const parsed = new URL(url);
    return `mongodb://${parsed.host}/${database ?? parsed.pathname.slice(1)}`;
  } catch {
    return 'mongodb (unparsable MONGODB_URL)';
  }
}
