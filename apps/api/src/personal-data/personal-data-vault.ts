import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreUnavailableError } from '#libs/event-store';
import { type AppConfig, loadSecret, ProblemError } from '#libs/runtime';
import { openKeyStore } from './key-store/open-key-store.js';
import { KEY_BYTES, type IdNumberClaim, type KeyCandidate, type KeyOutcome, type KeyStore } from './key-store/key-store.port.js';
import { SqliteKeyStore } from './key-store/sqlite-key-store.js';
import type { SealedPersonalData } from '#libs/domain';

/** Personal data as it is sealed into events (个人信息): never in clear in the log. */
export interface PersonalData {
  name: string;
  idNumber: string;
  birthDate: string;
  phone?: string;
}


/** A key waiting for the vault's next commit, and its caller. */
interface PendingKey extends KeyCandidate {
  resolve(key: Buffer): void;
  reject(error: unknown): void;
}

/** Keys per transaction at most, as the event store bounds its groups. */
const MAX_GROUP = 1000;

/**
 * Per-person keys, kept outside the event log in a key store (`key-store/`), and the HMAC keys that make
 * ID numbers and requests comparable without storing them (from configuration: the same in every
 * process).
 *
 * Keys are written as the event store writes events (group commit): the seals asked for in one
 * event-loop turn share one transaction and one durable commit, and every caller hears back only after
 * the commit returned. Keys are read the same way, the reads of one turn in one round trip; nothing is
 * cached between turns, so an erasure through any process is seen by the next read in every other.
 */
export class PersonalDataVault {
  /** Transactions committed and keys they carried; the tests read them. */
  readonly stats = { commits: 0, keys: 0 };
  private queue: PendingKey[] = [];
  private flushScheduled = false;
  private reads = new Map<string, Array<{ resolve(key: Buffer | null): void; reject(error: unknown): void }>>();
  private readScheduled = false;
  /** Seals and reads asked for and not answered yet: closing waits for them. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing: Promise<void> | null = null;

  constructor(
    readonly store: KeyStore,
    private readonly hmacKey: Buffer,
    private readonly requestHmacKey: Buffer,
  ) {}

  /** The vault of this configuration: its key store opened (a store that cannot be reached throws) and its secrets read. */
  static async open(config: Pick<AppConfig, 'keyStore' | 'secrets'>): Promise<PersonalDataVault> {
    const hmacKey = loadSecret(config.secrets.idHmacKey);
    const requestHmacKey = loadSecret(config.secrets.requestHmacKey);
    return new PersonalDataVault(await openKeyStore(config.keyStore), hmacKey, requestHmacKey);
  }

  /** The embedded vault of one process: `keys.sqlite` and the secrets in DATA_DIR, created on first use. */
  static embedded(dataDir: string): PersonalDataVault {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const secret = (name: string) => loadSecret({ kind: 'file', path: path.join(dataDir, name), createIfMissing: true });
    return new PersonalDataVault(new SqliteKeyStore(dataDir), secret('id-hmac-key'), secret('request-hmac-key'));
  }

  /** Keyed hash of an ID number: the same person always gets the same value, and it reveals nothing. */
  idNumberHash(idNumber: string): string {
    return createHmac('sha256', this.hmacKey).update(idNumber.toUpperCase()).digest('hex');
  }

  /**
   * Keyed hash of a certificate's number with its issuer and type, claimed in the key store's index as an
   * ID number is (decision 0020): the number is in practice the holder's ID number, so an unkeyed hash
   * could be reversed by trying every ID number. The prefix keeps it apart from every ID number's hash.
   */
  certificateNumberHash(issuer: string, type: string, number: string): string {
    return createHmac('sha256', this.hmacKey).update(`certificate_number\0${issuer.trim()}\0${type}\0${number.trim().toUpperCase()}`).digest('hex');
  }

  /**
   * The person this ID number's hash belongs to, as the key store's index holds it (null if none): the
   * index lives beside the keys, not in the event log, and an erasure removes the person's entry.
   */
  findIdNumber(idNumberHash: string): Promise<string | null> {
    return this.tracked(() => this.store.findIdNumber(idNumberHash));
  }

  /** Gives the ID number to this person unless someone has it already: the owner as committed (`KeyStore.claimIdNumber`). */
  claimIdNumber(idNumberHash: string, personId: string): Promise<IdNumberClaim> {
    return this.tracked(() => this.store.claimIdNumber(idNumberHash, personId));
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
   * key the store returns was committed, durably, before.
   */
  seal(personId: string, data: PersonalData): Promise<SealedPersonalData> {
    return this.tracked(() => this.sealNow(personId, data));
  }

  /** A certificate's number sealed under its holder's key: unreadable once the holder is erased. */
  sealCertificateNumber(personId: string, number: string): Promise<SealedPersonalData> {
    return this.tracked(() => this.sealNow(personId, { certificateNumber: number }));
  }

  /** The number sealed by `sealCertificateNumber`, or null once the holder has been erased. */
  async openCertificateNumber(sealed: SealedPersonalData): Promise<string | null> {
    const opened = (await this.tracked(() => this.openNow(sealed))) as { certificateNumber?: unknown } | null;
    return typeof opened?.certificateNumber === 'string' ? opened.certificateNumber : null;
  }

  private async sealNow(personId: string, data: object): Promise<SealedPersonalData> {
    const key = (await this.readKey(personId)) ?? (await this.committedKey(personId));
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(personId));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
    return { v: 1, keyId: personId, iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
  }

  /** The person's data, or null once the person has been erased (through any process). */
  open(sealed: SealedPersonalData): Promise<PersonalData | null> {
    return this.tracked(() => this.openNow(sealed)) as Promise<PersonalData | null>;
  }

  private async openNow(sealed: SealedPersonalData): Promise<unknown> {
    const key = await this.readKey(sealed.keyId);
    if (!key) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(sealed.keyId));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const clear = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
    return JSON.parse(clear.toString('utf8')) as unknown;
  }

  isErased(personId: string): Promise<boolean> {
    return this.tracked(async () => (await this.readKey(personId)) === null);
  }

  /**
   * First step of an erasure, before `PersonErased` is appended: a durable note that the key may have
   * to go. At start, `erasuresBegun` lists the notes left by a crash, and the person's stream decides:
   * erased in the log, the key is destroyed; not, the note is dropped.
   */
  beginErasure(personId: string): Promise<void> {
    return this.store.beginErasure(personId);
  }

  /** An erasure that did not reach the log: the key stays. */
  abandonErasure(personId: string): Promise<void> {
    return this.store.abandonErasure(personId);
  }

  erasuresBegun(): Promise<string[]> {
    return this.store.erasuresBegun();
  }

  /** Crypto-shredding, once `PersonErased` is in the log: the log keeps the ciphertext, nobody can read it any more. */
  async erase(personId: string): Promise<void> {
    if (!(await this.tryErase(personId))) throw new StoreUnavailableError('personal data vault: the key store could not finish an erasure');
  }

  /**
   * One attempt at `erase`: true once no live file of the key store holds the key; false while another
   * connection keeps the last step from finishing (`KeyStore.tryErase`). The note of the erasure is
   * dropped only then, so that a restart finishes an erasure left half done.
   */
  tryErase(personId: string): Promise<boolean> {
    return this.store.tryErase(personId);
  }

  /**
   * `erase` retried, without blocking the event loop, until it succeeds: once `PersonErased` is in the
   * log the key must go, however long another process holds the keys store. Rejects only if the vault
   * closes first (the note then makes the next start finish it) or the store fails.
   */
  async eraseWhenFree(personId: string): Promise<void> {
    for (let delayMs = 5; !(await this.tryErase(personId)); delayMs = Math.min(delayMs * 2, 500)) {
      await sleep(delayMs);
      if (this.closing) throw new StoreUnavailableError('personal data vault closed before an erasure could finish');
    }
  }

  /** Answers the seals and reads already asked for (their keys committed), then closes the store; later calls are refused. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      await this.store.close();
    })();
    return this.closing;
  }

  private tracked<T>(work: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new StoreUnavailableError('personal data vault is closed'));
    const promise = work();
    this.inFlight.add(promise);
    const done = () => void this.inFlight.delete(promise);
    promise.then(done, done);
    return promise;
  }

  /** The reads asked for in one event-loop turn, in one round trip; each caller hears the store's answer of that moment. */
  private readKey(personId: string): Promise<Buffer | null> {
    if (this.store.getKeysNow) {
      try {
        return Promise.resolve(this.store.getKeysNow([personId]).get(personId) ?? null);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise((resolve, reject) => {
      const waiting = this.reads.get(personId);
      if (waiting) waiting.push({ resolve, reject });
      else this.reads.set(personId, [{ resolve, reject }]);
      if (!this.readScheduled) {
        this.readScheduled = true;
        setImmediate(this.readBatch);
      }
    });
  }

  private readonly readBatch = (): void => {
    this.readScheduled = false;
    const batch = this.reads;
    this.reads = new Map();
    this.store.getKeys([...batch.keys()]).then(
      (keys) => {
        for (const [personId, waiting] of batch) for (const caller of waiting) caller.resolve(keys.get(personId) ?? null);
      },
      (error: unknown) => {
        for (const waiting of batch.values()) for (const caller of waiting) caller.reject(error);
      },
    );
  };

  private committedKey(personId: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.queue.push({ personId, candidate: randomBytes(KEY_BYTES), resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    if (!this.flushScheduled) return;
    this.flushScheduled = false;
    const groups: PendingKey[][] = [];
    while (this.queue.length > 0) groups.push(this.queue.splice(0, MAX_GROUP));
    await Promise.all(groups.map((group) => this.commitGroup(group)));
  }

  private async commitGroup(group: PendingKey[]): Promise<void> {
    let outcomes: KeyOutcome[];
    try {
      outcomes = await this.store.createKeys(group);
    } catch (error) {
      for (const pending of group) pending.reject(error);
      return;
    }
    this.stats.commits++;
    this.stats.keys += group.length;
    group.forEach((pending, index) => {
      const outcome = outcomes[index];
      // Whatever a caller decided on a stale read, an erased person never gets a key again.
      if ('key' in outcome) pending.resolve(outcome.key);
      else if ('erased' in outcome) pending.reject(new PersonErasedError());
      else pending.reject(outcome.error);
    });
  }
}

/** Sealing asked for a person whose key was destroyed: refused, no key is created. */
export class PersonErasedError extends ProblemError {
  constructor() {
    super(422, 'already_erased', "The person's personal data has been erased.");
  }
}
