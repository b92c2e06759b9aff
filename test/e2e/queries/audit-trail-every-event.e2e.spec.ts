import type { EventStore } from '#libs/event-store';
import { EVENT_STORE } from '../../../apps/api/src/infrastructure/stores.module.js';
import { issueCertificate } from '../support/claim-steps.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { trainedWorker } from '../support/worker-steps.js';

interface AuditItem {
  streamId: string;
  type: string;
  actorRole: string;
  correlationId: string;
}

/**
 * GET /audit-trail lists every event the system appends, as the domain names them: the certificate's
 * link into its holder's index, the reservation of a credit code (a certificate number is claimed in the
 * key store, decision 0020), the
 * revocation and the erasure of a person, each with who did it and in which request.
 */
describe('GET /audit-trail: every event type, reservations and indexes included', () => {
  let t: TestApp;
  let officer: string;
  let auditor: string;
  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.token('em_officer', { county: '430903' });
    auditor = await t.token('auditor');
  });
  afterAll(() => t.close());

  const position = async () => String(await t.app.get<EventStore>(EVENT_STORE).lastPosition());
  const trail = async (query: string): Promise<AuditItem[]> => {
    const response = await t.http.get(`/api/v1/audit-trail?${query}`).set('Authorization', `Bearer ${auditor}`).set('X-Min-Position', await position());
    expect(response.status).toBe(200);
    return response.body.items as AuditItem[];
  };

  it('shows an issue with its index link, a revocation, the enterprise\'s credit code and an erasure', async () => {
    const { worker } = await trainedWorker(t, { kind: 'special_operation' });
    const beforeIssue = new Date().toISOString();
    const certificateId = await issueCertificate(t, officer, worker.workerId);
    await t.http.post(`/api/v1/certificates/${certificateId}/revocation`).set('Authorization', `Bearer ${officer}`).send({ revokedOn: '2020-08-01', reason: 'unfit_health' }).expect(200);
    await t.http.post(`/api/v1/workers/${worker.workerId}/erasure`).set('Authorization', `Bearer ${await t.token('city_admin')}`).expect(200);

    // The person's certificate index: the link, by the officer who issued the certificate.
    expect(await trail(`streamId=person_certificates-${worker.workerId}`)).toEqual([
      expect.objectContaining({ streamId: `person_certificates-${worker.workerId}`, type: 'CertificateLinked', actorRole: 'em_officer' }),
    ]);

    // The issue wrote two streams in one request: the certificate and the link (the number is claimed in the key store).
    const sinceIssue = await trail(`from=${encodeURIComponent(beforeIssue)}&limit=500`);
    const issued = sinceIssue.find((item) => item.type === 'CertificateIssued')!;
    expect(issued).toMatchObject({ streamId: `certificate-${certificateId}`, actorRole: 'em_officer' });
    const ofIssue = sinceIssue.filter((item) => item.correlationId === issued.correlationId).map((item) => item.type).sort();
    expect(ofIssue).toEqual(['CertificateIssued', 'CertificateLinked']);

    // Newest first: the erasure, then the revocation.
    expect(sinceIssue.map((item) => item.type).slice(0, 2)).toEqual(['PersonErased', 'CertificateRevoked']);
    expect(sinceIssue[0]).toMatchObject({ streamId: `worker-${worker.workerId}`, actorRole: 'city_admin' });
    expect(sinceIssue[1]).toMatchObject({ streamId: `certificate-${certificateId}`, actorRole: 'em_officer' });

    // The enterprise's registration and the reservation of its credit code, by the city's administrator.
    const everything = await trail('limit=500');
    const creditCode = everything.find((item) => item.type === 'CreditCodeReserved');
    expect(creditCode).toMatchObject({ streamId: expect.stringMatching(/^enterprise_credit_code-/), actorRole: 'city_admin' });
    const registration = everything.find((item) => item.type === 'EnterpriseRegistered')!;
    expect(registration.correlationId).toBe(creditCode!.correlationId);
  });
});
