import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PersonalDataVault } from './personal-data-vault.js';

describe('PersonalDataVault', () => {
  let dir: string;
  let vault: PersonalDataVault;
  const person = { name: '张三', idNumber: '43090319900101123X', birthDate: '1990-01-01' };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vault-'));
    vault = new PersonalDataVault(dir);
  });
  afterEach(() => {
    vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals personal data so that the ciphertext does not contain it, and opens it again', () => {
    const sealed = vault.seal('p1', person);
    expect(JSON.stringify(sealed)).not.toContain(person.idNumber);
    expect(JSON.stringify(sealed)).not.toContain(person.name);
    expect(vault.open(sealed)).toEqual(person);
  });

  it('cannot open a person sealed under another id (the id is authenticated)', () => {
    const sealed = vault.seal('p1', person);
    vault.seal('p2', person);
    expect(() => vault.open({ ...sealed, keyId: 'p2' })).toThrow();
  });

  it('erasing the key makes every sealed copy unreadable, and survives a restart', () => {
    const sealed = vault.seal('p1', person);
    vault.erase('p1');
    expect(vault.open(sealed)).toBeNull();
    vault.close();
    vault = new PersonalDataVault(dir);
    expect(vault.isErased('p1')).toBe(true);
    expect(vault.open(sealed)).toBeNull();
  });

  it('hashes ID numbers with a key: stable, case-insensitive on the check character, not the plain SHA-256', () => {
    const hash = vault.idNumberHash(person.idNumber);
    expect(vault.idNumberHash(person.idNumber.toLowerCase())).toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const again = new PersonalDataVault(dir);
    expect(again.idNumberHash(person.idNumber)).toBe(hash);
    again.close();
    expect(readFileSync(path.join(dir, 'id-hmac-key'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });
});
