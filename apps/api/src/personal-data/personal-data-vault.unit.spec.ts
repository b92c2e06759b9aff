import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PersonalDataVault } from './personal-data-vault.js';

describe('PersonalDataVault', () => {
  let dir: string;
  let vault: PersonalDataVault;
  const person = { name: '张三', idNumber: '43090319900101123X', birthDate: '1990-01-01' };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vault-'));
    vault = PersonalDataVault.embedded(dir);
  });
  afterEach(async () => {
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Keys as another connection sees them: what a restart after a crash would find on disk. */
  const keysOnDisk = (): string[] => {
    const db = new Database(path.join(dir, 'keys.sqlite'), { readonly: true });
    try {
      return db.prepare<[], string>('SELECT person_id FROM person_keys ORDER BY person_id').pluck().all();
    } finally {
      db.close();
    }
  };

  it('seals personal data so that the ciphertext does not contain it, and opens it again', async () => {
    const sealed = await vault.seal('p1', person);
    expect(JSON.stringify(sealed)).not.toContain(person.idNumber);
    expect(JSON.stringify(sealed)).not.toContain(person.name);
    expect(await vault.open(sealed)).toEqual(person);
  });

  it('cannot open a person sealed under another id (the id is authenticated)', async () => {
    const sealed = await vault.seal('p1', person);
    await vault.seal('p2', person);
    await expect(vault.open({ ...sealed, keyId: 'p2' })).rejects.toThrow();
  });

  it('erasing the key makes every sealed copy unreadable, and survives a restart', async () => {
    const sealed = await vault.seal('p1', person);
    await vault.erase('p1');
    expect(await vault.open(sealed)).toBeNull();
    await vault.close();
    vault = PersonalDataVault.embedded(dir);
    expect(await vault.isErased('p1')).toBe(true);
    expect(await vault.open(sealed)).toBeNull();
  });

  it('never creates a key again for an erased person, even after a restart (a seal decided on a stale read)', async () => {
    await vault.seal('p1', person);
    await vault.erase('p1');
    await expect(vault.seal('p1', person)).rejects.toMatchObject({ code: 'already_erased' });
    await vault.close();
    vault = PersonalDataVault.embedded(dir);
    await expect(vault.seal('p1', person)).rejects.toMatchObject({ code: 'already_erased' });
    expect(keysOnDisk()).toEqual([]);
  });

  it('hashes ID numbers with a key: stable, case-insensitive on the check character, not the plain SHA-256', async () => {
    const hash = vault.idNumberHash(person.idNumber);
    expect(vault.idNumberHash(person.idNumber.toLowerCase())).toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const again = PersonalDataVault.embedded(dir);
    expect(again.idNumberHash(person.idNumber)).toBe(hash);
    await again.close();
    expect(readFileSync(path.join(dir, 'id-hmac-key'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('commits the seals asked for together in one transaction, and answers each only once its key is on disk', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const sealing = ids.map((id) => vault.seal(id, { ...person, name: `${person.name}${id}` }));
    // Nothing is acknowledged, nor on disk, before the commit.
    expect(keysOnDisk()).toEqual([]);
    const sealed = await Promise.all(sealing);
    expect(vault.stats).toEqual({ commits: 1, keys: 50 });
    // A crash now (the vault never closed) finds every acknowledged key.
    expect(keysOnDisk()).toEqual(ids);
    const reopened = PersonalDataVault.embedded(dir);
    try {
      for (const [i, one] of sealed.entries()) expect(await reopened.open(one)).toEqual({ ...person, name: `${person.name}${ids[i]}` });
    } finally {
      await reopened.close();
    }
  });

  it('keeps the key a person already has: two first seals share one, a later seal uses it without a commit', async () => {
    const [first, second] = await Promise.all([vault.seal('p1', person), vault.seal('p1', { ...person, phone: '13800000000' })]);
    const later = await vault.seal('p1', person);
    expect(vault.stats).toEqual({ commits: 1, keys: 2 });
    for (const sealed of [first, second, later]) expect(await vault.open(sealed)).not.toBeNull();
    expect(await vault.open(second)).toEqual({ ...person, phone: '13800000000' });
  });

  it('fails a refused key alone: the others of its commit are acknowledged and on disk', async () => {
    const other = new Database(path.join(dir, 'keys.sqlite'));
    other.exec("CREATE TRIGGER refuse_p2 BEFORE INSERT ON person_keys WHEN NEW.person_id = 'p2' BEGIN SELECT RAISE(ABORT, 'refused'); END");
    other.close();
    const outcomes = await Promise.allSettled(['p1', 'p2', 'p3'].map((id) => vault.seal(id, person)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(vault.stats).toEqual({ commits: 1, keys: 3 });
    expect(keysOnDisk()).toEqual(['p1', 'p3']);
    expect(await vault.open((outcomes[2] as PromiseFulfilledResult<Awaited<ReturnType<PersonalDataVault['seal']>>>).value)).toEqual(person);
  });

  it('commits the keys still queued when it closes, and refuses to seal once closed', async () => {
    const sealing = vault.seal('p1', person);
    const closing = vault.close();
    await expect(sealing).resolves.toMatchObject({ keyId: 'p1' });
    expect(keysOnDisk()).toEqual(['p1']);
    await expect(vault.seal('p2', person)).rejects.toMatchObject({ name: 'StoreUnavailableError' });
    await closing;
    vault = PersonalDataVault.embedded(dir);
  });
});
