/**
 * Concurrency: 100 conflicting commands at once on one stream (posts with If-Match, exams) and on the
 * rules that span streams (one lifelong account per ID number, one enterprise per credit code, one
 * subsidy per person and certificate code). Each
 * command succeeds or is refused with 409, 412 or 422, never 500, and the rules hold afterwards.
 */
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import type { Response } from 'supertest';
import { PersonalDataVault } from '../../apps/api/src/personal-data/personal-data-vault.js';
import { certifiedTrainee, claimBody, traineeOf } from '../e2e/support/claim-steps.js';
import { newCreditCode, newIdNumber } from '../e2e/support/fixtures.js';
import { createPostgresDatabase, startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { addTrainee, completeTraining, enrollWorker, examBody, openClass, recordExam, registerEnterprise, streamEvents, trainedWorker, type Party } from '../e2e/support/worker-steps.js';
import { reportFaultFigures } from './support/fault-results.js';
import { requireFreeConnections } from './support/postgres-capacity.js';

const CONCURRENT = 100;

const statusCounts = (responses: Response[]): Record<number, number> =>
  responses.reduce<Record<number, number>>((counts, r) => ({ ...counts, [r.status]: (counts[r.status] ?? 0) + 1 }), {});

const describeCounts = (counts: Record<number, number>): string =>
  Object.entries(counts)
    .map(([status, count]) => `${status} × ${count}`)
    .join(', ');

describe('concurrency: 100 conflicting commands at once', () => {
  let t: TestApp;
  const figures: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '10000000' });
  });
  afterAll(async () => {
    await t.close();
    if (figures.length > 0) reportFaultFigures('Concurrency (100 conflicting commands at once)', 'npm test -- test/fault/concurrency', figures);
  });

  const burst = (send: (i: number) => Promise<Response>): Promise<Response[]> => Promise.all(Array.from({ length: CONCURRENT }, (_, i) => send(i)));

  it('posts on one worker with If-Match: exactly one applies, the others are told the revision is stale', async () => {
    const enterprise = await registerEnterprise(t);
    const { workerId } = await enrollWorker(t, enterprise);
    const before = await streamEvents(t, `worker-${workerId}`);
    const revision = before.length - 1;

    const responses = await burst((i) =>
      t.http
        .post(`/api/v1/workers/${workerId}/posts`)
        .set('Authorization', `Bearer ${enterprise.token}`)
        .set('If-Match', `"${revision}"`)
        .send({ enterpriseId: enterprise.id, title: `岗位 ${i}`, startsOn: '2020-07-01' }),
    );

    const counts = statusCounts(responses);
    expect(Object.keys(counts).sort()).toEqual(['200', '412']);
    expect(counts[200]).toBe(1);
    const after = await streamEvents(t, `worker-${workerId}`);
    expect(after.filter((e) => e.type === 'PostAssigned')).toHaveLength(1);
    expect(after).toHaveLength(before.length + 1);
    figures.push(`Posts on one worker with If-Match: ${describeCounts(counts)}; the stream grew by exactly 1`);
  }, 60_000);

  it('exams on one worker without If-Match: each is applied once or refused, the attempts stay numbered 1, 2, … with no duplicate', async () => {
    const { provider, worker, classId } = await trainedWorker(t);
    const before = await streamEvents(t, `worker-${worker.workerId}`);

    const responses = await burst((i) =>
      t.http
        .post(`/api/v1/workers/${worker.workerId}/exams`)
        .set('Authorization', `Bearer ${provider.token}`)
        .send(examBody({ classId, theoryScore: 60 + (i % 40) })),
    );

    const counts = statusCounts(responses);
    expect(Object.keys(counts).every((status) => ['200', '409', '422'].includes(status))).toBe(true);
    const succeeded = responses.filter((r) => r.status === 200);
    const after = await streamEvents(t, `worker-${worker.workerId}`);
    const exams = after.slice(before.length).filter((e) => e.type === 'ExamPassed' || e.type === 'ExamFailed');
    expect(exams).toHaveLength(succeeded.length);
    // Every answer points at its own event: no two answers share a position, none points at nothing.
    const positions = new Set(exams.map((e) => e.position.toString()));
    expect(new Set(succeeded.map((r) => r.body.position)).size).toBe(succeeded.length);
    for (const r of succeeded) expect(positions.has(r.body.position)).toBe(true);
    // The resit rule: each attempt number once, in order; once the resit is failed too, training_required.
    const attempts = exams.map((e) => (e.data as { attempt: number }).attempt);
    expect(attempts).toEqual(attempts.map((_, i) => i + 1));
    const refusals = [...new Set(responses.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.body.code}`))];
    figures.push(`Exams on one worker without If-Match: ${describeCounts(counts)} (${refusals.join(', ')}); attempts appended: ${attempts.join(', ')}`);
  }, 60_000);

  it('one lifelong account per ID number: concurrent enrolments at ten enterprises make one person, employed once at each', async () => {
    const enterprises: Party[] = [];
    for (let i = 0; i < 10; i++) enterprises.push(await registerEnterprise(t));
    const idNumber = newIdNumber('1988-03-09');
    const body = (enterprise: Party) => ({ enterpriseId: enterprise.id, name: '李四', idNumber, employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2020-06-01' });

    const responses = await burst((i) => {
      const enterprise = enterprises[i % enterprises.length]!;
      return t.http.post('/api/v1/workers').set('Authorization', `Bearer ${enterprise.token}`).send(body(enterprise));
    });

    const counts = statusCounts(responses);
    expect(Object.keys(counts).every((status) => ['200', '201', '409'].includes(status))).toBe(true);
    const succeeded = responses.filter((r) => r.status < 300);
    expect(counts[201]).toBe(1);
    expect(new Set(succeeded.map((r) => r.body.id)).size).toBe(1);
    for (const r of responses) expect(JSON.stringify(r.body)).not.toContain(idNumber);
    const personId = succeeded[0]!.body.id as string;
    // One entry in the key store's index, for that person; the log has no reservation stream for it any more.
    const hash = t.app.get(PersonalDataVault).idNumberHash(idNumber);
    expect(await t.app.get(PersonalDataVault).findIdNumber(hash)).toBe(personId);
    expect(await streamEvents(t, `person_id-${hash}`)).toHaveLength(0);
    const enrolments = (await streamEvents(t, `worker-${personId}`)).filter((e) => e.type === 'WorkerEnrolled');
    expect(enrolments).toHaveLength(succeeded.length);
    // At most one employment per enterprise while employed there.
    const employers = enrolments.map((e) => (e.data as { enterpriseId: string }).enterpriseId);
    expect(new Set(employers).size).toBe(employers.length);
    figures.push(`Enrolments of one ID number at 10 enterprises: ${describeCounts(counts)}; persons: 1; employments: ${enrolments.length} at ${new Set(employers).size} enterprises`);
  }, 60_000);

  it('one enterprise per credit code: of concurrent registrations one is recorded, the others are 409 duplicate_credit_code', async () => {
    const admin = await t.token('city_admin');
    const creditCode = newCreditCode();
    const responses = await burst((i) =>
      t.http
        .post('/api/v1/enterprises')
        .set('Authorization', `Bearer ${admin}`)
        .send({ name: `益阳某化工有限公司${i}`, creditCode, sector: 'hazardous_chemicals', countyCode: '430903' }),
    );

    const counts = statusCounts(responses);
    expect(counts).toEqual({ 201: 1, 409: CONCURRENT - 1 });
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.code === 'duplicate_credit_code')).toBe(true);
    const reservation = await streamEvents(t, `enterprise_credit_code-${creditCode}`);
    expect(reservation).toHaveLength(1);
    const winner = responses.find((r) => r.status === 201)!.body.id as string;
    expect((reservation[0]!.data as { enterpriseId: string }).enterpriseId).toBe(winner);
    const losers = responses.filter((r) => r.status === 409);
    for (const loser of losers) expect(loser.body.id).toBeUndefined();
    figures.push(`Registrations of one credit code: ${describeCounts(counts)}; reservations: ${reservation.length}`);
  }, 60_000);

  it('one subsidy per person and code: of concurrent claims over two classes that trained the same person, one is recorded', async () => {
    const story = await certifiedTrainee(t);
    // A second class of the same provider and code that the same person also completed.
    const otherClassId = await openClass(t, story.provider, { kind: 'special_operation' });
    await addTrainee(t, story.provider, otherClassId, story.worker.workerId);
    await completeTraining(t, story.provider, otherClassId, story.worker.workerId);
    await recordExam(t, story.provider.token, story.worker.workerId, { kind: 'special_operation', classId: otherClassId, examinedOn: '2020-06-26' });
    const classes = [story.classId, otherClassId];
    const claimant = { kind: 'provider' as const, id: story.provider.id };

    const responses = await burst((i) =>
      t.http.post('/api/v1/subsidy-claims').set('Authorization', `Bearer ${story.provider.token}`).send(claimBody(classes[i % 2]!, claimant, [traineeOf(story)])),
    );

    const counts = statusCounts(responses);
    expect(Object.keys(counts).every((status) => ['201', '409', '422'].includes(status))).toBe(true);
    expect(counts[201]).toBe(1);
    const winner = responses.find((r) => r.status === 201)!.body.id as string;
    const held = await streamEvents(t, `subsidy_reservation-${story.worker.workerId}_9.1`);
    expect(held.map((e) => e.data)).toEqual([{ claimId: winner }]);
    expect(await streamEvents(t, `subsidy_year-${story.worker.workerId}_2020`)).toHaveLength(1);
    const classClaims = (await Promise.all(classes.map((id) => streamEvents(t, `subsidy_class-${id}`)))).map((events) => events.length);
    expect(classClaims.sort()).toEqual([0, 1]);
    const refusals = [...new Set(responses.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.body.code}`))];
    figures.push(`Subsidy claims for one person and code over two classes: ${describeCounts(counts)} (${refusals.join(', ')}); person-and-code reservations held: ${held.length}`);
  }, 60_000);
});

/**
 * A person enrolled at 20 enterprises at the same moment: every enrolment is a distinct employment, so
 * every one must be recorded. On the PostgreSQL event store, where each read is a round trip, they used
 * to read the same revision, collide in one group commit and retry in lockstep until most ran out of
 * attempts (409 concurrent_change).
 */
const STORES: Array<{ label: string; env: NodeJS.ProcessEnv; connections?: number; unavailable?: string }> = [
  { label: 'the embedded SQLite event store', env: { EVENT_STORE: 'sqlite' } },
  {
    label: 'the PostgreSQL event store',
    env: { EVENT_STORE: 'postgresql' },
    // The default pool of 10, the LISTEN connection, and the one that creates and drops the test's database.
    connections: 12,
    unavailable: process.env['POSTGRES_URL'] ? undefined : 'POSTGRES_URL is not set (CI sets it; or createdb a database and set POSTGRES_URL)',
  },
];
const SIMULTANEOUS_ENROLMENTS = 20;

describe(`concurrency: ${SIMULTANEOUS_ENROLMENTS} simultaneous enrolments of one ID number at as many enterprises`, () => {
  const figures: string[] = [];
  afterAll(() => {
    if (figures.length > 0) reportFaultFigures(`Concurrency (${SIMULTANEOUS_ENROLMENTS} simultaneous enrolments of one person)`, 'npm test -- test/fault/concurrency', figures);
  });

  for (const store of STORES) {
    it(`on ${store.label}: every enrolment is recorded, one person with ${SIMULTANEOUS_ENROLMENTS} employments`, async () => {
      if (store.unavailable) {
        process.stdout.write(`SKIPPED simultaneous enrolments on ${store.label}: ${store.unavailable}\n`);
        figures.push(`On ${store.label}: skipped (${store.unavailable})`);
        return;
      }
      if (store.connections) await requireFreeConnections(process.env['POSTGRES_URL']!, store.connections, `The simultaneous enrolments on ${store.label}`);
      const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '10000000', ...store.env });
      try {
        const enterprises: Party[] = [];
        for (let i = 0; i < SIMULTANEOUS_ENROLMENTS; i++) enterprises.push(await registerEnterprise(t));
        const idNumber = newIdNumber('1979-11-23');
        const responses = await Promise.all(
          enterprises.map((enterprise) =>
            t.http
              .post('/api/v1/workers')
              .set('Authorization', `Bearer ${enterprise.token}`)
              .send({ enterpriseId: enterprise.id, name: '王五', idNumber, employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2020-06-01' }),
          ),
        );

        const counts = statusCounts(responses);
        expect(counts).toEqual({ 201: 1, 200: SIMULTANEOUS_ENROLMENTS - 1 });
        const personIds = new Set(responses.map((r) => r.body.id as string));
        expect(personIds.size).toBe(1);
        const [personId] = [...personIds];
        const enrolments = (await streamEvents(t, `worker-${personId}`)).filter((e) => e.type === 'WorkerEnrolled');
        expect(new Set(enrolments.map((e) => (e.data as { enterpriseId: string }).enterpriseId))).toEqual(new Set(enterprises.map((e) => e.id)));
        figures.push(`On ${store.label}: ${describeCounts(counts)}; persons: ${personIds.size}; employments recorded: ${enrolments.length}`);
      } finally {
        await t.close();
      }
    }, 60_000);
  }
});

/**
 * The same person enrolled at 60 enterprises at once through three api instances on one PostgreSQL
 * event store and key store (three times the topology test's count): each instance has its own event
 * writer, so the conflicts between them are those of three api processes. Every enrolment must be
 * recorded: a command retries for its time budget, in rounds every process is as likely to win.
 */
const THROUGH_APIS = 3;
const ENROLMENTS_THROUGH_APIS = 60;

describe(`concurrency: ${ENROLMENTS_THROUGH_APIS} simultaneous enrolments of one ID number through ${THROUGH_APIS} apis on one PostgreSQL event store`, () => {
  const figures: string[] = [];
  afterAll(() => {
    if (figures.length > 0) reportFaultFigures(`Concurrency (${ENROLMENTS_THROUGH_APIS} simultaneous enrolments of one person through ${THROUGH_APIS} apis)`, 'npm test -- test/fault/concurrency', figures);
  });

  const postgresUrl = process.env['POSTGRES_URL'];
  if (!postgresUrl) {
    it.skip('SKIPPED, POSTGRES_URL is not set (CI sets it; or createdb a database and set POSTGRES_URL)', () => undefined);
    return;
  }

  // The ID number is claimed in the key store (decision 0016): its unique index decides the race, on each server key store.
  const KEY_STORES: Array<{ kind: 'postgresql' | 'mongodb'; unavailable?: string }> = [
    { kind: 'postgresql' },
    { kind: 'mongodb', unavailable: process.env['MONGODB_URL'] ? undefined : 'MONGODB_URL is not set (npm run test:mongo starts FerretDB)' },
  ];

  it.each(KEY_STORES)(`every enrolment is recorded: one person with ${ENROLMENTS_THROUGH_APIS} employments, no 409 (key store: $kind)`, async ({ kind, unavailable }) => {
    if (unavailable) {
      process.stdout.write(`SKIPPED simultaneous enrolments through ${THROUGH_APIS} apis with the ${kind} key store: ${unavailable}\n`);
      figures.push(`Key store ${kind}: skipped (${unavailable})`);
      return;
    }
    const keyDatabase = `${process.env['TEST_DATABASE_PREFIX'] ?? 'enrolments'}_keys_${randomBytes(4).toString('hex')}`;
    const keyStore = kind === 'mongodb' ? { KEY_STORE: 'mongodb', KEY_STORE_DATABASE: keyDatabase } : { KEY_STORE: 'postgresql' };
    const events = await createPostgresDatabase(postgresUrl, 'enrolments');
    const hex = (): string => randomBytes(32).toString('hex');
    // What several api processes share: the stores, and the keys that make an ID number's hash and a token the same everywhere.
    const shared = { EVENT_STORE: 'postgresql', POSTGRES_URL: events.url, ...keyStore, PROJECTOR: 'external', ID_HMAC_KEY: hex(), REQUEST_HMAC_KEY: hex(), TOKEN_SECRET: hex(), RATE_LIMIT_PER_MINUTE: '10000000' };
    const apps: TestApp[] = [];
    try {
      for (let i = 0; i < THROUGH_APIS; i++) apps.push(await startTestApp(shared));
      const enterprises: Party[] = [];
      for (let i = 0; i < ENROLMENTS_THROUGH_APIS; i++) enterprises.push(await registerEnterprise(apps[i % THROUGH_APIS]!));
      const idNumber = newIdNumber('1981-03-09');
      const started = performance.now();
      const responses = await Promise.all(
        enterprises.map((enterprise, i) =>
          apps[i % THROUGH_APIS]!.http
            .post('/api/v1/workers')
            .set('Authorization', `Bearer ${enterprise.token}`)
            .send({ enterpriseId: enterprise.id, name: '王五', idNumber, employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2020-06-01' }),
        ),
      );
      const seconds = (performance.now() - started) / 1000;

      const counts = statusCounts(responses);
      const refusals = responses.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.body.code}`);
      expect(refusals).toEqual([]);
      expect(counts).toEqual({ 201: 1, 200: ENROLMENTS_THROUGH_APIS - 1 });
      const personIds = new Set(responses.map((r) => r.body.id as string));
      expect(personIds.size).toBe(1);
      const [personId] = [...personIds];
      const enrolments = (await streamEvents(apps[0]!, `worker-${personId}`)).filter((e) => e.type === 'WorkerEnrolled');
      expect(enrolments.map((e) => (e.data as { enterpriseId: string }).enterpriseId).sort()).toEqual(enterprises.map((e) => e.id).sort());
      expect(await apps[1]!.app.get(PersonalDataVault).findIdNumber(apps[0]!.app.get(PersonalDataVault).idNumberHash(idNumber))).toBe(personId);
      figures.push(`Through ${THROUGH_APIS} apis on one PostgreSQL event store, ${kind} key store: ${describeCounts(counts)} in ${seconds.toFixed(1)} s; persons: ${personIds.size}; employments recorded: ${enrolments.length}`);
    } finally {
      for (const app of apps) await app.close();
      await events.drop();
      if (kind === 'mongodb') {
        const client = new MongoClient(process.env['MONGODB_URL']!);
        await client.db(keyDatabase).dropDatabase().finally(() => client.close());
      }
    }
  }, 120_000);
});
