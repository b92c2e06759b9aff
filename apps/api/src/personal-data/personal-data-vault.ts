import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '#libs/event-store';

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

/**
 * Per-person keys kept outside the event log, in `DATA_DIR/keys.sqlite` (WAL, synchronous FULL so that a
 * key is on disk before the event sealed with it is appended), and the HMAC key that makes ID numbers
 * comparable without storing them.
 */
export class PersonalDataVault {
  private readonly db: Database.Database;
  private readonly hmacKey: Buffer;
  private readonly getKey: Database.Statement<[string], { key: Buffer }>;
  private readonly putKey: Database.Statement<[string, Buffer, string]>;
  private readonly deleteKey: Database.Statement<[string]>;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.hmacKey = loadOrCreateKey(path.join(dataDir, 'id-hmac-key'));
    this.db = new Database(path.join(dataDir, 'keys.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec('CREATE TABLE IF NOT EXISTS person_keys (person_id TEXT PRIMARY KEY, key BLOB NOT NULL, created_at TEXT NOT NULL) WITHOUT ROWID');
    this.getKey = this.db.prepare('SELECT key FROM person_keys WHERE person_id = ?');
    this.putKey = this.db.prepare('INSERT OR IGNORE INTO person_keys (person_id, key, created_at) VALUES (?, ?, ?)');
    this.deleteKey = this.db.prepare('DELETE FROM person_keys WHERE person_id = ?');
  }

  /** Keyed hash of an ID number: the same person always gets the same value, and it reveals nothing. */
  idNumberHash(idNumber: string): string {
    return createHmac('sha256', this.hmacKey).update(idNumber.toUpperCase()).digest('hex');
  }

  seal(personId: string, data: PersonalData): SealedPersonalData {
    try {
      this.putKey.run(personId, randomBytes(32), new Date().toISOString());
    } catch (error) {
      throw unavailableOr(error);
    }
    const key = this.getKey.get(personId)!.key;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(personId));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
    return { v: 1, keyId: personId, iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
  }

  /** The person's data, or null once the person has been erased. */
  open(sealed: SealedPersonalData): PersonalData | null {
    const row = this.getKey.get(sealed.keyId);
    if (!row) return null;
    const decipher = createDecipheriv('aes-256-gcm', row.key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(sealed.keyId));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const clear = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
    return JSON.parse(clear.toString('utf8')) as PersonalData;
  }

  isErased(personId: string): boolean {
    return !this.getKey.get(personId);
  }

  /** Crypto-shredding: the log keeps the ciphertext, nobody can read it any more. */
  erase(personId: string): void {
    try {
      this.deleteKey.run(personId);
    } catch (error) {
      throw unavailableOr(error);
    }
  }

  close(): void {
    this.db.close();
  }
}

/** Result codes of a full, read-only or failing disk: the command answers 503 and may be retried, not 500. */
const DISK_ERROR = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY)/;

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
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}
