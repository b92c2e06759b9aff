import { certifiedTrainee } from './support/claim-steps.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Enforcement needs both times: what was true on a day (the facts' own dates) and what the system
 * knew at a moment (when it recorded them). Paper records arrive late: here a revocation effective on
 * day 5 is recorded on day 10. The store's clock is moved so that recordedAt is known exactly.
 */
describe('GET /workers/{id}/certification?asOf=&knownAt= with back-dated facts', () => {
  let t: TestApp;
  let now = new Date('2020-07-01T02:00:00Z');
  let revoked: { workerId: string; certificateId: string };
  let untouched: { workerId: string; certificateId: string };
  let lastPosition = '0';

  const certification = async (workerId: string, query: string) => {
    const officer = await t.token('enforcement_officer', { county: '430903' });
    const response = await t.http
      .get(`/api/v1/workers/${workerId}/certification?${query}`)
      .set('Authorization', `Bearer ${officer}`)
      .set('X-Min-Position', lastPosition);
    expect(response.status).toBe(200);
    return response.body as { asOf: string; knownAt: string; certificates: Array<{ id: string; status: string }>; posts: unknown[] };
  };
  const statusOf = async (subject: { workerId: string; certificateId: string }, query: string) =>
    (await certification(subject.workerId, query)).certificates.find((c) => c.id === subject.certificateId)?.status ?? 'absent';

  beforeAll(async () => {
    t = await startTestApp({}, { storeClock: () => now });
    // Day 0 (2020-07-01): both workers trained, examined and certified (issued 2020-06-30, code 9.1).
    const first = await certifiedTrainee(t);
    const second = await certifiedTrainee(t);
    revoked = { workerId: first.worker.workerId, certificateId: first.certificateId };
    untouched = { workerId: second.worker.workerId, certificateId: second.certificateId };

    // Recorded on 2021-01-10, effective from 2021-01-05: a back-dated revocation.
    now = new Date('2021-01-10T03:00:00Z');
    const officer = await t.token('em_officer', { county: '430903' });
    const revocation = await t.http
      .post(`/api/v1/certificates/${revoked.certificateId}/revocation`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ revokedOn: '2021-01-05', reason: 'fraud' });
    expect(revocation.status).toBe(200);
    lastPosition = revocation.body.position;
  });
  afterAll(() => t.close());

  it('as of day 7, known on day 8: valid — the revocation was not yet recorded', async () => {
    expect(await statusOf(revoked, 'asOf=2021-01-07&knownAt=2021-01-08T00:00:00Z')).toBe('valid');
  });

  it('as of day 7, known on day 11: revoked — the same question asked after the record arrived', async () => {
    expect(await statusOf(revoked, 'asOf=2021-01-07&knownAt=2021-01-11T00:00:00Z')).toBe('revoked');
  });

  it('as of day 4, known now: valid — the revocation takes effect on day 5', async () => {
    expect(await statusOf(revoked, 'asOf=2021-01-04')).toBe('valid');
  });

  it('not issued before its issue day, nor before the system learned of it', async () => {
    expect(await statusOf(untouched, 'asOf=2020-06-29')).toBe('not_issued');
    const before = await certification(untouched.workerId, 'asOf=2020-12-01&knownAt=2020-06-30T00:00:00Z');
    expect(before.certificates.filter((c) => c.id === untouched.certificateId).map((c) => c.status)).not.toContain('valid');
  });

  it('review overdue three years after issue without a review, lapsed after six, with no event', async () => {
    expect(await statusOf(untouched, 'asOf=2023-06-30')).toBe('valid');
    expect(await statusOf(untouched, 'asOf=2023-07-01')).toBe('review_overdue');
    expect(await statusOf(untouched, 'asOf=2026-07-01')).toBe('lapsed');
  });

  it('echoes the instants it answered for', async () => {
    const body = await certification(revoked.workerId, 'asOf=2021-01-07&knownAt=2021-01-08T00:00:00Z');
    expect(body).toMatchObject({ asOf: '2021-01-07' });
    expect(new Date(body.knownAt).toISOString()).toBe('2021-01-08T00:00:00.000Z');
  });
});
