import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ensurePrivateFile, StoreUnavailableError } from '#libs/event-store';
import { positionText, type IdNumberClaim, type KeyCandidate, type KeyOutcome, type KeyStore } from './key-store.port.js';

/**
 * The embedded key store: `DATA_DIR/keys.sqlite` (WAL, synchronous FULL so that a key is on disk before
 * the event sealed with it is appended, `secure_delete`, 0600). One process only: another process that
 * opens the file (a reader) only delays the truncation of the WAL after an erasure.
 */
export class SqliteKeyStore implements KeyStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly statements;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = path.join(dataDir, 'keys.sqlite');
    ensurePrivateFile(file);
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // A deleted key is overwritten with zeros in its page (and freed pages too), not left for a carver.
    this.db.pragma('secure_delete = ON');
    this.db.exec('CREATE TABLE IF NOT EXISTS person_keys (person_id TEXT PRIMARY KEY, key BLOB NOT NULL, created_at TEXT NOT NULL) WITHOUT ROWID');
    // Person ids (random, no personal data) whose key was destroyed: no key is ever created for them again.
    this.db.exec('CREATE TABLE IF NOT EXISTS erased_persons (person_id TEXT PRIMARY KEY, erased_at TEXT NOT NULL) WITHOUT ROWID');
    this.db.exec('CREATE TABLE IF NOT EXISTS erasures_begun (person_id TEXT PRIMARY KEY, begun_at TEXT NOT NULL) WITHOUT ROWID');
    // Which person each ID number (its keyed hash) belongs to: here, not in the event log, so that an erasure removes it.
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS id_numbers (id_number_hash TEXT PRIMARY KEY, person_id TEXT NOT NULL, claimed_at TEXT NOT NULL) WITHOUT ROWID',
    );
    this.db.exec('CREATE INDEX IF NOT EXISTS id_numbers_by_person ON id_numbers (person_id)');
    // How far the event log's erasures were applied to this file (see KeyStore.erasuresAppliedThrough).
    this.db.exec('CREATE TABLE IF NOT EXISTS erasure_log (id INTEGER PRIMARY KEY CHECK (id = 1), applied_through TEXT NOT NULL)');
    const db = this.db;
    this.statements = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT seal'),
      release: db.prepare('RELEASE seal'),
      rollbackToSavepoint: db.prepare('ROLLBACK TO seal'),
      getKey: db.prepare<[string], { key: Buffer }>('SELECT key FROM person_keys WHERE person_id = ?'),
      putKey: db.prepare<[string, Buffer, string]>('INSERT OR IGNORE INTO person_keys (person_id, key, created_at) VALUES (?, ?, ?)'),
      deleteKey: db.prepare<[string]>('DELETE FROM person_keys WHERE person_id = ?'),
      findIdNumber: db.prepare<[string], string>('SELECT person_id FROM id_numbers WHERE id_number_hash = ?').pluck(),
      claimIdNumber: db.prepare<[string, string, string]>('INSERT OR IGNORE INTO id_numbers (id_number_hash, person_id, claimed_at) VALUES (?, ?, ?)'),
      deleteIdNumbers: db.prepare<[string]>('DELETE FROM id_numbers WHERE person_id = ?'),
      markErased: db.prepare<[string, string]>('INSERT OR IGNORE INTO erased_persons (person_id, erased_at) VALUES (?, ?)'),
      wasErased: db.prepare<[string], number>('SELECT 1 FROM erased_persons WHERE person_id = ?').pluck(),
      beginErasure: db.prepare<[string, string]>('INSERT OR IGNORE INTO erasures_begun (person_id, begun_at) VALUES (?, ?)'),
      endErasure: db.prepare<[string]>('DELETE FROM erasures_begun WHERE person_id = ?'),
      erasuresBegun: db.prepare<[], string>('SELECT person_id FROM erasures_begun ORDER BY begun_at').pluck(),
      appliedThrough: db.prepare<[], string>('SELECT applied_through FROM erasure_log WHERE id = 1').pluck(),
      recordAppliedThrough: db.prepare<[string]>(
        'INSERT INTO erasure_log (id, applied_through) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET applied_through = max(applied_through, excluded.applied_through)',
      ),
    };
  }

  getKeys(personIds: readonly string[]): Promise<Map<string, Buffer>> {
    return this.run(() => this.getKeysNow(personIds));
  }

  getKeysNow(personIds: readonly string[]): Map<string, Buffer> {
    if (!this.db.open) throw new StoreUnavailableError('personal data vault is closed');
    const keys = new Map<string, Buffer>();
    try {
      for (const personId of personIds) {
        const row = this.statements.getKey.get(personId);
        if (row) keys.set(personId, row.key);
      }
    } catch (error) {
      throw unavailableOr(error);
    }
    return keys;
  }

  /** One transaction, one fsync; each key in its own SAVEPOINT so that a refused row fails its caller alone. */
  createKeys(candidates: readonly KeyCandidate[]): Promise<KeyOutcome[]> {
    const { statements } = this;
    if (!this.db.open) return Promise.reject(new StoreUnavailableError('personal data vault is closed'));
    const createdAt = new Date().toISOString();
    const outcomes: KeyOutcome[] = [];
    try {
      statements.begin.run();
      for (const { personId, candidate } of candidates) {
        statements.savepoint.run();
        try {
          if (statements.wasErased.get(personId) !== undefined) outcomes.push({ erased: true });
          else {
            statements.putKey.run(personId, candidate, createdAt);
            outcomes.push({ key: statements.getKey.get(personId)!.key });
          }
          statements.release.run();
        } catch (error) {
          const mapped = unavailableOr(error);
          // A disk error may have rolled the whole transaction back: the group fails as one.
          if (mapped instanceof StoreUnavailableError) throw mapped;
          statements.rollbackToSavepoint.run();
          statements.release.run();
          outcomes.push({ error: mapped });
        }
      }
      statements.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.rollbackQuietly();
      return Promise.reject(unavailableOr(error));
    }
    return Promise.resolve(outcomes);
  }

  findIdNumber(idNumberHash: string): Promise<string | null> {
    return this.run(() => this.statements.findIdNumber.get(idNumberHash) ?? null);
  }

  /** One immediate transaction: the owner read and the claim written without another writer in between. */
  claimIdNumber(idNumberHash: string, personId: string): Promise<IdNumberClaim> {
    return this.run(() =>
      this.db.transaction((): IdNumberClaim => {
        const owner = this.statements.findIdNumber.get(idNumberHash);
        if (owner !== undefined) return { personId: owner };
        if (this.statements.wasErased.get(personId) !== undefined) return { erased: true };
        this.statements.claimIdNumber.run(idNumberHash, personId, new Date().toISOString());
        return { personId: this.statements.findIdNumber.get(idNumberHash)! };
      }).immediate(),
    );
  }

  beginErasure(personId: string): Promise<void> {
    return this.run(() => void this.statements.beginErasure.run(personId, new Date().toISOString()));
  }

  abandonErasure(personId: string): Promise<void> {
    return this.run(() => void this.statements.endErasure.run(personId));
  }

  erasuresBegun(): Promise<string[]> {
    return this.run(() => this.statements.erasuresBegun.all());
  }

  wasErased(personId: string): Promise<boolean> {
    return this.run(() => this.statements.wasErased.get(personId) !== undefined);
  }

  erasuresAppliedThrough(): Promise<bigint | null> {
    return this.run(() => {
      const text = this.statements.appliedThrough.get();
      return text === undefined ? null : BigInt(text);
    });
  }

  recordErasuresAppliedThrough(position: bigint): Promise<void> {
    return this.run(() => void this.statements.recordAppliedThrough.run(positionText(position)));
  }

  /**
   * The key's row and the person's ID-number entries are overwritten with zeros (`secure_delete`),
   * then the WAL, which still holds the pages written before, is checkpointed into the file and
   * truncated to nothing, so that no file under DATA_DIR keeps a copy of the key or of the ID number's
   * hash when this is true. False while another connection (a reader's
   * snapshot, a writer) keeps the row from being deleted or the WAL from being truncated.
   */
  tryErase(personId: string): Promise<boolean> {
    return this.run(() => this.tryEraseNow(personId));
  }

  /** `tryErase`, synchronously. */
  tryEraseNow(personId: string): boolean {
    if (!this.db.open) throw new StoreUnavailableError('personal data vault closed before an erasure could finish');
    try {
      this.db.transaction(() => {
        this.statements.deleteKey.run(personId);
        this.statements.deleteIdNumbers.run(personId);
        this.statements.markErased.run(personId, new Date().toISOString());
      })();
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      if (result.busy !== 0) return false;
      this.statements.endErasure.run(personId);
      return true;
    } catch (error) {
      if (isBusy(error)) return false;
      throw unavailableOr(error);
    }
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }

  private run<T>(work: () => T): Promise<T> {
    if (!this.db.open) return Promise.reject(new StoreUnavailableError('personal data vault is closed'));
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(unavailableOr(error));
    }
  }

  private rollbackQuietly(): void {
    try {
      this.statements.rollback.run();
    } catch {
      // The connection already rolled back on its own (SQLITE_FULL, SQLITE_IOERR do): nothing to undo.
    }
  }
}

/** Result codes of a full, read-only or failing disk: the command answers 503 and may be retried, not 500. */
const DISK_ERROR = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY)/;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

function unavailableOr(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !DISK_ERROR.test(code)) return error;
  return new StoreUnavailableError(`personal data vault unavailable (${code})`, { cause: error });
}
