/**
 * The behaviour every KeyStore adapter must have. Each adapter's `*.int.spec.ts` calls
 * `describeKeyStoreConformance` with a way to open two stores on one fresh, empty place (two processes
 * sharing it, where the adapter allows more than one).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { KEY_BYTES, type KeyStore } from '../key-store.port.js';

export interface KeyStoreHarness {
  /** A store on the harness's place; called twice for a server store, as two processes would. */
  open(): Promise<KeyStore>;
  /** Whether two stores may be opened on the place at once (not SQLite's one-process file). */
  shared: boolean;
  /** Removes what the tests wrote (the stores are closed by then). */
  dispose(): Promise<void>;
}

const person = (): string => randomUUID();
/** A keyed hash of an ID number, as the vault makes them (64 hex digits). */
const idNumberHash = (): string => randomBytes(32).toString('hex');
const candidate = (personId: string) => ({ personId, candidate: randomBytes(KEY_BYTES) });

/** `tryErase` asked again until it is done, as `PersonalDataVault.eraseWhenFree` does (at most 100 times). */
async function eraseUntilDone(store: KeyStore, personId: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await store.tryErase(personId)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the erasure did not finish in 100 attempts');
}

export function describeKeyStoreConformance(name: string, makeHarness: () => Promise<KeyStoreHarness>): void {
  describe(`KeyStore conformance: ${name}`, () => {
    let harness: KeyStoreHarness;
    let store: KeyStore;
    /** A second store on the same place (another process), or the same store where only one may open it. */
    let other: KeyStore;

    beforeAll(async () => {
      harness = await makeHarness();
      store = await harness.open();
      other = harness.shared ? await harness.open() : store;
    });

    afterAll(async () => {
      if (other !== store) await other.close();
      await store.close();
      await harness.dispose();
    });

    it('creates a key on first use and returns the same key, committed, to every later call', async () => {
      const id = person();
      const first = candidate(id);
      const [created] = await store.createKeys([first]);
      expect(created).toEqual({ key: first.candidate });
      const [again] = await other.createKeys([candidate(id)]);
      expect(again).toEqual({ key: first.candidate });
      expect((await other.getKeys([id])).get(id)).toEqual(first.candidate);
    });

    it('answers one outcome per candidate, in order, and reads many persons in one call', async () => {
      const ids = [person(), person(), person()];
      const candidates = ids.map(candidate);
      const outcomes = await store.createKeys([...candidates, candidate(ids[0]!)]);
      expect(outcomes).toEqual([...candidates.map((c) => ({ key: c.candidate })), { key: candidates[0]!.candidate }]);
      const keys = await other.getKeys([...ids, person()]);
      expect([...keys.keys()].sort()).toEqual([...ids].sort());
    });

    it('an erasure through one store makes the key unreadable through the other at once, for good', async () => {
      const id = person();
      await store.createKeys([candidate(id)]);
      expect((await other.getKeys([id])).has(id)).toBe(true);
      await store.beginErasure(id);
      expect(await store.erasuresBegun()).toContain(id);
      expect(await store.tryErase(id)).toBe(true);
      expect((await other.getKeys([id])).has(id)).toBe(false);
      expect(await other.wasErased(id)).toBe(true);
      // The note is gone once the key is.
      expect(await other.erasuresBegun()).not.toContain(id);
      // Never a key again, whoever asks.
      expect(await other.createKeys([candidate(id)])).toEqual([{ erased: true }]);
      expect((await store.getKeys([id])).has(id)).toBe(false);
    });

    it('erases a person who never had a key: the id is refused a key from then on', async () => {
      const id = person();
      expect(await store.tryErase(id)).toBe(true);
      expect(await store.wasErased(id)).toBe(true);
      expect(await other.createKeys([candidate(id)])).toEqual([{ erased: true }]);
    });

    it('an abandoned erasure leaves the key and drops the note', async () => {
      const id = person();
      const [created] = await store.createKeys([candidate(id)]);
      await store.beginErasure(id);
      await other.abandonErasure(id);
      expect(await store.erasuresBegun()).not.toContain(id);
      expect(await store.wasErased(id)).toBe(false);
      expect((await other.getKeys([id])).get(id)).toEqual((created as { key: Buffer }).key);
    });

    it('a creation racing an erasure of the same person never leaves a key behind', async () => {
      for (let round = 0; round < 10; round++) {
        const id = person();
        // A store may answer false while the racing creation's transaction is still open: asked again, as the vault does.
        await Promise.all([other.createKeys([candidate(id)]), eraseUntilDone(store, id)]);
        expect((await store.getKeys([id])).has(id)).toBe(false);
        expect(await other.createKeys([candidate(id)])).toEqual([{ erased: true }]);
      }
    });

    it('gives an ID number to its first claimant: every process finds that person, a later claim changes nothing', async () => {
      const hash = idNumberHash();
      const [first, second] = [person(), person()];
      expect(await store.findIdNumber(hash)).toBeNull();
      expect(await store.claimIdNumber(hash, first)).toEqual({ personId: first });
      expect(await other.findIdNumber(hash)).toBe(first);
      // The same claim again (a retried enrolment) is a no-op; another person's claim answers the owner.
      expect(await other.claimIdNumber(hash, first)).toEqual({ personId: first });
      expect(await other.claimIdNumber(hash, second)).toEqual({ personId: first });
      expect(await store.findIdNumber(hash)).toBe(first);
      // One person may hold several ID numbers (a re-issued card); each hash has one owner.
      const another = idNumberHash();
      expect(await store.claimIdNumber(another, first)).toEqual({ personId: first });
      expect(await other.findIdNumber(another)).toBe(first);
    });

    it('concurrent claims of one ID number through two processes end with one owner, answered to all of them', async () => {
      for (let round = 0; round < 5; round++) {
        const hash = idNumberHash();
        const claimants = Array.from({ length: 8 }, person);
        const outcomes = await Promise.all(claimants.map((id, i) => (i % 2 === 0 ? store : other).claimIdNumber(hash, id)));
        const owners = new Set(outcomes.map((o) => ('personId' in o ? o.personId : 'erased')));
        expect(owners.size).toBe(1);
        const [owner] = [...owners];
        expect(claimants).toContain(owner);
        expect(await store.findIdNumber(hash)).toBe(owner);
        expect(await other.findIdNumber(hash)).toBe(owner);
      }
    });

    it('an erasure removes the person\'s ID numbers: the hash finds nobody, and a new claim gets it', async () => {
      const [hash, second] = [idNumberHash(), idNumberHash()];
      const [erased, newcomer] = [person(), person()];
      await store.createKeys([candidate(erased)]);
      await store.claimIdNumber(hash, erased);
      await store.claimIdNumber(second, erased);
      await store.beginErasure(erased);
      await eraseUntilDone(other, erased);
      expect(await store.findIdNumber(hash)).toBeNull();
      expect(await other.findIdNumber(second)).toBeNull();
      expect(await store.claimIdNumber(hash, newcomer)).toEqual({ personId: newcomer });
      expect(await other.findIdNumber(hash)).toBe(newcomer);
    });

    it('never gives an ID number to an erased person, even when the claim races the erasure', async () => {
      const gone = person();
      await eraseUntilDone(store, gone);
      const hash = idNumberHash();
      expect(await other.claimIdNumber(hash, gone)).toEqual({ erased: true });
      expect(await store.findIdNumber(hash)).toBeNull();
      for (let round = 0; round < 10; round++) {
        const id = person();
        const raced = idNumberHash();
        const [claim] = await Promise.all([other.claimIdNumber(raced, id), eraseUntilDone(store, id)]);
        // Either outcome may be answered; what is left is never an entry for the erased person.
        expect([{ personId: id }, { erased: true }]).toContainEqual(claim);
        expect(await store.findIdNumber(raced)).toBeNull();
        expect(await other.findIdNumber(raced)).toBeNull();
      }
    });

    it('remembers how far the event log\'s erasures were applied, and never moves it back', async () => {
      const before = await store.erasuresAppliedThrough();
      expect(before).toBeNull();
      await store.recordErasuresAppliedThrough(41n);
      expect(await other.erasuresAppliedThrough()).toBe(41n);
      await other.recordErasuresAppliedThrough(9n);
      expect(await store.erasuresAppliedThrough()).toBe(41n);
      // Positions compare as numbers, not as text, up to 64 bits.
      await store.recordErasuresAppliedThrough(100n);
      expect(await other.erasuresAppliedThrough()).toBe(100n);
      await store.recordErasuresAppliedThrough(18_446_744_073_709_551_615n);
      expect(await other.erasuresAppliedThrough()).toBe(18_446_744_073_709_551_615n);
    });
  });
}
