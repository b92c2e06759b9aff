import type { EventStore, RecordedEvent } from '#libs/event-store';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/stores.module.js';
import { EventWriter } from '../../apps/api/src/commands/event-writer.js';
import { certifiedTrainee, claimBody, issueCertificate, laborContract, traineeOf, type CertifiedTrainee } from './support/claim-steps.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { addTrainee, completeTraining, enrollWorker, openClass, recordExam, registerEnterprise, registerProvider, streamEvents } from './support/worker-steps.js';

/** The contract as the claim keeps it: its hash, and a file name made of the hash (the name a client gave may hold the person's name). */
const storedContract = (workerId: string) => {
  const { sha256 } = laborContract(workerId);
  return { sha256, fileName: `labor-contract-${sha256.slice(0, 16)}.pdf` };
};

describe('subsidy claims over HTTP', () => {
  let t: TestApp;
  let emOfficer: string;
  let hrssOfficer: string;
  beforeAll(async () => {
    t = await startTestApp();
    emOfficer = await t.token('em_officer', { county: '430903' });
    hrssOfficer = await t.token('hrss_officer', { county: '430903' });
  });
  afterAll(() => t.close());

  const submit = (token: string, body: object) => t.http.post('/api/v1/subsidy-claims').set('Authorization', `Bearer ${token}`).send(body);
  const step = (id: string, name: string, token: string, body: object) => t.http.post(`/api/v1/subsidy-claims/${id}/${name}`).set('Authorization', `Bearer ${token}`).send(body);
  const byProvider = (story: CertifiedTrainee) => ({ kind: 'provider' as const, id: story.provider.id });

  /** Two certified trainees of one provider's class. */
  async function classOfTwo() {
    const first = await certifiedTrainee(t);
    const enterprise = { ...first.enterprise, countyCode: '430903' };
    const worker = await enrollWorker(t, enterprise);
    await addTrainee(t, first.provider, first.classId, worker.workerId);
    await completeTraining(t, first.provider, first.classId, worker.workerId);
    await recordExam(t, first.provider.token, worker.workerId, { kind: 'special_operation', classId: first.classId });
    const officer = await t.token('em_officer', { county: '430903' });
    const certificate = await t.http
      .post('/api/v1/certificates')
      .set('Authorization', `Bearer ${officer}`)
      .send({ workerId: worker.workerId, type: 'special_operation', specialOperationCode: '9.1', number: `T2-${worker.workerId.slice(0, 10)}`, issuedOn: '2020-06-30', issuer: '益阳市应急管理局' });
    const second = { ...first, worker, certificateId: certificate.body.id as string };
    return { first, second };
  }

  describe('submission', () => {
    it('records a claim per class with each trainee, the amounts from reference data and the evidence', async () => {
      const { first, second } = await classOfTwo();
      const response = await submit(first.provider.token, claimBody(first.classId, byProvider(first), [traineeOf(first), traineeOf(second)]));
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), revision: 0, position: expect.stringMatching(/^\d+$/) });
      const [submitted] = await streamEvents(t, `subsidy_claim-${response.body.id}`);
      expect(submitted).toMatchObject({
        type: 'SubsidyClaimSubmitted',
        data: {
          classId: first.classId,
          countyCode: '430903',
          total: 1600,
          trainees: [
            { workerId: first.worker.workerId, enterpriseId: first.enterprise.id, subsidyCode: '9.1', subsidyYear: 2020, amount: 800, laborContract: storedContract(first.worker.workerId) },
            { workerId: second.worker.workerId, subsidyCode: '9.1', amount: 800 },
          ],
        },
        metadata: { actor: { role: 'training_provider', scope: { providerId: first.provider.id } }, occurredAt: '2020-07-01' },
      });
      const held = await streamEvents(t, `subsidy_reservation-${first.worker.workerId}_9.1`);
      expect(held.map((e) => e.data)).toEqual([{ claimId: response.body.id }]);
      expect((await streamEvents(t, `subsidy_year-${first.worker.workerId}_2020`)).map((e) => e.type)).toEqual(['SubsidyYearSlotTaken']);
      expect((await streamEvents(t, `subsidy_class-${first.classId}`)).map((e) => e.type)).toEqual(['ClassClaimed']);
    });

    it('lets the employing enterprise claim for its workers, and answers a retried Idempotency-Key with the first result', async () => {
      const story = await certifiedTrainee(t);
      const body = claimBody(story.classId, { kind: 'enterprise', id: story.enterprise.id }, [traineeOf(story)]);
      const first = await submit(story.enterprise.token, body).set('Idempotency-Key', 'claim-1');
      const retry = await t.http.post('/api/v1/subsidy-claims').set('Authorization', `Bearer ${story.enterprise.token}`).set('Idempotency-Key', 'claim-1').send(body);
      expect(first.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(await streamEvents(t, `subsidy_reservation-${story.worker.workerId}_9.1`)).toHaveLength(1);
    });

    describe('refuses a trainee, naming it, and holds nothing for the claim', () => {
      async function expectRefused(token: string, body: { classId: string }, status: number, code: string, path: string) {
        const response = await submit(token, body);
        expect(response.status).toBe(status);
        expect(response.body).toMatchObject({ code, errors: [{ path }] });
        return response;
      }

      it('not_completed, no_passed_exam, no_certificate, certificate_mismatch, no_labor_contract', async () => {
        const story = await certifiedTrainee(t);
        const enterprise = { ...story.enterprise, countyCode: '430903' };
        const claimant = byProvider(story);
        // Added to the class but not completed.
        const added = await enrollWorker(t, enterprise);
        await addTrainee(t, story.provider, story.classId, added.workerId);
        await expectRefused(story.provider.token, claimBody(story.classId, claimant, [traineeOf(story), { ...traineeOf(story), workerId: added.workerId }]), 422, 'not_completed', 'trainees[1].workerId');
        // Completed, never examined.
        const unexamined = await enrollWorker(t, enterprise);
        await addTrainee(t, story.provider, story.classId, unexamined.workerId);
        await completeTraining(t, story.provider, story.classId, unexamined.workerId);
        await expectRefused(story.provider.token, claimBody(story.classId, claimant, [{ ...traineeOf(story), workerId: unexamined.workerId }]), 422, 'no_passed_exam', 'trainees[0].workerId');
        await expectRefused(story.provider.token, claimBody(story.classId, claimant, [{ ...traineeOf(story), certificateId: 'ffffffffffffffffffffffffffffffff' }]), 422, 'no_certificate', 'trainees[0].certificateId');
        const other = await certifiedTrainee(t, { provider: story.provider });
        await expectRefused(story.provider.token, claimBody(story.classId, claimant, [{ ...traineeOf(story), certificateId: other.certificateId }]), 422, 'certificate_mismatch', 'trainees[0].certificateId');
        const { laborContract: _contract, ...withoutContract } = traineeOf(story);
        await expectRefused(story.provider.token, claimBody(story.classId, claimant, [withoutContract]), 422, 'no_labor_contract', 'trainees[0].laborContract');
        await expectRefused(story.provider.token, claimBody(story.classId, claimant, [traineeOf(story), traineeOf(story)]), 400, 'duplicate_trainee', 'trainees[1].workerId');
        expect(await streamEvents(t, `subsidy_class-${story.classId}`)).toEqual([]);
        expect(await streamEvents(t, `subsidy_reservation-${story.worker.workerId}_9.1`)).toEqual([]);
      });

      it('no_passed_exam when the only pass is an exam recorded outside the class, even after failing the class exam', async () => {
        const story = await certifiedTrainee(t);
        const enterprise = { ...story.enterprise, countyCode: '430903' };
        const claimant = byProvider(story);
        const officer = await t.token('em_officer', { county: '430903' });
        // Completed the class, then passed an exam of the class's code recorded with no class.
        const outside = await enrollWorker(t, enterprise);
        await addTrainee(t, story.provider, story.classId, outside.workerId);
        await completeTraining(t, story.provider, story.classId, outside.workerId);
        // The emergency-management bureau may examine special operations outside any class.
        await recordExam(t, officer, outside.workerId, { kind: 'special_operation' });
        const outsideCertificate = await issueCertificate(t, officer, outside.workerId);
        await expectRefused(story.provider.token, claimBody(story.classId, claimant, [{ workerId: outside.workerId, certificateId: outsideCertificate, laborContract: laborContract(outside.workerId) }]), 422, 'no_passed_exam', 'trainees[0].workerId');
        // Failed the class exam, passed one without a class three days later.
        const failed = await enrollWorker(t, enterprise);
        await addTrainee(t, story.provider, story.classId, failed.workerId);
        await completeTraining(t, story.provider, story.classId, failed.workerId);
        expect((await recordExam(t, story.provider.token, failed.workerId, { kind: 'special_operation', classId: story.classId, theoryScore: 40, examinedOn: '2020-06-22' })).passed).toBe(false);
        await recordExam(t, officer, failed.workerId, { kind: 'special_operation', examinedOn: '2020-06-25' });
        const failedCertificate = await issueCertificate(t, officer, failed.workerId);
        await expectRefused(story.provider.token, claimBody(story.classId, claimant, [{ workerId: failed.workerId, certificateId: failedCertificate, laborContract: laborContract(failed.workerId) }]), 422, 'no_passed_exam', 'trainees[0].workerId');
        expect(await streamEvents(t, `subsidy_class-${story.classId}`)).toEqual([]);
        // The class's own trainee, whose exam carries the class id, is still accepted.
        expect((await submit(story.provider.token, claimBody(story.classId, claimant, [traineeOf(story)]))).status).toBe(201);
      });

      it('another enterprise outside the scope (403), not_class_owner, claimed_by_other_claimant, class_already_claimed', async () => {
        const story = await certifiedTrainee(t);
        const otherEnterprise = await registerEnterprise(t);
        // Another enterprise naming this class and trainee is outside its scope (403), before any rule says anything of the class.
        expect((await submit(otherEnterprise.token, claimBody(story.classId, { kind: 'enterprise', id: otherEnterprise.id }, [traineeOf(story)]))).status).toBe(403);
        const otherProvider = await registerProvider(t);
        await expectRefused(otherProvider.token, claimBody(story.classId, { kind: 'provider', id: otherProvider.id }, [traineeOf(story)]), 422, 'not_class_owner', 'claimant.id');
        await submit(story.provider.token, claimBody(story.classId, byProvider(story), [traineeOf(story)])).expect(201);
        await expectRefused(story.enterprise.token, claimBody(story.classId, { kind: 'enterprise', id: story.enterprise.id }, [traineeOf(story)]), 422, 'claimed_by_other_claimant', 'classId');
        await expectRefused(story.provider.token, claimBody(story.classId, byProvider(story), [traineeOf(story)]), 409, 'class_already_claimed', 'classId');
      });

      it('already_subsidised: the same person and code in another class, and nothing of the refused claim stays held', async () => {
        const story = await certifiedTrainee(t);
        await submit(story.provider.token, claimBody(story.classId, byProvider(story), [traineeOf(story)])).expect(201);
        const secondClass = await openClass(t, story.provider, { kind: 'special_operation', specialOperationCode: '9.1', startsOn: '2020-09-01', endsOn: '2020-09-20' });
        await addTrainee(t, story.provider, secondClass, story.worker.workerId);
        await completeTraining(t, story.provider, secondClass, story.worker.workerId, { completedOn: '2020-09-20' });
        await recordExam(t, story.provider.token, story.worker.workerId, { kind: 'special_operation', classId: secondClass, examinedOn: '2020-09-25' });
        await expectRefused(story.provider.token, claimBody(secondClass, byProvider(story), [traineeOf(story)], '2020-10-01'), 422, 'already_subsidised', 'trainees[0].workerId');
        expect(await streamEvents(t, `subsidy_class-${secondClass}`)).toEqual([]);
      });

      it('yearly_limit_reached: a fourth subsidised training of the person in one calendar year', async () => {
        const first = await certifiedTrainee(t);
        const officer = await t.token('em_officer', { county: '430903' });
        const claims = [first];
        for (const specialOperationCode of ['1.2', '3.1', '4.1']) {
          const classId = await openClass(t, first.provider, { kind: 'special_operation', specialOperationCode });
          await addTrainee(t, first.provider, classId, first.worker.workerId);
          await completeTraining(t, first.provider, classId, first.worker.workerId);
          await recordExam(t, first.provider.token, first.worker.workerId, { kind: 'special_operation', classId, specialOperationCode });
          const certificate = await t.http
            .post('/api/v1/certificates')
            .set('Authorization', `Bearer ${officer}`)
            .send({ workerId: first.worker.workerId, type: 'special_operation', specialOperationCode, number: `T-${specialOperationCode}-${classId.slice(0, 8)}`, issuedOn: '2020-06-30', issuer: '益阳市应急管理局' })
            .expect(201);
          claims.push({ ...first, classId, certificateId: certificate.body.id });
        }
        for (const claim of claims.slice(0, 3)) await submit(first.provider.token, claimBody(claim.classId, byProvider(first), [traineeOf(claim)])).expect(201);
        const fourth = claims[3]!;
        await expectRefused(first.provider.token, claimBody(fourth.classId, byProvider(first), [traineeOf(fourth)]), 422, 'yearly_limit_reached', 'trainees[0].workerId');
        expect((await streamEvents(t, `subsidy_year-${first.worker.workerId}_2020`)).map((e) => e.type)).toEqual(['SubsidyYearSlotTaken', 'SubsidyYearSlotTaken', 'SubsidyYearSlotTaken']);
        expect(await streamEvents(t, `subsidy_class-${fourth.classId}`)).toEqual([]);
      });
    });

    it('leaves every reservation stream untouched when a reservation of a later trainee refuses the claim', async () => {
      const { first, second } = await classOfTwo();
      // The second trainee's person and code are held by a claim for another class.
      // Run beside the first class, so that the certificate issued after both stands for either.
      const otherClass = await openClass(t, first.provider, { kind: 'special_operation', specialOperationCode: '9.1' });
      await addTrainee(t, first.provider, otherClass, second.worker.workerId);
      await completeTraining(t, first.provider, otherClass, second.worker.workerId);
      await recordExam(t, first.provider.token, second.worker.workerId, { kind: 'special_operation', classId: otherClass });
      await submit(first.provider.token, claimBody(otherClass, byProvider(first), [traineeOf(second)], '2020-10-01')).expect(201);

      const streams = [
        `subsidy_class-${first.classId}`,
        `subsidy_reservation-${first.worker.workerId}_9.1`,
        `subsidy_year-${first.worker.workerId}_2020`,
        `subsidy_reservation-${second.worker.workerId}_9.1`,
        `subsidy_year-${second.worker.workerId}_2020`,
      ];
      const before = await Promise.all(streams.map((stream) => streamEvents(t, stream)));
      const store = t.app.get<EventStore>(EVENT_STORE);
      const lastPosition = await store.lastPosition();
      const refused = await submit(first.provider.token, claimBody(first.classId, byProvider(first), [traineeOf(first), traineeOf(second)], '2020-10-02'));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'already_subsidised', errors: [{ path: 'trainees[1].workerId' }] });
      expect(await store.lastPosition()).toBe(lastPosition);
      expect(await Promise.all(streams.map((stream) => streamEvents(t, stream)))).toEqual(before);
      expect(before.slice(0, 3)).toEqual([[], [], []]);
    });

    it('appends a claim and its reservations in one write: together in the log, nothing between them', async () => {
      const { first, second } = await classOfTwo();
      const store = t.app.get<EventStore>(EVENT_STORE);
      // Positions may have gaps: read after the end before the command, never after `position - 1`.
      const before = await store.lastPosition();
      const response = await submit(first.provider.token, claimBody(first.classId, byProvider(first), [traineeOf(first), traineeOf(second)]));
      expect(response.status).toBe(201);
      const written: RecordedEvent[] = [];
      for await (const event of store.readAll({ after: before, maxCount: 6 })) written.push(event);
      expect(written.map((e) => [e.streamId, e.type])).toEqual([
        [`subsidy_claim-${response.body.id}`, 'SubsidyClaimSubmitted'],
        [`subsidy_class-${first.classId}`, 'ClassClaimed'],
        [`subsidy_reservation-${first.worker.workerId}_9.1`, 'SubsidyReserved'],
        [`subsidy_year-${first.worker.workerId}_2020`, 'SubsidyYearSlotTaken'],
        [`subsidy_reservation-${second.worker.workerId}_9.1`, 'SubsidyReserved'],
        [`subsidy_year-${second.worker.workerId}_2020`, 'SubsidyYearSlotTaken'],
      ]);
      expect(written[0]!.position).toBe(BigInt(response.body.position));
      expect(new Set(written.map((e) => e.metadata.correlationId)).size).toBe(1);
    });

    it('holds the once-only rule under 100 concurrent claims for the same person and code', async () => {
      const story = await certifiedTrainee(t);
      const classes = [story.classId];
      for (let i = 0; i < 3; i++) {
        const classId = await openClass(t, story.provider, { kind: 'special_operation', specialOperationCode: '9.1', startsOn: '2020-06-01', endsOn: '2020-06-20' });
        await addTrainee(t, story.provider, classId, story.worker.workerId);
        await completeTraining(t, story.provider, classId, story.worker.workerId);
        await recordExam(t, story.provider.token, story.worker.workerId, { kind: 'special_operation', classId, examinedOn: '2020-06-26' });
        classes.push(classId);
      }
      const responses = await Promise.all(
        Array.from({ length: 100 }, (_, i) => submit(story.provider.token, claimBody(classes[i % classes.length]!, byProvider(story), [traineeOf(story)]))),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.every((s) => s === 201 || s === 409 || s === 422)).toBe(true);
      for (const r of responses.filter((r) => r.status !== 201)) expect(['already_subsidised', 'class_already_claimed', 'concurrent_change']).toContain(r.body.code);
      const winner = responses.find((r) => r.status === 201)!.body.id as string;
      // Afterwards: the person+code and one yearly slot held by the winner only, every other class never claimed.
      const reservation = await streamEvents(t, `subsidy_reservation-${story.worker.workerId}_9.1`);
      expect(reservation.map((e) => [e.type, (e.data as { claimId: string }).claimId])).toEqual([['SubsidyReserved', winner]]);
      const year = await streamEvents(t, `subsidy_year-${story.worker.workerId}_2020`);
      expect(year.map((e) => [e.type, (e.data as { claimId: string }).claimId])).toEqual([['SubsidyYearSlotTaken', winner]]);
      const winnerClass = ((await streamEvents(t, `subsidy_claim-${winner}`))[0]!.data as { classId: string }).classId;
      for (const classId of classes) {
        const events = await streamEvents(t, `subsidy_class-${classId}`);
        if (classId === winnerClass) expect(events).toMatchObject([{ type: 'ClassClaimed', data: { claimId: winner } }]);
        else expect(events).toEqual([]);
      }
      const more = await submit(story.provider.token, claimBody(classes.find((c) => c !== winnerClass)!, byProvider(story), [traineeOf(story)]));
      expect(more.status).toBe(422);
      expect(more.body.code).toBe('already_subsidised');
    });

    it.each([
      ['classId', { classId: 'a-b' }],
      ['claimant.kind', { claimant: { kind: 'school', id: 'p1' } }],
      ['claimant', { claimant: 'p1' }],
      ['submittedOn', { submittedOn: '2020-02-31' }],
      ['trainees', { trainees: 'all' }],
      ['trainees[0].workerId', { trainees: [{ workerId: '', certificateId: 'c1' }] }],
      ['trainees[0].laborContract.sha256', { trainees: [{ workerId: 'w1', certificateId: 'c1', laborContract: { fileName: 'a.pdf', sha256: 'abc' } }] }],
      ['unknownField', { unknownField: 1 }],
    ])('answers 400 naming %s', async (field, over) => {
      const provider = await t.token('training_provider', { provider: 'p1' });
      const response = await submit(provider, { ...claimBody('k1', { kind: 'provider', id: 'p1' }, [{ workerId: 'w1', certificateId: 'c1', laborContract: laborContract('w1') }]), ...over });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    });

    it('needs a token (401), a claimant role claiming as itself (403); 404 for an unknown class or worker', async () => {
      const story = await certifiedTrainee(t);
      const body = claimBody(story.classId, byProvider(story), [traineeOf(story)]);
      await t.http.post('/api/v1/subsidy-claims').send(body).expect(401);
      await submit(emOfficer, body).expect(403);
      await submit(story.enterprise.token, body).expect(403);
      const otherProvider = await t.token('training_provider', { provider: 'ffffffffffffffffffffffffffffffff' });
      await submit(otherProvider, body).expect(403);
      const unknownClass = await submit(story.provider.token, { ...body, classId: 'ffffffffffffffffffffffffffffffff' });
      expect(unknownClass.status).toBe(404);
      expect(unknownClass.body.code).toBe('training_class_not_found');
      const unknownWorker = await submit(story.provider.token, { ...body, trainees: [{ ...traineeOf(story), workerId: 'ffffffffffffffffffffffffffffffff' }] });
      expect(unknownWorker.status).toBe(404);
      expect(unknownWorker.body).toMatchObject({ code: 'worker_not_found', errors: [{ path: 'trainees[0].workerId' }] });
    });
  });

  describe("the plan's subsidy rules: each refusal with its code, and nothing held", () => {
    async function expectRefused(token: string, body: { classId: string }, code: string, path: string) {
      const response = await submit(token, body);
      expect(response.status).toBe(422);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 422, code, errors: [{ path }] });
      expect(await streamEvents(t, `subsidy_class-${body.classId}`)).toEqual([]);
    }

    it('class_not_subsidised: a skill-upgrade class with a skill-level certificate, or a refresher class of the same code', async () => {
      const upgraded = await certifiedTrainee(t, { kind: 'skill_upgrade', occupation: '化工总控工' });
      await expectRefused(upgraded.provider.token, claimBody(upgraded.classId, byProvider(upgraded), [traineeOf(upgraded)]), 'class_not_subsidised', 'classId');
      const story = await certifiedTrainee(t);
      const refresher = await openClass(t, story.provider, { kind: 'refresher', specialOperationCode: '9.1', startsOn: '2020-07-01', endsOn: '2020-07-05', theoryHours: 6, practicalHours: 2 });
      await addTrainee(t, story.provider, refresher, story.worker.workerId);
      await completeTraining(t, story.provider, refresher, story.worker.workerId, { hoursAttended: 8, completedOn: '2020-07-05' });
      await expectRefused(story.provider.token, claimBody(refresher, byProvider(story), [traineeOf(story)], '2020-07-10'), 'class_not_subsidised', 'classId');
    });

    it('certificate_not_from_class: the certificate of the code came from an earlier class, before this one was completed', async () => {
      const enterprise = await registerEnterprise(t);
      const provider = await registerProvider(t);
      const worker = await enrollWorker(t, enterprise, { enrolledOn: '2020-01-02' });
      const earlier = await openClass(t, provider, { kind: 'special_operation', startsOn: '2020-03-01', endsOn: '2020-03-20' });
      await addTrainee(t, provider, earlier, worker.workerId);
      await completeTraining(t, provider, earlier, worker.workerId, { completedOn: '2020-03-20' });
      await recordExam(t, provider.token, worker.workerId, { kind: 'special_operation', classId: earlier, examinedOn: '2020-03-25' });
      const certificateId = await issueCertificate(t, emOfficer, worker.workerId, { issuedOn: '2020-04-01' });
      const later = await openClass(t, provider, { kind: 'special_operation' });
      await addTrainee(t, provider, later, worker.workerId);
      await completeTraining(t, provider, later, worker.workerId);
      await recordExam(t, provider.token, worker.workerId, { kind: 'special_operation', classId: later });
      await expectRefused(provider.token, claimBody(later, { kind: 'provider', id: provider.id }, [traineeOf({ worker, certificateId })]), 'certificate_not_from_class', 'trainees[0].certificateId');
      // The earlier class, whose exam the certificate was issued on, is claimable.
      await submit(provider.token, claimBody(earlier, { kind: 'provider', id: provider.id }, [traineeOf({ worker, certificateId })], '2020-04-10')).expect(201);
    });

    it('certificate_not_valid: the certificate was revoked before the claim day', async () => {
      const story = await certifiedTrainee(t);
      await t.http.post(`/api/v1/certificates/${story.certificateId}/revocation`).set('Authorization', `Bearer ${emOfficer}`).send({ revokedOn: '2020-06-30', reason: 'fraud' }).expect(200);
      const refused = await submit(story.provider.token, claimBody(story.classId, byProvider(story), [traineeOf(story)]));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'certificate_not_valid', detail: 'the certificate is revoked on 2020-07-01', errors: [{ path: 'trainees[0].certificateId' }] });
    });

    it('no_employer: a provider claims for a trainee whose employment had ended before the class', async () => {
      const enterprise = await registerEnterprise(t);
      const provider = await registerProvider(t);
      const worker = await enrollWorker(t, enterprise, { enrolledOn: '2020-01-02' });
      await t.http.post(`/api/v1/workers/${worker.workerId}/employment-end`).set('Authorization', `Bearer ${enterprise.token}`).send({ enterpriseId: enterprise.id, endsOn: '2020-05-15' }).expect(200);
      const classId = await openClass(t, provider, { kind: 'special_operation' });
      await addTrainee(t, provider, classId, worker.workerId);
      await completeTraining(t, provider, classId, worker.workerId);
      await recordExam(t, provider.token, worker.workerId, { kind: 'special_operation', classId });
      const certificateId = await issueCertificate(t, emOfficer, worker.workerId);
      await expectRefused(provider.token, claimBody(classId, { kind: 'provider', id: provider.id }, [traineeOf({ worker, certificateId })]), 'no_employer', 'trainees[0].workerId');
    });

    it('training_hours_below_minimum: refused at completion, and at the claim for a short attendance already in the log', async () => {
      const enterprise = await registerEnterprise(t);
      const provider = await registerProvider(t);
      const worker = await enrollWorker(t, enterprise);
      const classId = await openClass(t, provider, { kind: 'special_operation' });
      await addTrainee(t, provider, classId, worker.workerId);
      const short = await t.http
        .post(`/api/v1/training-classes/${classId}/completions`)
        .set('Authorization', `Bearer ${provider.token}`)
        .send({ workerId: worker.workerId, hoursAttended: 63, completedOn: '2020-06-20' });
      expect(short.status).toBe(422);
      expect(short.body).toMatchObject({ code: 'training_hours_below_minimum', errors: [{ path: 'hoursAttended' }] });
      expect((await streamEvents(t, `training_class-${classId}`)).map((e) => e.type)).toEqual(['TrainingClassOpened', 'TraineeAdded']);
      // Recorded before the minimum was kept: appended as the command then did.
      const writer = t.app.get(EventWriter);
      const store = t.app.get<EventStore>(EVENT_STORE);
      const context = { actor: { sub: 'provider-staff', role: 'training_provider' as const, scope: { providerId: provider.id } }, correlationId: 'backfill', requestHash: 'h' };
      const [last] = await streamEvents(t, `training_class-${classId}`).then((events) => events.slice(-1));
      await store.append(`training_class-${classId}`, writer.envelope([{ type: 'TraineeCompleted', data: { classId, workerId: worker.workerId, hoursAttended: 40, completedOn: '2020-06-20' } }], context, '2020-06-20', [], last!), last!.revision);
      await recordExam(t, provider.token, worker.workerId, { kind: 'special_operation', classId });
      const certificateId = await issueCertificate(t, emOfficer, worker.workerId);
      await expectRefused(provider.token, claimBody(classId, { kind: 'provider', id: provider.id }, [traineeOf({ worker, certificateId })]), 'training_hours_below_minimum', 'trainees[0].workerId');
    });

    it("goes to the offices of the applicant's location: a provider's claim to the provider's county, not the class's", async () => {
      const provider = await registerProvider(t, { countyCode: '430921' });
      const story = await certifiedTrainee(t, { provider });
      const response = await submit(provider.token, claimBody(story.classId, byProvider(story), [traineeOf(story)]));
      expect(response.status).toBe(201);
      const [submittedEvent] = await streamEvents(t, `subsidy_claim-${response.body.id}`);
      expect(submittedEvent!.data).toMatchObject({ countyCode: '430921' });
      await step(response.body.id, 'verification', emOfficer, { verifiedOn: '2020-07-10', stampRef: 'S-1' }).expect(403);
      const nanxianEm = await t.token('em_officer', { county: '430921' });
      await step(response.body.id, 'verification', nanxianEm, { verifiedOn: '2020-07-10', stampRef: '南应急核〔2020〕3号' }).expect(200);
    });

    it('not_verified: HR & social security cannot reject before the stamp; emergency management cannot reject after it', async () => {
      const story = await certifiedTrainee(t);
      const claimId = (await submit(story.provider.token, claimBody(story.classId, byProvider(story), [traineeOf(story)])).expect(201)).body.id as string;
      const early = await step(claimId, 'rejection', hrssOfficer, { rejectedOn: '2020-07-05', reason: '材料不全' });
      expect(early.status).toBe(422);
      expect(early.body).toMatchObject({ code: 'not_verified' });
      await step(claimId, 'verification', emOfficer, { verifiedOn: '2020-07-10', stampRef: 'S-1' }).expect(200);
      const late = await step(claimId, 'rejection', emOfficer, { rejectedOn: '2020-07-12', reason: '材料不全' });
      expect(late.status).toBe(422);
      expect(late.body.code).toBe('invalid_transition');
      await step(claimId, 'rejection', hrssOfficer, { rejectedOn: '2020-07-20', reason: '补贴资金年度额度已用完' }).expect(200);
      const events = await streamEvents(t, `subsidy_claim-${claimId}`);
      expect(events.map((e) => e.type)).toEqual(['SubsidyClaimSubmitted', 'SubsidyClaimVerified', 'SubsidyClaimRejected']);
      expect(events[2]!.data).toMatchObject({ department: 'hr_social_security', reason: '补贴资金年度额度已用完' });
    });
  });

  describe('verification, approval, payment, clawback, rejection', () => {
    async function submitted(): Promise<{ story: CertifiedTrainee; claimId: string }> {
      const story = await certifiedTrainee(t);
      const response = await submit(story.provider.token, claimBody(story.classId, byProvider(story), [traineeOf(story)]));
      expect(response.status).toBe(201);
      return { story, claimId: response.body.id };
    }

    it('goes submitted → em_verified → approved → paid → clawed_back, each step with its actor, day and evidence', async () => {
      const { story, claimId } = await submitted();
      expect((await step(claimId, 'verification', emOfficer, { verifiedOn: '2020-07-10', stampRef: '赫应急核〔2020〕12号' })).body).toMatchObject({ id: claimId, revision: 1 });
      await step(claimId, 'approval', hrssOfficer, { approvedOn: '2020-07-20', amount: 800 }).expect(200);
      await step(claimId, 'payment', hrssOfficer, { paidOn: '2020-08-01', amount: 800, reference: 'PAY-2020-001' }).expect(200);
      const clawback = await step(claimId, 'clawback', hrssOfficer, { on: '2020-12-01', reason: '虚假劳动合同' });
      expect(clawback.status).toBe(200);
      expect(clawback.body.revision).toBe(4);
      const events = await streamEvents(t, `subsidy_claim-${claimId}`);
      expect(events.map((e) => [e.type, e.metadata.actor.role, e.metadata.occurredAt])).toEqual([
        ['SubsidyClaimSubmitted', 'training_provider', '2020-07-01'],
        ['SubsidyClaimVerified', 'em_officer', '2020-07-10'],
        ['SubsidyClaimApproved', 'hrss_officer', '2020-07-20'],
        ['SubsidyClaimPaid', 'hrss_officer', '2020-08-01'],
        ['SubsidyClaimClawedBack', 'hrss_officer', '2020-12-01'],
      ]);
      expect(events[1]!.data).toMatchObject({ stampRef: '赫应急核〔2020〕12号' });
      expect(events[3]!.data).toMatchObject({ amount: 800, reference: 'PAY-2020-001' });
      // A clawback keeps the person and code marked: no fresh claim after a fraudulent one.
      expect(await streamEvents(t, `subsidy_reservation-${story.worker.workerId}_9.1`)).toHaveLength(1);
    });

    it('refuses steps out of order (422 invalid_transition) and amounts that do not fit', async () => {
      const { claimId } = await submitted();
      const early = await step(claimId, 'approval', hrssOfficer, { approvedOn: '2020-07-20', amount: 800 });
      expect(early.status).toBe(422);
      expect(early.body.code).toBe('invalid_transition');
      await step(claimId, 'verification', emOfficer, { verifiedOn: '2020-07-10', stampRef: 'S-1' }).expect(200);
      const tooMuch = await step(claimId, 'approval', hrssOfficer, { approvedOn: '2020-07-20', amount: 801 });
      expect(tooMuch.body).toMatchObject({ status: 422, code: 'amount_exceeds_total' });
      const zero = await step(claimId, 'approval', hrssOfficer, { approvedOn: '2020-07-20', amount: 0 });
      expect(zero.body).toMatchObject({ status: 400, code: 'invalid_amount' });
      await step(claimId, 'approval', hrssOfficer, { approvedOn: '2020-07-20', amount: 700 }).expect(200);
      const mismatch = await step(claimId, 'payment', hrssOfficer, { paidOn: '2020-08-01', amount: 800, reference: 'PAY-1' });
      expect(mismatch.body).toMatchObject({ status: 422, code: 'amount_mismatch' });
      const clawUnpaid = await step(claimId, 'clawback', hrssOfficer, { on: '2020-12-01', reason: 'x' });
      expect(clawUnpaid.body.code).toBe('invalid_transition');
      const rejectApproved = await step(claimId, 'rejection', hrssOfficer, { rejectedOn: '2020-08-01', reason: 'x' });
      expect(rejectApproved.body.code).toBe('invalid_transition');
      expect(await streamEvents(t, `subsidy_claim-${claimId}`)).toHaveLength(3);
    });

    it('releases the class, person+code and yearly reservations with the rejection, so a corrected claim can be made', async () => {
      const { story, claimId } = await submitted();
      const before = await t.app.get<EventStore>(EVENT_STORE).lastPosition();
      const rejection = await step(claimId, 'rejection', emOfficer, { rejectedOn: '2020-07-05', reason: '材料不全' }).expect(200);
      const written: RecordedEvent[] = [];
      for await (const event of t.app.get<EventStore>(EVENT_STORE).readAll({ after: before, maxCount: 4 })) written.push(event);
      expect(written[0]!.position).toBe(BigInt(rejection.body.position));
      expect(written.map((e) => e.type)).toEqual(['SubsidyClaimRejected', 'ClassClaimReleased', 'SubsidyReservationReleased', 'SubsidyYearSlotReleased']);
      expect((await streamEvents(t, `subsidy_reservation-${story.worker.workerId}_9.1`)).map((e) => e.type)).toEqual(['SubsidyReserved', 'SubsidyReservationReleased']);
      expect((await streamEvents(t, `subsidy_year-${story.worker.workerId}_2020`)).map((e) => e.type)).toEqual(['SubsidyYearSlotTaken', 'SubsidyYearSlotReleased']);
      expect((await streamEvents(t, `subsidy_class-${story.classId}`)).map((e) => e.type)).toEqual(['ClassClaimed', 'ClassClaimReleased']);
      await submit(story.enterprise.token, claimBody(story.classId, { kind: 'enterprise', id: story.enterprise.id }, [traineeOf(story)], '2020-07-06')).expect(201);
    });

    const steps: Array<[string, string, object, string]> = [
      ['verification', 'em_officer', { verifiedOn: '2020-07-10', stampRef: 'S-1' }, 'stampRef'],
      ['approval', 'hrss_officer', { approvedOn: '2020-07-20', amount: 800 }, 'amount'],
      ['rejection', 'hrss_officer', { rejectedOn: '2020-07-10', reason: 'x' }, 'reason'],
      ['payment', 'hrss_officer', { paidOn: '2020-08-01', amount: 800, reference: 'PAY-1' }, 'reference'],
      ['clawback', 'hrss_officer', { on: '2020-12-01', reason: 'x' }, 'reason'],
    ];

    it.each(steps)('/%s: 401, 403 for another role or county, 404 for an unknown claim, 400 for bad fields', async (name, role, body, field) => {
      const { story, claimId } = await submitted();
      const url = `/api/v1/subsidy-claims/${claimId}/${name}`;
      await t.http.post(url).send(body).expect(401);
      await step(claimId, name, story.provider.token, body).expect(403);
      const wrongRole = await t.token(role === 'em_officer' ? 'hrss_officer' : 'enforcement_officer', { county: '430903' });
      await step(claimId, name, wrongRole, body).expect(403);
      const otherCounty = await t.token(role as 'em_officer' | 'hrss_officer', { county: '430921' });
      await step(claimId, name, otherCounty, body).expect(403);
      const own = await t.token(role as 'em_officer' | 'hrss_officer', { county: '430903' });
      const missing = await step('ffffffffffffffffffffffffffffffff', name, own, body);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('subsidy_claim_not_found');
      const badField = await step(claimId, name, own, { ...body, [field]: field === 'amount' ? 'much' : '' });
      expect(badField.status).toBe(400);
      expect(badField.body.errors.map((e: { path: string }) => e.path)).toContain(field);
      const badDay = await step(claimId, name, own, { ...body, [Object.keys(body)[0]!]: '2020-02-30' });
      expect(badDay.status).toBe(400);
      await step('not-an-id', name, own, body).expect(400);
      expect(await streamEvents(t, `subsidy_claim-${claimId}`)).toHaveLength(1);
    });
  });
});
