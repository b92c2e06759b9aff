/**
 * The ID number is looked up by a keyed hash of it. That hash used to be written into the event log
 * (`WorkerEnrolled.idNumberHash`, `person_id-<hash>` streams), where an erasure cannot reach it: the
 * ID number stayed linkable to the erased person forever, and enrolling it again found the erased
 * account's reservation. The index now lives in the key store and goes with the person's key
 * (decision 0016). These tests look for the hash and the number where an attacker with a copy of the
 * stores would: every file under DATA_DIR as raw bytes, every table of the PostgreSQL database.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { WorkerEnrolled } from '#libs/domain';
import { EventWriter } from '../../apps/api/src/commands/event-writer.js';
import type { CommandContext } from '../../apps/api/src/http/command-context.js';
import { PersonalDataVault } from '../../apps/api/src/personal-data/personal-data-vault.js';
import { personIdReservation } from '../../apps/api/src/workers/person-id-reservation.js';
import { workerAggregate } from '../../apps/api/src/workers/worker.aggregate.js';
import { newIdNumber } from '../e2e/support/fixtures.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { registerEnterprise, streamEvents, wholeLogText, type Party } from '../e2e/support/worker-steps.js';

/** Every file under a directory, recursively, as raw bytes: what someone who copies the disk holds. */
function filesUnder(dir: string): Array<{ file: string; bytes: Buffer }> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .map((file) => ({ file: path.relative(dir, file), bytes: readFileSync(file) }));
}

/** The forms an attacker would search for: the hash as hex text and as raw bytes, the ID number as text. */
function traces(hash: string, idNumber: string): Buffer[] {
  return [Buffer.from(hash), Buffer.from(hash, 'hex'), Buffer.from(idNumber)];
}

function filesHolding(dir: string, forms: Buffer[]): string[] {
  return filesUnder(dir)
    .filter(({ bytes }) => forms.some((form) => bytes.includes(form)))
    .map(({ file }) => file);
}

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The enrolment and the erasure an attacker then tries to undo, through the HTTP api of `t`. */
function steps(get: () => TestApp) {
  const enrol = (enterprise: Party, idNumber: string, name: string) =>
    get()
      .http.post('/api/v1/workers')
      .set(auth(enterprise.token))
      .send({ enterpriseId: enterprise.id, name, idNumber, employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2021-03-01' });
  const erase = async (id: string) => get().http.post(`/api/v1/workers/${id}/erasure`).set(auth(await get().token('city_admin')));
  return { enrol, erase };
}

describe('after an erasure the ID number is nowhere (embedded stores: SQLite event log and key store)', () => {
  let t: TestApp;
  let enterprise: Party;
  const { enrol, erase } = steps(() => t);

  beforeAll(async () => {
    t = await startTestApp();
    enterprise = await registerEnterprise(t);
  });
  afterAll(() => t.close());

  it('keeps the hash out of the event log; after the erasure no file under DATA_DIR holds the hash or the number; enrolled again it is a new person', async () => {
    const vault = t.app.get(PersonalDataVault);
    const idNumber = newIdNumber('1986-07-21');
    const hash = vault.idNumberHash(idNumber);
    const first = await enrol(enterprise, idNumber, '孙九');
    expect(first.status).toBe(201);
    const erasedId = first.body.id as string;

    // Before the erasure: indexed in the key store (the scan finds it there, so it would find it elsewhere), never in the log.
    const dataDir = t.config.eventStore.kind === 'sqlite' ? t.config.eventStore.dataDir : '';
    expect(await vault.findIdNumber(hash)).toBe(erasedId);
    const before = filesHolding(dataDir, traces(hash, idNumber));
    expect(before.length).toBeGreaterThan(0);
    for (const file of before) expect(file).toMatch(/^keys\.sqlite/);
    expect(await wholeLogText(t)).not.toContain(hash);

    const erased = await erase(erasedId);
    expect(erased.status).toBe(200);

    expect(filesHolding(dataDir, traces(hash, idNumber))).toEqual([]);
    expect(await vault.findIdNumber(hash)).toBeNull();
    const log = await wholeLogText(t);
    expect(log).not.toContain(hash);
    expect(log).not.toContain(idNumber);

    // Enrolled again, even with the same name: a new person, nothing of the erased one linked to it.
    const again = await enrol(enterprise, idNumber, '孙九');
    expect(again.status).toBe(201);
    const newId = again.body.id as string;
    expect(newId).not.toBe(erasedId);
    expect(await vault.findIdNumber(hash)).toBe(newId);
    const newEvents = JSON.stringify(await streamEvents(t, `worker-${newId}`), (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    expect(newEvents).not.toContain(erasedId);
    expect(newEvents).not.toContain(hash);
    expect(await streamEvents(t, `person_id-${hash}`)).toEqual([]);
    const record = await t.http.get(`/api/v1/workers/${newId}`).set(auth(enterprise.token)).set('X-Min-Position', again.body.position);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ erased: false, name: '孙九' });
    expect(record.body.employments).toHaveLength(1);
    expect(JSON.stringify(record.body)).not.toContain(erasedId);
  });

  it('the re-enrolment attack: the erased person\'s ID number and name enrolled elsewhere get none of their account, and the erased record stays erased', async () => {
    const idNumber = newIdNumber('1979-05-02');
    const victim = await enrol(enterprise, idNumber, '周八');
    expect(victim.status).toBe(201);
    const victimId = victim.body.id as string;
    expect((await erase(victimId)).status).toBe(200);
    const victimEvents = await streamEvents(t, `worker-${victimId}`);

    const attacker = await registerEnterprise(t);
    const taken = await enrol(attacker, idNumber, '周八');
    expect(taken.status).toBe(201);
    expect(taken.body.id).not.toBe(victimId);
    // Nothing was appended to the erased person; their key is never created again.
    expect(await streamEvents(t, `worker-${victimId}`)).toHaveLength(victimEvents.length);
    expect(await t.app.get(PersonalDataVault).isErased(victimId)).toBe(true);
    const admin = await t.token('city_admin');
    const erasedRecord = await t.http.get(`/api/v1/workers/${victimId}`).set(auth(admin)).set('X-Min-Position', taken.body.position);
    expect(erasedRecord.body.erased).toBe(true);
    expect(JSON.stringify(erasedRecord.body)).not.toContain('周八');
    const takenRecord = await t.http.get(`/api/v1/workers/${taken.body.id}`).set(auth(attacker.token)).set('X-Min-Position', taken.body.position);
    expect(takenRecord.body).toMatchObject({ erased: false, exams: [], trainings: [], certificates: [] });
    expect(takenRecord.body.employments).toEqual([expect.objectContaining({ enterpriseId: attacker.id })]);
    // Looking the number up through the roster finds the new person, never the erased one.
    expect(await t.app.get(PersonalDataVault).findIdNumber(t.app.get(PersonalDataVault).idNumberHash(idNumber))).toBe(taken.body.id);
  });

  it('a log written before the index moved (hash in WorkerEnrolled, a person_id stream) still resolves; after that person\'s erasure the number is a new person', async () => {
    const vault = t.app.get(PersonalDataVault);
    const writer = t.app.get(EventWriter);
    const idNumber = newIdNumber('1975-10-10');
    const hash = vault.idNumberHash(idNumber);
    const legacyId = 'a'.repeat(8) + Date.now().toString(16).padStart(24, '0').slice(-24);
    const context: CommandContext = { actor: { sub: 'enterprise_admin-legacy', role: 'enterprise_admin', scope: { enterpriseId: enterprise.id } }, correlationId: 'legacy' };
    const personal = await vault.seal(legacyId, { name: '吴十', idNumber, birthDate: '1975-10-10' });
    // What an enrolment appended before: the hash in the event and a reservation stream, in one append.
    const reservation = await writer.load(personIdReservation, hash);
    await writer.execute({
      type: workerAggregate,
      id: legacyId,
      context,
      mode: 'create',
      occurredAt: '2019-01-01',
      decide: () => ({
        ok: true,
        warnings: [],
        events: [
          {
            type: 'WorkerEnrolled',
            data: { personId: legacyId, idNumberHash: hash, personal, employmentId: legacyId, enterpriseId: enterprise.id, employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2019-01-01' },
          } satisfies WorkerEnrolled,
        ],
      }),
      alongside: () => [{ streamId: reservation.streamId, events: [{ type: 'PersonIdReserved', data: { personId: legacyId } }], expected: 'no_stream' }],
    });
    expect(await vault.findIdNumber(hash)).toBeNull();

    // The old log's person is found, enrolled again, and moved into the key store's index.
    const other = await registerEnterprise(t);
    const again = await enrol(other, idNumber, '吴十');
    expect([again.status, again.body.id]).toEqual([200, legacyId]);
    expect(await vault.findIdNumber(hash)).toBe(legacyId);
    const latest = (await streamEvents(t, `worker-${legacyId}`)).at(-1)!;
    expect(latest.data).not.toHaveProperty('idNumberHash');
    // Another name is still refused for that account.
    expect((await enrol(await registerEnterprise(t), idNumber, '郑十一')).body.code).toBe('identity_mismatch');

    // Erased: the index entry goes; the old stream still names the person, and is read as erased.
    expect((await erase(legacyId)).status).toBe(200);
    expect(await vault.findIdNumber(hash)).toBeNull();
    const fresh = await enrol(other, idNumber, '吴十');
    expect(fresh.status).toBe(201);
    expect(fresh.body.id).not.toBe(legacyId);
    expect(await vault.findIdNumber(hash)).toBe(fresh.body.id);
    // Nothing new was appended to the old reservation stream.
    expect(await streamEvents(t, reservation.streamId)).toHaveLength(1);
  });
});

const postgresUrl = process.env['POSTGRES_URL'];

describe('after an erasure the ID number is nowhere (PostgreSQL event store and key store)', () => {
  if (!postgresUrl) {
    it.skip('SKIPPED, POSTGRES_URL is not set (CI sets it; or createdb a database and set POSTGRES_URL)', () => undefined);
    return;
  }

  let t: TestApp;
  let enterprise: Party;
  let inspector: pg.Client;
  const { enrol, erase } = steps(() => t);

  beforeAll(async () => {
    const hex = 'ab'.repeat(32);
    t = await startTestApp({ EVENT_STORE: 'postgresql', KEY_STORE: 'postgresql', ID_HMAC_KEY: hex, REQUEST_HMAC_KEY: 'cd'.repeat(32), TOKEN_SECRET: 'ef'.repeat(32) });
    enterprise = await registerEnterprise(t);
    inspector = new pg.Client({ connectionString: t.config.eventStore.kind === 'postgresql' ? t.config.eventStore.url : '' });
    await inspector.connect();
  });
  afterAll(async () => {
    await inspector?.end();
    await t?.close();
  });

  /** Every row of every table of the database, as text. */
  const tablesHolding = async (needles: string[]): Promise<string[]> => {
    const { rows: tables } = await inspector.query<{ name: string }>(
      "SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    );
    const holding: string[] = [];
    for (const { name } of tables) {
      const { rows } = await inspector.query<{ text: string | null }>(`SELECT string_agg(t::text, E'\\n') AS text FROM ${name} t`);
      if (needles.some((needle) => rows[0]!.text?.includes(needle))) holding.push(name);
    }
    return holding;
  };
  /** The bytes of every relation's file (tables, indexes, TOAST) after a checkpoint: dead row versions included. */
  const filesHolding = async (forms: Buffer[]): Promise<string[]> => {
    await inspector.query('CHECKPOINT');
    const { rows } = await inspector.query<{ name: string; path: string }>(
      `SELECT c.oid::regclass::text AS name, pg_relation_filepath(c.oid) AS path FROM pg_class c
       WHERE c.relkind IN ('r', 'i', 't', 'm') AND pg_relation_filepath(c.oid) IS NOT NULL AND c.relnamespace <> 'pg_catalog'::regnamespace`,
    );
    const holding: string[] = [];
    for (const { name, path: file } of rows) {
      const read = await inspector.query<{ bytes: Buffer | null }>('SELECT pg_read_binary_file($1::text, 0, 67108864, true) AS bytes', [file]);
      const bytes = read.rows[0]!.bytes ?? Buffer.alloc(0);
      if (forms.some((form) => bytes.includes(form))) holding.push(name);
    }
    return holding;
  };

  it('keeps the hash out of the events table; after the erasure no table and no relation file holds it; enrolled again it is a new person', async () => {
    const vault = t.app.get(PersonalDataVault);
    const idNumber = newIdNumber('1984-12-24');
    const hash = vault.idNumberHash(idNumber);
    const first = await enrol(enterprise, idNumber, '冯十二');
    expect(first.status).toBe(201);
    const erasedId = first.body.id as string;
    // Before: in the key store's index alone (the scans find it there, so they would find it elsewhere).
    const tablesBefore = await tablesHolding([hash, idNumber]);
    expect(tablesBefore).toContainEqual(expect.stringMatching(/id_numbers_\d+$/));
    for (const table of tablesBefore) expect(table).toMatch(/\.id_numbers(_\d+)?$/);
    expect(await filesHolding(traces(hash, idNumber))).toContainEqual(expect.stringMatching(/id_numbers_\d+$/));

    expect((await erase(erasedId)).status).toBe(200);

    expect(await tablesHolding([hash, idNumber])).toEqual([]);
    expect(await filesHolding(traces(hash, idNumber))).toEqual([]);
    const again = await enrol(enterprise, idNumber, '冯十二');
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(erasedId);
    expect(await vault.findIdNumber(hash)).toBe(again.body.id);
  });
});
