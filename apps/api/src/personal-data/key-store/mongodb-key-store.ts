import { Binary, MongoClient, type Collection } from 'mongodb';
import { StoreUnavailableError } from '#libs/event-store';
import { KEY_BYTES, positionText, type IdNumberClaim, type KeyCandidate, type KeyOutcome, type KeyStore } from './key-store.port.js';

interface KeyDocument {
  _id: string;
  key: Binary;
  createdAt: Date;
}
interface MarkDocument {
  _id: string;
  at: Date;
}
interface IdNumberDocument {
  /** The keyed hash of the ID number: unique by being the id. */
  _id: string;
  personId: string;
  at: Date;
}
interface ErasureLogDocument {
  _id: 'applied';
  /** 20-digit text: `$max` on it is the numeric maximum. */
  through: string;
}

/** Every write waits until it is journaled on a majority: a key is durable before the event sealed with it is appended. */
const DURABLE = { writeConcern: { w: 'majority' as const, j: true } };

/**
 * The key store every api process shares, in MongoDB (its own database, `KEY_STORE_DATABASE`, never
 * the read models'). No cache: each read asks the server.
 *
 * Without a lock, creation and erasure are ordered by what each writes first: an erasure marks the
 * person erased, then overwrites and deletes the key; a creation writes the key, then looks for the
 * mark, and destroys its own key if it finds one. Whatever the interleaving, no key survives an erasure.
 *
 * An erased key is overwritten with zeros, then deleted. What remains on disk is the server's business:
 * WiredTiger keeps freed blocks until they are reused or `compact` runs; FerretDB stores each document as
 * a PostgreSQL row, where the overwrite and the delete leave dead row versions until a VACUUM, and a
 * plain VACUUM leaves their bytes in the page's free space (decision 0013).
 */
export class MongoDbKeyStore implements KeyStore {
  readonly kind = 'mongodb';
  private readonly keys: Collection<KeyDocument>;
  private readonly erased: Collection<MarkDocument>;
  private readonly begun: Collection<MarkDocument>;
  private readonly erasureLog: Collection<ErasureLogDocument>;
  private readonly idNumbers: Collection<IdNumberDocument>;

  private constructor(
    private readonly client: MongoClient,
    database: string,
    private readonly where: string,
  ) {
    const db = client.db(database);
    this.keys = db.collection<KeyDocument>('person_keys');
    this.erased = db.collection<MarkDocument>('erased_persons');
    this.begun = db.collection<MarkDocument>('erasures_begun');
    this.erasureLog = db.collection<ErasureLogDocument>('erasure_log');
    this.idNumbers = db.collection<IdNumberDocument>('id_numbers');
  }

  static async connect(url: string, database: string): Promise<MongoDbKeyStore> {
    const where = describeMongoUrl(url, database);
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
    try {
      await client.connect();
      await client.db(database).command({ ping: 1 });
      const store = new MongoDbKeyStore(client, database, where);
      // An erasure deletes a person's ID numbers by person id.
      await store.idNumbers.createIndex({ personId: 1 });
      return store;
    } catch (error) {
      await client.close().catch(() => undefined);
      throw new StoreUnavailableError(`cannot open the MongoDB key store at ${where}: ${(error as Error).message.split('\n')[0]}`, { cause: error });
    }
  }

  getKeys(personIds: readonly string[]): Promise<Map<string, Buffer>> {
    return this.guard(async () => {
      if (personIds.length === 0) return new Map();
      const docs = await this.keys.find({ _id: { $in: [...personIds] } }).toArray();
      return new Map(docs.map((doc) => [doc._id, Buffer.from(doc.key.buffer)]));
    });
  }

  createKeys(candidates: readonly KeyCandidate[]): Promise<KeyOutcome[]> {
    return this.guard(async () => {
      const ids = [...new Set(candidates.map((c) => c.personId))];
      const erasedBefore = new Set((await this.erased.find({ _id: { $in: ids } }).toArray()).map((doc) => doc._id));
      const fresh = candidates.filter((c) => !erasedBefore.has(c.personId));
      if (fresh.length > 0) {
        const createdAt = new Date();
        await this.keys.bulkWrite(
          fresh.map((c) => ({ updateOne: { filter: { _id: c.personId }, update: { $setOnInsert: { key: new Binary(c.candidate), createdAt } }, upsert: true } })),
          { ordered: false, ...DURABLE },
        );
      }
      // An erasure that marked the person while the key was written: this creation lost, its key goes.
      const erasedNow = new Set((await this.erased.find({ _id: { $in: ids } }).toArray()).map((doc) => doc._id));
      for (const personId of erasedNow) if (!erasedBefore.has(personId)) await this.destroy(personId);
      const keyOf = await this.getKeys(ids);
      return candidates.map(({ personId }): KeyOutcome => {
        if (erasedNow.has(personId)) return { erased: true };
        const key = keyOf.get(personId);
        return key ? { key } : { error: new Error('key store: a created key cannot be read back') };
      });
    });
  }

  findIdNumber(idNumberHash: string): Promise<string | null> {
    return this.guard(async () => (await this.idNumbers.findOne({ _id: idNumberHash }))?.personId ?? null);
  }

  /**
   * The hash is the document's id, so of two claims inserted at once one fails on the duplicate key
   * (11000: on MongoDB and on FerretDB) and reads the winner. Ordered against an erasure as a key's
   * creation is: the claim is written, then the erased mark looked for, and the claim withdrawn if found.
   */
  claimIdNumber(idNumberHash: string, personId: string): Promise<IdNumberClaim> {
    return this.guard(async () => {
      for (let attempt = 0; ; attempt++) {
        const owner = await this.idNumbers.findOne({ _id: idNumberHash });
        if (owner) return { personId: owner.personId };
        if (await this.erased.findOne({ _id: personId })) return { erased: true };
        try {
          await this.idNumbers.insertOne({ _id: idNumberHash, personId, at: new Date() }, DURABLE);
        } catch (error) {
          // Another claim of this hash came first: read its owner (the next round), unless it was erased meanwhile.
          if (!isDuplicateKey(error) || attempt >= 5) throw error;
          continue;
        }
        if (await this.erased.findOne({ _id: personId })) {
          await this.idNumbers.deleteOne({ _id: idNumberHash, personId }, DURABLE);
          return { erased: true };
        }
        return { personId };
      }
    });
  }

  beginErasure(personId: string): Promise<void> {
    return this.guard(async () => {
      await this.begun.updateOne({ _id: personId }, { $setOnInsert: { at: new Date() } }, { upsert: true, ...DURABLE });
    });
  }

  abandonErasure(personId: string): Promise<void> {
    return this.guard(async () => {
      await this.begun.deleteOne({ _id: personId }, DURABLE);
    });
  }

  erasuresBegun(): Promise<string[]> {
    return this.guard(async () => (await this.begun.find({}).sort({ at: 1, _id: 1 }).toArray()).map((doc) => doc._id));
  }

  wasErased(personId: string): Promise<boolean> {
    return this.guard(async () => (await this.erased.findOne({ _id: personId })) !== null);
  }

  erasuresAppliedThrough(): Promise<bigint | null> {
    return this.guard(async () => {
      const doc = await this.erasureLog.findOne({ _id: 'applied' });
      return doc ? BigInt(doc.through) : null;
    });
  }

  recordErasuresAppliedThrough(position: bigint): Promise<void> {
    return this.guard(async () => {
      await this.erasureLog.updateOne({ _id: 'applied' }, { $max: { through: positionText(position) } }, { upsert: true, ...DURABLE });
    });
  }

  /** Mark, overwrite the key with zeros, delete it and the ID numbers; then the note goes. Nothing here waits for another process. */
  tryErase(personId: string): Promise<boolean> {
    return this.guard(async () => {
      await this.erased.updateOne({ _id: personId }, { $setOnInsert: { at: new Date() } }, { upsert: true, ...DURABLE });
      await this.destroy(personId);
      await this.idNumbers.deleteMany({ personId }, DURABLE);
      await this.begun.deleteOne({ _id: personId }, DURABLE);
      return true;
    });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async destroy(personId: string): Promise<void> {
    await this.keys.updateOne({ _id: personId }, { $set: { key: new Binary(Buffer.alloc(KEY_BYTES)) } }, DURABLE);
    await this.keys.deleteOne({ _id: personId }, DURABLE);
  }

  /** A server that cannot be reached is a StoreUnavailableError naming the store (503, may be retried). */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const name = (error as Error | null)?.name ?? '';
      if (/^Mongo(ServerSelection|Network|NotConnected|TopologyClosed)/.test(name)) {
        throw new StoreUnavailableError(`key store ${this.where} unavailable: ${(error as Error).message.split('\n')[0]}`, { cause: error });
      }
      throw error;
    }
  }
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

/** Host and database, never the credentials. */
function describeMongoUrl(url: string, database: string): string {
  try {
    const parsed = new URL(url);
    return `mongodb://${parsed.host}/${database}`;
  } catch {
    return 'mongodb (unparsable URL)';
  }
}
