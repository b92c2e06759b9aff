import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { enrollWorker, registerEnterprise } from '../e2e/support/worker-steps.js';

/**
 * The embedded key store (`keys.sqlite`) restored from a backup taken before an erasure: the erased
 * person's key is in the restored file. The api started on it destroys the key again from the log's
 * PersonErased before it serves anything, and the person stays erased. (The PostgreSQL key store's
 * case, with pg_dump and two api processes, is in test/process/two-apis.int.spec.ts.)
 */
describe('a key store restored from a backup taken before an erasure', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-restore-'));
  const backupDir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-restore-backup-'));
  const keysFile = path.join(dataDir, 'keys.sqlite');
  const backup = path.join(backupDir, 'keys.sqlite');
  let t: TestApp | undefined;

  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(backupDir, { recursive: true, force: true });
  });

  const keyRows = (file: string, personId: string): number => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM person_keys WHERE person_id = ?').get(personId)!.n;
    } finally {
      db.close();
    }
  };

  it('has the erased key destroyed again at the next start, and the person stays erased', async () => {
    t = await startTestApp({ DATA_DIR: dataDir });
    const enterprise = await registerEnterprise(t);
    const kept = await enrollWorker(t, enterprise, { name: '周九' });
    const erased = await enrollWorker(t, enterprise, { name: '吴十' });
    // An online backup (SQLite's backup API), as an operator's tool would take it, before the erasure.
    const reader = new Database(keysFile, { readonly: true });
    await reader.backup(backup);
    reader.close();
    const admin = await t.token('city_admin');
    const erasure = await t.http.post(`/api/v1/workers/${erased.workerId}/erasure`).set('Authorization', `Bearer ${admin}`);
    expect(erasure.status).toBe(200);
    await t.close();
    t = undefined;

    // Restored: the backup replaces the live file (and its WAL), and holds the erased key again.
    for (const suffix of ['', '-wal', '-shm']) rmSync(keysFile + suffix, { force: true });
    copyFileSync(backup, keysFile);
    expect(keyRows(keysFile, erased.workerId)).toBe(1);

    t = await startTestApp({ DATA_DIR: dataDir });
    expect(keyRows(keysFile, erased.workerId)).toBe(0);
    const officer = await t.token('city_admin');
    const record = await t.http.get(`/api/v1/workers/${erased.workerId}`).set('Authorization', `Bearer ${officer}`).set('X-Min-Position', String(erasure.body.position));
    expect(record.status).toBe(200);
    expect(record.body.erased).toBe(true);
    expect(JSON.stringify(record.body)).not.toContain('吴十');
    // The person not erased keeps their key and their name.
    const other = await t.http.get(`/api/v1/workers/${kept.workerId}`).set('Authorization', `Bearer ${officer}`);
    expect(other.body).toMatchObject({ erased: false, name: '周九' });
  }, 60_000);
});
