/**
 * Where the per-person keys live (crypto-shredding): `keys.sqlite` in DATA_DIR for one process, or a
 * server (PostgreSQL, MongoDB) that every api process shares. Nothing is cached in a process: every
 * read asks the store, so a key erased through one process is gone for all of them at once.
 *
 * Every adapter passes `testing/key-store.conformance.ts`.
 */
export interface KeyStore {
  readonly kind: 'sqlite' | 'postgresql' | 'mongodb';
  /** The keys of these persons as the store holds them now (one round trip); an erased person has none. */
  getKeys(personIds: readonly string[]): Promise<Map<string, Buffer>>;
  /**
   * `getKeys` without leaving the current turn, for a store in the process (SQLite): a command then
   * decides and appends in the turn it read its stream, as before there were server key stores.
   */
  getKeysNow?(personIds: readonly string[]): Map<string, Buffer>;
  /**
   * Creates, in one durable commit, the key of each person who has none yet (the candidate), and
   * returns each person's key as committed: the candidate, or the key the person already had. Never
   * for a person erased before (`{ erased: true }`), whatever the caller decided, even while an
   * erasure of that person runs at the same time. One outcome per candidate, in order.
   */
  createKeys(candidates: readonly KeyCandidate[]): Promise<KeyOutcome[]>;
  /** Durable note that this person's key may have to go (before `PersonErased` is appended). */
  beginErasure(personId: string): Promise<void>;
  /** The note dropped: the erasure did not reach the log, the key stays. */
  abandonErasure(personId: string): Promise<void>;
  /** Notes left by a process that stopped between the note and the destruction, oldest first. */
  erasuresBegun(): Promise<string[]>;
  /**
   * Destroys the key (overwritten, deleted) and the person's ID-number entries, and remembers the
   * person as erased; true once no live file of the store holds the key or the ID number's hash any
   * more (then the note is dropped too); false while something the store waits for (a reader's
   * snapshot, a lock) keeps the last step from finishing: call again. The key and the entry are
   * unreadable for every process from the first call on.
   */
  tryErase(personId: string): Promise<boolean>;
  /**
   * The person an ID number belongs to (its keyed hash, `PersonalDataVault.idNumberHash`), or null. The
   * index lives here, beside the keys, and not in the event log: an erasure removes the entry with the key.
   */
  findIdNumber(idNumberHash: string): Promise<string | null>;
  /**
   * Gives the ID number to this person unless it has an owner already, atomically for every process
   * (one owner per hash, whatever races): answers the owner as committed, this person or the one who
   * was first. Claiming again for the owner changes nothing. Never for a person erased before
   * (`{ erased: true }`), even while an erasure of that person runs at the same time.
   */
  claimIdNumber(idNumberHash: string, personId: string): Promise<IdNumberClaim>;
  /** True if the person was erased (their id never gets a key again). */
  wasErased(personId: string): Promise<boolean>;
  /**
   * The event-log position through which every `PersonErased` was applied to this store, or null if
   * never. Kept in the store itself, so that a backup restored brings back its own, older position, and
   * the next start re-applies every erasure logged after it (`reapplyLoggedErasures`).
   */
  erasuresAppliedThrough(): Promise<bigint | null>;
  /** Moves the position forward (never back, whichever process writes last). */
  recordErasuresAppliedThrough(position: bigint): Promise<void>;
  close(): Promise<void>;
}

export interface KeyCandidate {
  personId: string;
  /** 32 random bytes, used only if the person has no key yet. */
  candidate: Buffer;
}

export type IdNumberClaim = { personId: string } | { erased: true };

export type KeyOutcome = { key: Buffer } | { erased: true } | { error: unknown };

/** Bytes of an AES-256 key. */
export const KEY_BYTES = 32;

/** A log position as text that sorts as the number does (20 digits hold any unsigned 64-bit position). */
export function positionText(position: bigint): string {
  return (position < 0n ? 0n : position).toString().padStart(20, '0');
}
