import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import Database from 'better-sqlite3';
import { PersonalDataVault } from '../../apps/api/src/personal-data/personal-data-vault.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { enrollWorker, registerEnterprise, streamEvents } from '../e2e/support/worker-steps.js';

/** Every file under DATA_DIR holding the key, raw, hex or base64: what a copy of the disk gives away. */
function filesHoldingKey(dir: string, key: Buffer): string[] {
  const forms = [key, Buffer.from(key.toString('hex')), Buffer.from(key.toString('base64'))];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => forms.some((form) => readFileSync(file).includes(form)))
    .map((file) => path.relative(dir, file));
}

/**
 * Another process holds a read transaction on keys.sqlite while the city erases a person: the WAL
 * cannot be truncated, so the key is still in the file. The erasure, once `PersonErased` is appended,
 * waits for the store and completes; it never answers "nothing was recorded".
 */
describe('an erasure while another process reads the keys store', () => {
  let dataDir: string;
  let t: TestApp;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'erasure-busy-'));
    t = await startTestApp({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('waits for the reader to finish, then answers 200 with the key gone from every file', async () => {
    const enterprise = await registerEnterprise(t);
    const worker = await enrollWorker(t, enterprise);
    const reader = new Database(path.join(dataDir, 'keys.sqlite'), { readonly: true });
    const key = reader.prepare<[string], { key: Buffer }>('SELECT key FROM person_keys WHERE person_id = ?').get(worker.workerId)!.key;
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM person_keys').get(); // the read transaction's snapshot is taken

    // The reader finishes only after the vault found the store busy at least once.
    const vault = t.app.get(PersonalDataVault);
    const tryErase = vault.tryErase.bind(vault);
    let busyAttempts = 0;
    const spy = jest.spyOn(vault, 'tryErase').mockImplementation(async (personId: string) => {
      const done = await tryErase(personId);
      if (!done && ++busyAttempts === 1) {
        reader.exec('COMMIT');
        reader.close();
      }
      return done;
    });
    try {
      const admin = await t.token('city_admin');
      const erasure = await t.http.post(`/api/v1/workers/${worker.workerId}/erasure`).set('Authorization', `Bearer ${admin}`);
      expect(busyAttempts).toBeGreaterThanOrEqual(1);
      expect([erasure.status, erasure.body.code]).toEqual([200, undefined]);
      expect((await streamEvents(t, `worker-${worker.workerId}`)).map((e) => e.type)).toContain('PersonErased');
      expect(filesHoldingKey(dataDir, key)).toEqual([]);
      expect(await vault.erasuresBegun()).toEqual([]);
    } finally {
      spy.mockRestore();
      if (reader.open) reader.close();
    }
  });
});
