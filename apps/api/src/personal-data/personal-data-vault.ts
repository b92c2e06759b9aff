import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { ensurePrivateFile, StoreUnavailableError } from '#libs/event-store';
import { ProblemError } from '../http/problem.js';

/** Personal data as it is sealed into events (个人信息): never in clear in the log. */
export interface PersonalData {
  name: string;
  idNumber: string;
  birthDate: string;
  phone?: string;
}

/** AES-256-GCM with the person's own key; erasing the key makes every copy unreadable (crypto-shredding). */
export interface SealedPersonalData {
  v: 1;
  keyId: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

/** A key waiting for the vault's next commit, and its caller. */
interface PendingKey {
  personId: string;
  /** Used only if the person has no key yet (a person enrolled again keeps theirs). */
  candidate: Buffer;
  resolve(key: Buffer): void;
  reject(error: unknown): void;
}

/** Keys per transaction at most, as the event store bounds its groups. */
const MAX_GROUP = 1000;

/**
 * Per-person keys kept outside the event log, in `DATA_DIR/keys.sqlite` (WAL, synchronous FULL so that a
 * key is on disk before the event sealed with it is appended), and the HMAC key that makes ID numbers
 * comparable without storing them.
 *
 * Keys are written as the event store writes events (group commit): the seals asked for in one
 * event-loop turn share one transaction and one fsync, each in its own SAVEPOINT so that a refused row
 * fails its caller alone, and every caller hears back only after the COMMIT returned.
 */
export class PersonalDataVault {
  /** Transactions committed and keys they carried; the tests read them. */
  readonly stats = { commits: 0, keys: 0 };
  private readonly db: Database.Database;
  private readonly hmacKey: Buffer;
  private readonly requestHmacKey: Buffer;
  private readonly statements;
  private queue: PendingKey[] = [];
  private flushScheduled = false;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.hmacKey = loadOrCreateKey(path.join(dataDir, 'id-hmac-key'));
    this.requestHmacKey = loadOrCreateKey(path.join(dataDir, 'request-hmac-key'));
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
      markErased: db.prepare<[string, string]>('INSERT OR IGNORE INTO erased_persons (person_id, erased_at) VALUES (?, ?)'),
      wasErased: db.prepare<[string], number>('SELECT 1 FROM erased_persons WHERE person_id = ?').pluck(),
      beginErasure: db.prepare<[string, string]>('INSERT OR IGNORE INTO erasures_begun (person_id, begun_at) VALUES (?, ?)'),
      endErasure: db.prepare<[string]>('DELETE FROM erasures_begun WHERE person_id = ?'),
      erasuresBegun: db.prepare<[], string>('SELECT person_id FROM erasures_begun ORDER BY begun_at').pluck(),
    };
  }

  /** Keyed hash of an ID number: the same person always gets the same value, and it reveals nothing. */
  idNumberHash(idNumber: string): string {
    return createHmac('sha256', this.hmacKey).update(idNumber.toUpperCase()).digest('hex');
  }

  /**
   * Keyed hash of a request (method, path, canonical body) for `Idempotency-Key` replays: tells a reused
   * key with another body, and, unlike a plain SHA-256, cannot be brute-forced back to the body's
   * personal data (an ID number has too few possibilities) once the person's key is gone.
   */
  requestHash(canonicalRequest: string): string {
    return createHmac('sha256', this.requestHmacKey).update(canonicalRequest).digest('hex');
  }

  /**
   * Seals under the person's key, created on first use. Resolves once the key is committed: an event
   * sealed with it is appended after that, so an acknowledged enrolment never outlives its key, and a
   * crash in between leaves a key that nothing uses (a retry with the same Idempotency-Key reuses it).
   * A person who has a key already (enrolled again, or a retried decision) waits for no commit: every
   * key this connection can read was committed, durably, before.
   */
  async seal(personId: string, data: PersonalData): Promise<SealedPersonalData> {
    const key = this.existingKey(personId) ?? (await this.committedKey(personId));
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(personId));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
    return { v: 1, keyId: personId, iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
  }

  /** The person's data, or null once the person has been erased. */
  open(sealed: SealedPersonalData): PersonalData | null {
    const row = this.statements.getKey.get(sealed.keyId);
    if (!row) return null;
    const decipher = createDecipheriv('aes-256-gcm', row.key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(sealed.keyId));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const clear = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
    return JSON.parse(clear.toString('utf8')) as PersonalData;
  }

  isErased(personId: string): boolean {
    return !this.statements.getKey.get(personId);
  }

  /**
   * First step of an erasure, before `PersonErased` is appended: a durable note that the key may have
   * to go. At start, `erasuresBegun` lists the notes left by a crash, and the person's stream decides:
   * erased in the log, the key is destroyed; not, the note is dropped.
   */
  beginErasure(personId: string): void {
    try {
      this.statements.beginErasure.run(personId, new Date().toISOString());
    } catch (error) {
      throw unavailableOr(error);
    }
  }

  /** An erasure that did not reach the log: the key stays. */
  abandonErasure(personId: string): void {
    try {
      this.statements.endErasure.run(personId);
    } catch (error) {
      throw unavailableOr(error);
    }
  }

  erasuresBegun(): string[] {
    return this.statements.erasuresBegun.all();
  }

  /**
   * Crypto-shredding, once `PersonErased` is in the log: the log keeps the ciphertext, nobody can read it
   * any more. The row is overwritten with zeros (`secure_delete`), then the WAL, which still holds the
   * pages written before, is checkpointed into the file and truncated to nothing, so that no file under
   * DATA_DIR keeps a copy of the key when this returns.
   */
  erase(personId: string): void {
    if (!this.tryErase(personId)) throw new StoreUnavailableError('personal data vault: the WAL could not be truncated after an erasure');
  }

  /**
   * One attempt at `erase`: true once no file holds the key; false while another connection (a reader's
   * snapshot, a writer) keeps the row from being deleted or the WAL from being truncated. The note of
   * the erasure is dropped only then, so that a restart finishes an erasure left half done.
   */
  tryErase(personId: string): boolean {
    try {
      this.db.transaction(() => {
        this.statements.deleteKey.run(personId);
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

  /**
   * `erase` retried, without blocking the event loop, until it succeeds: once `PersonErased` is in the
   * log the key must go, however long another process holds the keys store. Rejects only if the vault
   * closes first (the note then makes the next start finish it) or the disk fails.
   */
  async eraseWhenFree(personId: string): Promise<void> {
    for (let delayMs = 5; !this.tryErase(personId); delayMs = Math.min(delayMs * 2, 500)) {
      await sleep(delayMs);
      if (!this.db.open) throw new StoreUnavailableError('personal data vault closed before an erasure could finish');
    }
  }

  /** Commits the keys still queued (their callers hear back), then closes. */
  close(): void {
    if (this.flushScheduled) this.flush();
    this.db.close();
  }

  private existingKey(personId: string): Buffer | null {
    if (!this.db.open) return null;
    try {
      return this.statements.getKey.get(personId)?.key ?? null;
    } catch (error) {
      throw unavailableOr(error);
    }
  }

  private committedKey(personId: string): Promise<Buffer> {
    if (!this.db.open) return Promise.reject(new StoreUnavailableError('personal data vault is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ personId, candidate: randomBytes(32), resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private readonly flush = (): void => {
    if (!this.flushScheduled) return;
    this.flushScheduled = false;
    while (this.queue.length > 0) this.commitGroup(this.queue.splice(0, MAX_GROUP));
  };

  private commitGroup(group: PendingKey[]): void {
    const { statements } = this;
    const createdAt = new Date().toISOString();
    const outcomes: Array<{ key: Buffer } | { error: unknown }> = [];
    try {
      statements.begin.run();
      for (const pending of group) {
        statements.savepoint.run();
        try {
          // Whatever a caller decided on a stale read, an erased person never gets a key again.
          if (statements.wasErased.get(pending.personId) !== undefined) throw new PersonErasedError();
          statements.putKey.run(pending.personId, pending.candidate, createdAt);
          outcomes.push({ key: statements.getKey.get(pending.personId)!.key });
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
      const mapped = unavailableOr(error);
      for (const pending of group) pending.reject(mapped);
      return;
    }
    this.stats.commits++;
    this.stats.keys += group.length;
    group.forEach((pending, index) => {
      const outcome = outcomes[index];
      if ('key' in outcome) pending.resolve(outcome.key);
      else pending.reject(outcome.error);
    });
  }

  private rollbackQuietly(): void {
    try {
      this.statements.rollback.run();
    } catch {
      // The connection already rolled back on its own (SQLITE_FULL, SQLITE_IOERR do): nothing to undo.
    }
  }
}

/** Sealing asked for a person whose key was destroyed: refused, no key is created. */
export class PersonErasedError extends ProblemError {
  constructor() {
    super(422, 'already_erased', "The person's personal data has been erased.");
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

function loadOrCreateKey(file: string): Buffer {
  try {
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // A secret created before files were made private: owner-only from now on.
  chmodSync(file, 0o600);
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}
