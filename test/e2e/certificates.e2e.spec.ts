import { createHash, randomUUID } from 'node:crypto';
import { chainEvents, type EventStore, type RecordedEvent } from '#libs/event-store';
import { ReadModels } from '../../apps/api/src/read-models/shared/read-models.js';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/stores.module.js';
import { PersonalDataVault } from '../../apps/api/src/personal-data/personal-data-vault.js';
import { certificateBody, issueCertificate } from './support/claim-steps.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { addTrainee, completeTraining, enrollWorker, openClass, recordExam, registerEnterprise, registerProvider, streamEvents, trainedWorker } from './support/worker-steps.js';

describe('certificates over HTTP', () => {
  let t: TestApp;
  let officer: string;
  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.token('em_officer', { county: '430903' });
  });
  afterAll(() => t.close());

  const issue = (token: string, body: object) => t.http.post('/api/v1/certificates').set('Authorization', `Bearer ${token}`).send(body);
  const special = () => trainedWorker(t, { kind: 'special_operation' });

  describe('issue', () => {
    it('issues a special-operation certificate (201) and links it to the person', async () => {
      const { worker } = await special();
      const response = await issue(officer, certificateBody(worker.workerId));
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), revision: 0, position: expect.stringMatching(/^\d+$/) });
      const [issued] = await streamEvents(t, `certificate-${response.body.id}`);
      expect(issued).toMatchObject({
        type: 'CertificateIssued',
        data: { personId: worker.workerId, specialOperationCode: '9.1', validUntil: '2026-06-30', reviewDueOn: '2023-06-30' },
        metadata: { actor: { role: 'em_officer', scope: { countyCode: '430903' } }, occurredAt: '2020-06-30' },
      });
      const links = await streamEvents(t, `person_certificates-${worker.workerId}`);
      expect(links.map((e) => e.data)).toEqual([{ certificateId: response.body.id, type: 'special_operation', specialOperationCode: '9.1' }]);
    });

    it('lets a training provider issue a skill-level certificate, not a special-operation one', async () => {
      const { worker, provider } = await trainedWorker(t, { kind: 'skill_upgrade' });
      const response = await issue(provider.token, certificateBody(worker.workerId, { type: 'skill_level', level: 3 }));
      expect(response.status).toBe(201);
      await issue(provider.token, certificateBody(worker.workerId)).expect(403);
      await issue(officer, certificateBody(worker.workerId, { type: 'skill_level' })).expect(403);
    });

    it('writes the certificate and its index link in one append, the number only sealed: never in clear or hashed in the log', async () => {
      const { worker } = await special();
      const store = t.app.get<EventStore>(EVENT_STORE);
      // Positions may have gaps: read after the end before the command, never after `position - 1`.
      const before = await store.lastPosition();
      // A 特种作业操作证 number is in practice the holder's ID number (decision 0020).
      const response = await issue(officer, certificateBody(worker.workerId, { number: worker.idNumber }));
      expect(response.status).toBe(201);
      const written: RecordedEvent[] = [];
      for await (const event of store.readAll({ after: before })) written.push(event);
      expect(written[0]!.position).toBe(BigInt(response.body.position));
      expect(written.map((e) => [e.streamId.split('-')[0], e.type])).toEqual([
        ['certificate', 'CertificateIssued'],
        ['person_certificates', 'CertificateLinked'],
      ]);
      expect(written.map((e) => e.data)).toMatchObject([{ certificateId: response.body.id }, { certificateId: response.body.id }]);
      expect(written[0]!.data).toMatchObject({ sealedNumber: { v: 1, keyId: worker.workerId } });
      expect(written[0]!.data).not.toHaveProperty('number');
      const vault = t.app.get(PersonalDataVault);
      const unkeyed = createHash('sha256').update(`益阳市应急管理局\nspecial_operation\n${worker.idNumber}`).digest('hex');
      const keyed = vault.certificateNumberHash('益阳市应急管理局', 'special_operation', worker.idNumber);
      const log = JSON.stringify(written.map((e) => [e.streamId, e.data]));
      for (const secret of [worker.idNumber, worker.idNumber.slice(6, 14), unkeyed, keyed]) expect(log).not.toContain(secret);
      // The claim is in the key store's index, under the keyed hash, for the holder.
      expect(await vault.findIdNumber(keyed)).toBe(worker.workerId);
    });

    it('shows the number to the roles that see ID numbers, masked to the others, and to nobody once the holder is erased', async () => {
      const { worker, enterprise } = await special();
      const certificateId = await issueCertificate(t, officer, worker.workerId, { number: worker.idNumber });
      const record = async (token: string) => {
        const response = await t.http.get(`/api/v1/workers/${worker.workerId}`).set('Authorization', `Bearer ${token}`).set('X-Min-Position', String(await t.app.get<EventStore>(EVENT_STORE).lastPosition()));
        expect(response.status).toBe(200);
        return response.body as { erased?: boolean; certificates: Array<{ id: string; number: string | null }> };
      };
      const numberFor = async (token: string) => (await record(token)).certificates.find((c) => c.id === certificateId)!.number;
      expect(await numberFor(officer)).toBe(worker.idNumber);
      expect(await numberFor(enterprise.token)).toBe(worker.idNumber);
      const masked = await numberFor(await t.token('auditor'));
      expect(masked).toBe(`${worker.idNumber.slice(0, 6)}********${worker.idNumber.slice(-4)}`);

      await t.http.post(`/api/v1/workers/${worker.workerId}/erasure`).set('Authorization', `Bearer ${await t.token('city_admin')}`).expect(200);
      const afterErasure = await record(officer);
      expect(afterErasure.certificates.find((c) => c.id === certificateId)!.number).toBeNull();
      // Nor in the read model's document: the erasure named the certificate, and its sealed number is gone.
      const stored = JSON.stringify(await t.app.get(ReadModels).getMany('certificates', 'certificates', [certificateId]), (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
      expect(stored).toContain(certificateId);
      expect(stored).not.toContain('sealedNumber":{');
      expect(stored).not.toContain(worker.idNumber);
    });

    it('frees the number of an erased holder: the claim went with the key, and the number can be issued to a new person', async () => {
      const first = await special();
      await issueCertificate(t, officer, first.worker.workerId, { number: first.worker.idNumber });
      const second = await special();
      await issue(officer, certificateBody(second.worker.workerId, { number: first.worker.idNumber })).expect(409);
      await t.http.post(`/api/v1/workers/${first.worker.workerId}/erasure`).set('Authorization', `Bearer ${await t.token('city_admin')}`).expect(200);
      // The erased holder's claim no longer answers: issuing the number tells nothing about the erased person.
      await issue(officer, certificateBody(second.worker.workerId, { number: first.worker.idNumber })).expect(201);
    });

    it('keeps a number reserved in the log before decision 0020 taken while its holder is not erased', async () => {
      const first = await special();
      const second = await special();
      const number = 'T430900LEGACY';
      // A certificate of a log written before: its number in clear and an unkeyed reservation stream.
      const certificateId = 'feedfacefeedfacefeedfacefeedface';
      const store = t.app.get<EventStore>(EVENT_STORE);
      const legacyHash = createHash('sha256').update(`益阳市应急管理局\nspecial_operation\n${number}`).digest('hex');
      const legacyEvent = (type: string, data: object) =>
        chainEvents(null, [
          { id: randomUUID(), type, data, metadata: { schemaVersion: 1, occurredAt: '2020-06-30', actor: { sub: 'legacy', role: 'em_officer' }, correlationId: 'legacy', causationId: null, prevHash: null } },
        ]);
      await store.appendMulti([
        {
          streamId: `certificate-${certificateId}`,
          expected: 'no_stream',
          events: legacyEvent('CertificateIssued', { certificateId, personId: first.worker.workerId, type: 'special_operation', specialOperationCode: '9.1', number, issuedOn: '2020-06-30', issuer: '益阳市应急管理局', validUntil: '2026-06-30', reviewDueOn: '2023-06-30' }),
        },
        { streamId: `certificate_number-${legacyHash}`, expected: 'no_stream', events: legacyEvent('CertificateNumberReserved', { certificateId }) },
      ]);
      const refused = await issue(officer, certificateBody(second.worker.workerId, { number: ` ${number.toLowerCase()} ` }));
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('duplicate_certificate_number');
      await t.app.get(PersonalDataVault).erase(first.worker.workerId);
      await issue(officer, certificateBody(second.worker.workerId, { number })).expect(201);
    });

    it('refuses a number the issuer already gave for that type (409) and records nothing for it', async () => {
      const first = await special();
      const second = await special();
      const number = 'T430900DUPLICATE';
      await issue(officer, certificateBody(first.worker.workerId, { number })).expect(201);
      const store = t.app.get<EventStore>(EVENT_STORE);
      const lastPosition = await store.lastPosition();
      const again = await issue(officer, certificateBody(second.worker.workerId, { number }));
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'duplicate_certificate_number', errors: [{ path: 'number' }] });
      expect(await store.lastPosition()).toBe(lastPosition);
      await issue(officer, certificateBody(second.worker.workerId, { number, issuer: '湖南省应急管理厅' })).expect(201);
    });

    it('gives a number once under 10 concurrent issues of it, linking only the issued certificate', async () => {
      const { worker } = await special();
      const number = 'T430900RACE';
      const responses = await Promise.all(Array.from({ length: 10 }, () => issue(officer, certificateBody(worker.workerId, { number }))));
      expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
      for (const r of responses.filter((r) => r.status === 409)) expect(r.body.code).toBe('duplicate_certificate_number');
      const winner = responses.find((r) => r.status === 201)!.body.id as string;
      const links = await streamEvents(t, `person_certificates-${worker.workerId}`);
      expect(links.map((e) => (e.data as { certificateId: string }).certificateId)).toEqual([winner]);
    });

    it('refuses without a passed exam of the code (422 no_passed_exam), appending nothing', async () => {
      const enterprise = await registerEnterprise(t);
      const worker = await enrollWorker(t, enterprise);
      const lastPosition = await t.app.get<EventStore>(EVENT_STORE).lastPosition();
      const response = await issue(officer, certificateBody(worker.workerId));
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('no_passed_exam');
      expect(await t.app.get<EventStore>(EVENT_STORE).lastPosition()).toBe(lastPosition);
      const { worker: examined } = await special();
      const otherCode = await issue(officer, certificateBody(examined.workerId, { specialOperationCode: '1.1' }));
      expect(otherCode.body.code).toBe('no_passed_exam');
    });

    it('refuses within 3 years of a revocation for fraud (422 revoked_for_fraud)', async () => {
      const { worker } = await special();
      const certificateId = await issueCertificate(t, officer, worker.workerId);
      await t.http.post(`/api/v1/certificates/${certificateId}/revocation`).set('Authorization', `Bearer ${officer}`).send({ revokedOn: '2020-08-01', reason: 'fraud' }).expect(200);
      const response = await issue(officer, certificateBody(worker.workerId, { issuedOn: '2021-01-10' }));
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('revoked_for_fraud');
    });

    it('refuses for an erased person (422 person_erased)', async () => {
      const { worker } = await special();
      await t.app.get(PersonalDataVault).erase(worker.workerId);
      const response = await issue(officer, certificateBody(worker.workerId));
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('person_erased');
    });

    it('answers the first result again for a retried Idempotency-Key, without a second link', async () => {
      const { worker } = await special();
      const body = certificateBody(worker.workerId);
      const first = await issue(officer, body).set('Idempotency-Key', 'issue-1');
      const retry = await t.http.post('/api/v1/certificates').set('Authorization', `Bearer ${officer}`).set('Idempotency-Key', 'issue-1').send(body);
      expect(first.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(await streamEvents(t, `person_certificates-${worker.workerId}`)).toHaveLength(1);
    });

    it.each([
      ['workerId', { workerId: 'a-b' }],
      ['type', { type: 'driving_licence' }],
      ['specialOperationCode', { specialOperationCode: 'nine' }],
      ['level', { level: 6 }],
      ['number', { number: '' }],
      ['issuedOn', { issuedOn: '2020-02-30' }],
      ['issuer', { issuer: '' }],
      ['validUntil', { validUntil: 'soon' }],
      ['unknownField', { unknownField: true }],
    ])('answers 400 naming the bad field %s', async (field, over) => {
      const response = await issue(officer, { ...certificateBody('ffffffffffffffffffffffffffffffff'), ...over });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    });

    it('answers 400 for rules of the certificate fields (code required, validUntil not issue + 6 years)', async () => {
      const { worker } = await special();
      const { specialOperationCode: _code, ...withoutCode } = certificateBody(worker.workerId);
      const noCode = await issue(officer, withoutCode);
      expect(noCode.status).toBe(400);
      expect(noCode.body).toMatchObject({ code: 'special_operation_code_required', errors: [{ path: 'specialOperationCode' }] });
      const wrongValidity = await issue(officer, { ...certificateBody(worker.workerId), validUntil: '2025-06-30' });
      expect(wrongValidity.status).toBe(400);
      expect(wrongValidity.body.code).toBe('invalid_valid_until');
    });

    it('needs a token (401), the issuing role and the county of the worker’s enterprise (403); 404 for an unknown worker', async () => {
      const { worker } = await special();
      await t.http.post('/api/v1/certificates').send(certificateBody(worker.workerId)).expect(401);
      const enterpriseAdmin = await t.token('enterprise_admin', { enterprise: 'e1' });
      await issue(enterpriseAdmin, certificateBody(worker.workerId)).expect(403);
      const otherCounty = await t.token('em_officer', { county: '430921' });
      await issue(otherCounty, certificateBody(worker.workerId)).expect(403);
      const missing = await issue(officer, certificateBody('ffffffffffffffffffffffffffffffff'));
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ code: 'worker_not_found', errors: [{ path: 'workerId' }] });
    });

    it('never echoes an ID number in an error', async () => {
      const { worker } = await special();
      await t.app.get(PersonalDataVault).erase(worker.workerId);
      const response = await issue(officer, certificateBody(worker.workerId));
      expect(JSON.stringify(response.body)).not.toContain(worker.idNumber);
    });
  });

  describe('review (复审) and revocation', () => {
    /** A certified worker who took 8 hours of review training (a refresher class of the code) before the review. */
    async function certifiedAndRetrained(hoursAttended = 8) {
      const story = await special();
      const certificateId = await issueCertificate(t, officer, story.worker.workerId);
      const refresher = await openClass(t, story.provider, { kind: 'refresher', specialOperationCode: '9.1', startsOn: '2023-05-02', endsOn: '2023-05-05', theoryHours: 6, practicalHours: 2 });
      await addTrainee(t, story.provider, refresher, story.worker.workerId);
      await completeTraining(t, story.provider, refresher, story.worker.workerId, { hoursAttended, completedOn: '2023-05-05' });
      await recordExam(t, story.provider.token, story.worker.workerId, { kind: 'refresher', classId: refresher, specialOperationCode: '9.1', examinedOn: '2023-05-06' });
      return { ...story, certificateId };
    }
    const review = (id: string, body: object, token = officer) => t.http.post(`/api/v1/certificates/${id}/reviews`).set('Authorization', `Bearer ${token}`).send(body);
    const revoke = (id: string, body: object, token = officer) => t.http.post(`/api/v1/certificates/${id}/revocation`).set('Authorization', `Bearer ${token}`).send(body);

    it('records a passed review within the window with its training hours (200) and the next due date', async () => {
      const { certificateId } = await certifiedAndRetrained();
      const response = await review(certificateId, { reviewedOn: '2023-06-01', passed: true });
      expect(response.status).toBe(200);
      expect(response.body.revision).toBe(1);
      const events = await streamEvents(t, `certificate-${certificateId}`);
      expect(events[1]).toMatchObject({ type: 'CertificateReviewed', data: { passed: true, reviewTrainingHours: 8, nextReviewDueOn: '2026-06-30' } });
    });

    it('counts a refresher class completed without an exam: 8 hours attended are review training (DOMAIN: after ≥ 8 hours of training)', async () => {
      const story = await special();
      const certificateId = await issueCertificate(t, officer, story.worker.workerId);
      const refresher = await openClass(t, story.provider, { kind: 'refresher', specialOperationCode: '9.1', startsOn: '2023-05-02', endsOn: '2023-05-05', theoryHours: 6, practicalHours: 2 });
      await addTrainee(t, story.provider, refresher, story.worker.workerId);
      const completed = await completeTraining(t, story.provider, refresher, story.worker.workerId, { hoursAttended: 8, completedOn: '2023-05-05' });
      // Once the read models hold the completion (the class is found through them, its hours read from its stream).
      await t.http.get(`/api/v1/workers/${story.worker.workerId}`).set('Authorization', `Bearer ${officer}`).set('X-Min-Position', completed).expect(200);
      const response = await review(certificateId, { reviewedOn: '2023-06-01', passed: true });
      expect(response.status).toBe(200);
      const events = await streamEvents(t, `certificate-${certificateId}`);
      expect(events[1]).toMatchObject({ type: 'CertificateReviewed', data: { passed: true, reviewTrainingHours: 8, nextReviewDueOn: '2026-06-30' } });
    });

    it('refuses a review outside the 60 days before the due date, and a passed one with less than 8 hours of training', async () => {
      const { certificateId } = await certifiedAndRetrained(6);
      const early = await review(certificateId, { reviewedOn: '2023-04-01', passed: true });
      expect(early.status).toBe(422);
      expect(early.body.code).toBe('outside_review_window');
      const untrained = await review(certificateId, { reviewedOn: '2023-06-01', passed: true });
      expect(untrained.status).toBe(422);
      expect(untrained.body.code).toBe('review_training_required');
      expect(await streamEvents(t, `certificate-${certificateId}`)).toHaveLength(1);
    });

    it('lets a refused review lapse the certificate, after which no review is possible (invalid_transition)', async () => {
      const { certificateId } = await certifiedAndRetrained();
      await review(certificateId, { reviewedOn: '2023-06-01', passed: false }).expect(200);
      const types = (await streamEvents(t, `certificate-${certificateId}`)).map((e) => e.type);
      expect(types).toEqual(['CertificateIssued', 'CertificateReviewed', 'CertificateLapsed']);
      const again = await review(certificateId, { reviewedOn: '2023-06-02', passed: true });
      expect(again.status).toBe(422);
      expect(again.body.code).toBe('invalid_transition');
    });

    it('revokes once (200), then refuses (422 invalid_transition)', async () => {
      const { worker } = await special();
      const certificateId = await issueCertificate(t, officer, worker.workerId);
      const response = await revoke(certificateId, { revokedOn: '2021-03-01', reason: 'accident_responsibility', detail: '事故责任' });
      expect(response.status).toBe(200);
      const [, revoked] = await streamEvents(t, `certificate-${certificateId}`);
      expect(revoked).toMatchObject({ type: 'CertificateRevoked', data: { reason: 'accident_responsibility' }, metadata: { actor: { role: 'em_officer' } } });
      const again = await revoke(certificateId, { revokedOn: '2021-03-02', reason: 'fraud' });
      expect(again.status).toBe(422);
      expect(again.body.code).toBe('invalid_transition');
    });

    it.each([
      ['reviews', 'reviewedOn', { reviewedOn: '2023-13-01', passed: true }],
      ['reviews', 'passed', { reviewedOn: '2023-06-01', passed: 'yes' }],
      ['revocation', 'revokedOn', { revokedOn: 'yesterday', reason: 'fraud' }],
      ['revocation', 'reason', { revokedOn: '2021-03-01', reason: 'dislike' }],
    ])('answers 400 on /%s naming %s', async (endpoint, field, body) => {
      const response = await t.http.post(`/api/v1/certificates/ffffffffffffffffffffffffffffffff/${endpoint}`).set('Authorization', `Bearer ${officer}`).send(body);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    });

    it.each(['reviews', 'revocation'])('/%s: 401 without a token, 403 for another role or county, 404 for an unknown certificate, 400 for a bad id', async (endpoint) => {
      const { worker } = await special();
      const certificateId = await issueCertificate(t, officer, worker.workerId);
      const body = endpoint === 'reviews' ? { reviewedOn: '2023-06-01', passed: true } : { revokedOn: '2021-03-01', reason: 'other' };
      const url = (id: string) => `/api/v1/certificates/${id}/${endpoint}`;
      await t.http.post(url(certificateId)).send(body).expect(401);
      const provider = await registerProvider(t);
      await t.http.post(url(certificateId)).set('Authorization', `Bearer ${provider.token}`).send(body).expect(403);
      const otherCounty = await t.token('em_officer', { county: '430921' });
      await t.http.post(url(certificateId)).set('Authorization', `Bearer ${otherCounty}`).send(body).expect(403);
      const missing = await t.http.post(url('ffffffffffffffffffffffffffffffff')).set('Authorization', `Bearer ${officer}`).send(body);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('certificate_not_found');
      await t.http.post(url('not-an-id')).set('Authorization', `Bearer ${officer}`).send(body).expect(400);
    });
  });
});
