import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Projector } from '#libs/projections';
import { EventWriter } from '../../apps/api/src/commands/event-writer.js';
import type { CommandContext } from '../../apps/api/src/http/command-context.js';
import { personErasureAggregate, type PersonErased } from '../../apps/api/src/personal-data/person-erasure.aggregate.js';
import { PersonalDataVault } from '../../apps/api/src/personal-data/personal-data-vault.js';
import { PROJECTOR } from '../../apps/api/src/read-models/shared/read-model.tokens.js';
import { certifiedTrainee, issueCertificate } from '../e2e/support/claim-steps.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { enrollWorker, registerEnterprise, streamEvents, trainedWorker, type Party } from '../e2e/support/worker-steps.js';

/** Every file under DATA_DIR, recursively, as raw bytes: what someone who copies the disk holds. */
function filesUnder(dir: string): Array<{ file: string; bytes: Buffer }> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .map((file) => ({ file, bytes: readFileSync(file) }));
}

/** The files holding a key in any form an attacker would look for: raw, hex or base64. */
function filesHoldingKey(dir: string, key: Buffer): string[] {
  const forms = [key, Buffer.from(key.toString('hex')), Buffer.from(key.toString('base64'))];
  return filesUnder(dir)
    .filter(({ bytes }) => forms.some((form) => bytes.includes(form)))
    .map(({ file }) => path.relative(dir, file));
}

/** A person's key read as an attacker with a copy of keys.sqlite would, before the erasure. */
function keyOf(dataDir: string, personId: string): Buffer {
  const db = new Database(path.join(dataDir, 'keys.sqlite'), { readonly: true });
  try {
    return db.prepare<[string], { key: Buffer }>('SELECT key FROM person_keys WHERE person_id = ?').get(personId)!.key;
  } finally {
    db.close();
  }
}

describe('erasure that cannot be undone', () => {
  let dataDir: string;
  let t: TestApp;
  let admin: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const erase = (id: string) => t.http.post(`/api/v1/workers/${id}/erasure`).set(auth(admin));
  const start = async () => {
    t = await startTestApp({ DATA_DIR: dataDir });
    admin = await t.token('city_admin');
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'erasure-attacks-'));
    await start();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('re-enrolling an erased ID number at another enterprise makes a new person with none of the erased history, and a rebuild changes nothing', async () => {
    const story = await certifiedTrainee(t);
    const { idNumber, workerId: erasedId } = story.worker;
    const erased = await erase(erasedId);
    expect(erased.status).toBe(200);
    await t.http
      .post(`/api/v1/workers/${erasedId}/employment-end`)
      .set(auth(story.enterprise.token))
      .send({ enterpriseId: story.enterprise.id, endsOn: '2021-01-31' })
      .expect(200);

    const other = await registerEnterprise(t);
    const again = await t.http
      .post('/api/v1/workers')
      .set(auth(other.token))
      .send({ enterpriseId: other.id, name: '周八', idNumber, employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2021-03-01' });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(erasedId);

    const record = await t.http.get(`/api/v1/workers/${again.body.id}`).set(auth(other.token)).set('X-Min-Position', again.body.position);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ erased: false, name: '周八', exams: [], trainings: [], certificates: [] });
    expect(record.body.employments).toEqual([expect.objectContaining({ enterpriseId: other.id })]);

    // The new person can be erased in turn; the first stays erased.
    const second = await erase(again.body.id);
    expect(second.status).toBe(200);
    const projector = t.app.get<Projector>(PROJECTOR);
    await projector.rebuild('workers');
    expect(await projector.waitForPosition(BigInt(second.body.position), 10_000)).toBe(true);
    for (const id of [erasedId, again.body.id]) {
      const after = await t.http.get(`/api/v1/workers/${id}`).set(auth(admin)).set('X-Min-Position', second.body.position);
      expect(after.status).toBe(200);
      expect(after.body.erased).toBe(true);
      expect(JSON.stringify(after.body)).not.toContain('周八');
      expect(JSON.stringify(after.body)).not.toContain(idNumber.slice(-4));
    }
  });

  it('leaves no copy of the erased key in any file under DATA_DIR once the erasure is acknowledged, among many keys', async () => {
    const enterprise = await registerEnterprise(t);
    // Enough people for the keys table to split pages and the WAL to hold several versions of them.
    const workers = [];
    for (let i = 0; i < 120; i++) workers.push(await enrollWorker(t, enterprise, { name: `员工${i}` }));
    const victims = [workers[0], workers[57], workers[119]];
    const keys = victims.map((worker) => keyOf(dataDir, worker.workerId));
    for (const key of keys) expect(filesHoldingKey(dataDir, key).length).toBeGreaterThan(0);

    for (const victim of victims) expect((await erase(victim.workerId)).status).toBe(200);

    for (const key of keys) expect(filesHoldingKey(dataDir, key)).toEqual([]);
    // The others are untouched.
    expect(await t.app.get(PersonalDataVault).isErased(workers[1].workerId)).toBe(false);
  });

  it('keeps a certificate number that is the holder\'s ID number out of every file in clear, and its keyed hash too once the holder is erased', async () => {
    const story = await trainedWorker(t, { kind: 'special_operation' });
    const { idNumber, workerId } = story.worker;
    // 特种作业操作证 numbers are in practice the holder's ID number (decision 0020).
    await issueCertificate(t, await t.token('em_officer', { county: '430903' }), workerId, { number: idNumber });
    const vault = t.app.get(PersonalDataVault);
    const forms = (value: string) => [Buffer.from(value), Buffer.from(value.toUpperCase())];
    const keyed = vault.certificateNumberHash('益阳市应急管理局', 'special_operation', idNumber);
    const unkeyed = createHash('sha256').update(`益阳市应急管理局\nspecial_operation\n${idNumber}`).digest('hex');
    const holding = (needles: Buffer[]) =>
      filesUnder(dataDir)
        .filter(({ bytes }) => needles.some((needle) => bytes.includes(needle)))
        .map(({ file }) => path.relative(dataDir, file));
    expect(holding([...forms(idNumber), Buffer.from(unkeyed)])).toEqual([]);
    // The claim is in the key store's index (its file or its WAL), nowhere else.
    const claimedIn = holding([Buffer.from(keyed), Buffer.from(keyed, 'hex')]);
    expect(claimedIn.length).toBeGreaterThan(0);
    for (const file of claimedIn) expect(file).toMatch(/^keys\.sqlite(-wal)?$/);

    expect((await erase(workerId)).status).toBe(200);
    expect(holding([...forms(idNumber), Buffer.from(unkeyed), Buffer.from(keyed), Buffer.from(keyed, 'hex')])).toEqual([]);
  });

  it('creates every store and secret file readable by its owner alone (0600)', () => {
    const files = filesUnder(dataDir).map(({ file }) => file);
    expect(files.map((file) => path.basename(file))).toEqual(expect.arrayContaining(['events.sqlite', 'read.sqlite', 'keys.sqlite', 'token-secret', 'id-hmac-key']));
    for (const file of files) expect([path.relative(dataDir, file), (statSync(file).mode & 0o777).toString(8)]).toEqual([path.relative(dataDir, file), '600']);
  });

  it('creates a new DATA_DIR that only its owner can enter (0700)', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'data-dir-mode-'));
    const fresh = path.join(parent, 'data');
    const other = await startTestApp({ DATA_DIR: fresh });
    try {
      expect((statSync(fresh).mode & 0o777).toString(8)).toBe('700');
    } finally {
      await other.close();
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('finishes at start an erasure that a crash interrupted after PersonErased was appended and before the key was destroyed', async () => {
    const enterprise = await registerEnterprise(t);
    const worker = await enrollWorker(t, enterprise);
    const key = keyOf(dataDir, worker.workerId);
    const vault = t.app.get(PersonalDataVault);
    // The handler's first two steps, then the "crash": the key is never destroyed by this process.
    await vault.beginErasure(worker.workerId);
    const context: CommandContext = { actor: { sub: 'city_admin-crash', role: 'city_admin', scope: {} }, correlationId: 'crash' };
    await t.app.get(EventWriter).execute({
      type: personErasureAggregate,
      id: worker.workerId,
      context,
      mode: 'update',
      occurredAt: '2021-05-01',
      decide: () => ({ ok: true, events: [{ type: 'PersonErased', data: { personId: worker.workerId, erasedOn: '2021-05-01' } } satisfies PersonErased], warnings: [] }),
    });
    expect(await vault.isErased(worker.workerId)).toBe(false);
    await t.close();

    await start();
    expect(await t.app.get(PersonalDataVault).isErased(worker.workerId)).toBe(true);
    expect(await t.app.get(PersonalDataVault).erasuresBegun()).toEqual([]);
    expect(filesHoldingKey(dataDir, key)).toEqual([]);
    // A note for an erasure that never reached the log is dropped, and the key kept.
    const kept = await enrollWorker(t, enterprise);
    await t.app.get(PersonalDataVault).beginErasure(kept.workerId);
    await t.close();
    await start();
    expect(await t.app.get(PersonalDataVault).isErased(kept.workerId)).toBe(false);
    expect(await t.app.get(PersonalDataVault).erasuresBegun()).toEqual([]);
  });

  it('appends PersonErased before the key goes: a refused erasure (already erased) destroys nothing more and appends nothing', async () => {
    const enterprise = await registerEnterprise(t);
    const worker = await enrollWorker(t, enterprise);
    await erase(worker.workerId).expect(200);
    const count = (await streamEvents(t, `worker-${worker.workerId}`)).length;
    const again = await erase(worker.workerId);
    expect([again.status, again.body.code]).toEqual([422, 'already_erased']);
    expect(await streamEvents(t, `worker-${worker.workerId}`)).toHaveLength(count);
  });

  it('records who erased and when in the audit trail, without personal data', async () => {
    const enterprise: Party = await registerEnterprise(t);
    const worker = await enrollWorker(t, enterprise, { name: '孙九' });
    const erased = await erase(worker.workerId);
    const trail = await t.http
      .get(`/api/v1/audit-trail?streamId=worker-${worker.workerId}`)
      .set(auth(await t.token('auditor')))
      .set('X-Min-Position', erased.body.position);
    expect(trail.status).toBe(200);
    const entry = trail.body.items.find((item: { type: string }) => item.type === 'PersonErased');
    expect(entry).toMatchObject({ actorRole: 'city_admin', actorSub: expect.any(String), occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}/) });
    expect(JSON.stringify(trail.body)).not.toContain('孙九');
    expect(JSON.stringify(trail.body)).not.toContain(worker.idNumber);
  });
});
