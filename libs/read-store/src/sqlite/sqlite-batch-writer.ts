/**
 * The SQLite read store's batch writes, on whichever connection holds them: the store's own, or a
 * writer thread's (`SqliteWriterThread`). Documents arrive serialised (`encodeOps`, on the caller's
 * thread), so that a thread receives strings to copy rather than objects to clone.
 */
import type Database from 'better-sqlite3';
import type { DocumentFields, WriteOp } from '../read-store.port.js';
import { applyIncrement, applyPatch, documentFields } from '../write-batch.js';
import { BUSY_TIMEOUT_MS } from './sqlite-read-database.js';

/** A write op with its document as JSON text: what `SqliteBatchWriter` applies. */
export type EncodedOp =
  | { type: 'upsert'; collection: string; id: string; position: bigint; json: string }
  /** `created`: the document when it does not exist yet, which is the set fields (their JSON). */
  | { type: 'patch'; collection: string; id: string; position: bigint; created: string; unset?: readonly string[] }
  /** `created`: the document when it does not exist yet (the counters from 0 and the set fields). */
  | { type: 'increment'; collection: string; id: string; position: bigint; created: string; inc: Readonly<Record<string, number>>; set?: object }
  | { type: 'delete'; collection: string; id: string; position: bigint };

/** Serialises each document once (ops already checked by `assertWriteBatch`). */
export function encodeOps(ops: readonly WriteOp[]): EncodedOp[] {
  return ops.map((op): EncodedOp => {
    switch (op.type) {
      case 'upsert':
        return { type: 'upsert', collection: op.collection, id: op.id, position: op.position, json: serialise(op.doc) };
      case 'patch': {
        // Patch fields are top-level and not reserved, and none is both set and unset: the set fields
        // are the new document. Sent as text only: a thread copies a string far faster than an object.
        const { collection, id, position, unset } = op;
        return { type: 'patch', collection, id, position, created: serialise(op.set ?? {}), ...(unset?.length ? { unset } : {}) };
      }
      case 'increment':
        return { ...op, created: JSON.stringify(applyIncrement(undefined, op.inc, op.set)) };
      case 'delete':
        return op;
    }
  });
}

/**
 * The JSON text stored for a document: what `documentFields` keeps, without copying the document
 * when it holds none of the reserved fields (JSON.stringify leaves undefined fields out by itself).
 */
function serialise(doc: object): string {
  return Object.hasOwn(doc, 'id') || Object.hasOwn(doc, '_id') || Object.hasOwn(doc, '_position') ? JSON.stringify(documentFields(doc)) : JSON.stringify(doc);
}

interface DocumentRow {
  id: string;
  position: bigint;
  doc: string;
}

/** The prepared writes of one collection, so that a batch neither builds SQL nor looks statements up per document. */
interface CollectionWriter {
  /** Guarded: takes effect when the stored document is older than the write, or missing. */
  upsert: Database.Statement<[string, bigint, string]>;
  /** Takes effect only when the document is missing (changes 0 otherwise). */
  insertNew: Database.Statement<[string, bigint, string]>;
  read: Database.Statement<[string], DocumentRow>;
  delete: Database.Statement<[string, bigint]>;
}

/** How long a lease statement waits for another process's write: short, the lease loop tries again soon. */
const LEASE_BUSY_TIMEOUT_MS = 100;

export class SqliteBatchWriter {
  private readonly writers = new Map<string, CollectionWriter>();
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      checkpoint: db.prepare<[string, bigint]>(
        'INSERT INTO _checkpoints (projection, position) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position',
      ),
      finished: db.prepare<[string]>('DELETE FROM _unfinished_batches WHERE projection = ?'),
      unfinished: db.prepare<[string, bigint]>(
        'INSERT INTO _unfinished_batches (projection, through) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET through = excluded.through',
      ),
      acquireLease: db.prepare<[string, string, number, number]>(
        `INSERT INTO _leases (lease, owner, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (lease) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE _leases.owner = excluded.owner OR _leases.expires_at <= ?`,
      ),
      releaseLease: db.prepare<[string, string]>('DELETE FROM _leases WHERE lease = ? AND owner = ?'),
    };
  }

  /**
   * Takes or renews the lease (see `ReadStore.tryAcquireLease`). On the connection of the batch writes,
   * so that a holder's renewal waits for its own batch rather than failing on it as another connection
   * would (SQLITE_BUSY after the busy timeout); and with a short busy timeout, so that an attempt held
   * up by another process's write fails at once and is tried again with the time of then, rather than
   * deciding on a time some seconds old once the lock is free.
   */
  tryAcquireLease(lease: string, owner: string, ttlMs: number, nowMs: number): boolean {
    return this.withBusyTimeout(LEASE_BUSY_TIMEOUT_MS, () => this.statements.acquireLease.run(lease, owner, nowMs + ttlMs, nowMs).changes === 1);
  }

  releaseLease(lease: string, owner: string): void {
    this.withBusyTimeout(LEASE_BUSY_TIMEOUT_MS, () => this.statements.releaseLease.run(lease, owner));
  }

  private withBusyTimeout<T>(ms: number, run: () => T): T {
    this.db.pragma(`busy_timeout = ${ms}`);
    try {
      return run();
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  /** The documents and the checkpoint in one transaction, finishing a batch begun with `applyPartialBatch`. */
  applyBatch(projection: string, ops: readonly EncodedOp[], checkpoint: bigint): void {
    const writers = this.writersFor(ops);
    this.db.transaction(() => {
      for (const op of ops) applyOp(writers.get(op.collection)!, op);
      this.statements.checkpoint.run(projection, checkpoint);
      this.statements.finished.run(projection);
    })();
  }

  /** The first part of the batch that ends at `through`, recorded as unfinished, in one transaction. */
  applyPartialBatch(projection: string, ops: readonly EncodedOp[], through: bigint): void {
    const writers = this.writersFor(ops);
    this.db.transaction(() => {
      this.statements.unfinished.run(projection, through);
      for (const op of ops) applyOp(writers.get(op.collection)!, op);
    })();
  }

  /** Drops these collections in one transaction and forgets their statements. */
  dropCollections(names: readonly string[]): void {
    this.db.transaction(() => {
      for (const name of names) this.db.exec(`DROP TABLE IF EXISTS "${name}"`);
    })();
    for (const name of names) this.writers.delete(name);
  }

  /** The write statements of every collection the ops touch, its table created if missing. */
  private writersFor(ops: readonly EncodedOp[]): Map<string, CollectionWriter> {
    const writers = new Map<string, CollectionWriter>();
    for (const op of ops) {
      if (writers.has(op.collection)) continue;
      let writer = this.writers.get(op.collection);
      if (!writer) {
        writer = collectionWriter(this.db, op.collection);
        this.writers.set(op.collection, writer);
      }
      writers.set(op.collection, writer);
    }
    return writers;
  }
}

/** Collection names are checked (`assertCollectionName`) before they get here: safe to quote as identifiers. */
function collectionWriter(db: Database.Database, collection: string): CollectionWriter {
  const table = `"${collection}"`;
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, position INTEGER NOT NULL, doc TEXT NOT NULL)`);
  return {
    upsert: db.prepare(
      `INSERT INTO ${table} (id, position, doc) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET position = excluded.position, doc = excluded.doc WHERE position < excluded.position`,
    ),
    insertNew: db.prepare(`INSERT INTO ${table} (id, position, doc) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`),
    read: db.prepare<[string], DocumentRow>(`SELECT id, position, doc FROM ${table} WHERE id = ?`).safeIntegers(true),
    delete: db.prepare(`DELETE FROM ${table} WHERE id = ? AND position < ?`),
  };
}

function applyOp(writer: CollectionWriter, op: EncodedOp): void {
  switch (op.type) {
    case 'delete':
      writer.delete.run(op.id, op.position);
      return;
    case 'upsert':
      writer.upsert.run(op.id, op.position, op.json);
      return;
    case 'patch': {
      // Most patched documents are new (an audit entry per event): insert outright, and read only
      // when one is there. A missing document passes the guard, so the insert is the guarded write.
      if (writer.insertNew.run(op.id, op.position, op.created).changes === 1) return;
      const row = writer.read.get(op.id);
      if (row && row.position >= op.position) return;
      const stored = row ? (JSON.parse(row.doc) as DocumentFields) : undefined;
      writer.upsert.run(op.id, op.position, JSON.stringify(applyPatch(stored, JSON.parse(op.created) as DocumentFields, op.unset)));
      return;
    }
    case 'increment': {
      // Counters are mostly there already (a bucket takes many events): read first.
      const row = writer.read.get(op.id);
      if (!row) writer.upsert.run(op.id, op.position, op.created);
      else if (row.position < op.position) writer.upsert.run(op.id, op.position, JSON.stringify(applyIncrement(JSON.parse(row.doc) as DocumentFields, op.inc, op.set)));
    }
  }
}
