import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { jest } from '@jest/globals';
import Database from 'better-sqlite3';
import type { DomainEvent } from '#libs/domain';
import { EventWriter, type ExecuteOptions } from '../../apps/api/src/commands/event-writer.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { enrollWorker, registerEnterprise, streamEvents, type EnrolledWorker, type Party } from '../e2e/support/worker-steps.js';

/**
 * An enterprise enrols a person's ID number at the very moment the city erases that person: the
 * enrolment loses the append race, is decided again on the erased stream, and must not revive the
 * erased id (no enrolment after `PersonErased`, no new key for that id, the record stays erased).
 */
describe('an enrolment racing an erasure', () => {
  let dataDir: string;
  let t: TestApp;
  let admin: string;
  let first: Party;
  let second: Party;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const erase = (id: string) => t.http.post(`/api/v1/workers/${id}/erasure`).set(auth(admin));
  const enrolAgain = (idNumber: string) =>
    t.http
      .post('/api/v1/workers')
      .set(auth(second.token))
      .send({ enterpriseId: second.id, name: '张三', idNumber, employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2021-03-01' });
  const turns = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) await setImmediate();
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'erasure-race-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    admin = await t.token('city_admin');
    first = await registerEnterprise(t);
    second = await registerEnterprise(t, { countyCode: '430921' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const keyRows = (personId: string): number => {
    const db = new Database(path.join(dataDir, 'keys.sqlite'), { readonly: true });
    try {
      return db.prepare<[string], number>('SELECT count(*) FROM person_keys WHERE person_id = ?').pluck().get(personId)!;
    } finally {
      db.close();
    }
  };

  /** What anyone can check afterwards: nothing enrolled after the erasure, no key, the record erased. */
  const expectStillErased = async (worker: EnrolledWorker, position: number, enrolment: { status: number; body: { id?: string } }) => {
    const types = (await streamEvents(t, `worker-${worker.workerId}`)).map((e) => e.type);
    expect(types).toContain('PersonErased');
    expect(types.slice(types.indexOf('PersonErased') + 1)).toEqual([]);
    expect(keyRows(worker.workerId)).toBe(0);
    const record = await t.http.get(`/api/v1/workers/${worker.workerId}`).set(auth(admin)).set('X-Min-Position', String(position));
    expect(record.status).toBe(200);
    expect(record.body.erased).toBe(true);
    expect(JSON.stringify(record.body)).not.toContain(worker.idNumber);
    expect(JSON.stringify(record.body)).not.toContain('张三');
    // Enrolled after the erasure, the ID number is a new person.
    if (enrolment.status === 201) expect(enrolment.body.id).not.toBe(worker.workerId);
  };

  it('fired together 20 times, in either order, the erased id stays erased, with no key and no enrolment after the erasure', async () => {
    for (let pair = 0; pair < 20; pair++) {
      const worker = await enrollWorker(t, first, { name: '张三' });
      const erasureFirst = pair % 2 === 0;
      const [erasure, enrolment] = await Promise.all([
        turns(erasureFirst ? 0 : pair).then(() => erase(worker.workerId)),
        turns(erasureFirst ? pair : 0).then(() => enrolAgain(worker.idNumber)),
      ]);
      expect(erasure.status).toBe(200);
      expect([200, 201]).toContain(enrolment.status);
      await expectStillErased(worker, Math.max(Number(erasure.body.position), Number(enrolment.body.position ?? 0)), enrolment);
    }
  });

  it('an enrolment that read the person before the erasure and appends after it makes a new person instead', async () => {
    const writer = t.app.get(EventWriter);
    const execute = writer.execute.bind(writer);
    for (let round = 0; round < 5; round++) {
      const worker = await enrollWorker(t, first, { name: '张三' });
      let erasure: Awaited<ReturnType<typeof erase>> | undefined;
      // The erasure lands exactly between the enrolment's read of the person's stream and its append.
      const spy = jest.spyOn(writer, 'execute').mockImplementation(async (options: ExecuteOptions<unknown, DomainEvent>) => {
        if (erasure || options.id !== worker.workerId || options.occurredAt !== '2021-03-01') return execute(options);
        return execute({
          ...options,
          decide: async (loaded) => {
            if (!erasure) erasure = await erase(worker.workerId);
            return options.decide(loaded);
          },
        });
      });
      try {
        const enrolment = await enrolAgain(worker.idNumber);
        expect(erasure?.status).toBe(200);
        expect(enrolment.status).toBe(201);
        expect(enrolment.body.id).not.toBe(worker.workerId);
        await expectStillErased(worker, Number(enrolment.body.position), enrolment);
      } finally {
        spy.mockRestore();
      }
    }
  });
});
