import { certificateStatusOn, certificateStateKnownAt } from '#libs/domain';
import { givenEvents, recorded } from '../read-models/testing/given-events.js';
import type { CertificateDocument } from './certificate-document.js';
import { certificatesProjection } from './certificates.projection.js';

const issued = recorded('certificate-k1', 'CertificateIssued', {
  certificateId: 'k1', personId: 'w1', type: 'special_operation', specialOperationCode: '1.2', number: 'T1', issuedOn: '2018-04-01', issuer: 'x', validUntil: '2024-03-31', reviewDueOn: '2021-03-31',
}, { recordedAt: '2018-04-02T00:00:00.000Z' });

describe('certificates projection', () => {
  it('given an issue and a passed review, then the validity interval runs to the next review', () => {
    const docs = givenEvents(certificatesProjection, [
      issued,
      recorded('certificate-k1', 'CertificateReviewed', {
        certificateId: 'k1', reviewedOn: '2021-03-01', passed: true, reviewTrainingHours: 8, nextReviewDueOn: '2024-03-31', validUntil: '2024-03-31',
      }, { recordedAt: '2021-03-02T00:00:00.000Z' }),
    ]);
    const doc = docs.get('certificates')!.get('k1') as unknown as CertificateDocument;
    expect(doc).toMatchObject({ workerId: 'w1', type: 'special_operation', specialOperationCode: '1.2', issuedOn: '2018-04-01', validFrom: '2018-04-01', validThrough: '2024-03-31', reviewDueOn: '2024-03-31', revokedOn: null });
    expect(doc.reviews).toEqual([{ reviewedOn: '2021-03-01', passed: true, recordedAt: '2021-03-02T00:00:00.000Z' }]);
    // As known before the review was recorded, the certificate was overdue for review on 2021-06-01.
    expect(certificateStatusOn(certificateStateKnownAt(doc.facts, '2021-03-01T23:59:59.999Z'), '2021-06-01')).toBe('review_overdue');
    expect(certificateStatusOn(certificateStateKnownAt(doc.facts), '2021-06-01')).toBe('valid');
  });

  it('given a revocation, then the interval ends the day before and the status is revoked from that day', () => {
    const docs = givenEvents(certificatesProjection, [issued, recorded('certificate-k1', 'CertificateRevoked', { certificateId: 'k1', revokedOn: '2019-05-10', reason: 'fraud' })]);
    const doc = docs.get('certificates')!.get('k1') as unknown as CertificateDocument;
    expect(doc).toMatchObject({ validThrough: '2019-05-09', revokedOn: '2019-05-10' });
    expect(certificateStatusOn(certificateStateKnownAt(doc.facts), '2019-05-10')).toBe('revoked');
  });

  describe('the number (decision 0020)', () => {
    const sealedNumber = { v: 1, keyId: 'w1', iv: 'aXY=', ciphertext: 'c2VhbGVk', tag: 'dGFn' };
    const sealedIssue = recorded('certificate-k2', 'CertificateIssued', {
      certificateId: 'k2', personId: 'w1', type: 'special_operation', specialOperationCode: '1.2', sealedNumber, issuedOn: '2018-04-01', issuer: 'x', validUntil: '2024-03-31', reviewDueOn: '2021-03-31',
    });
    const erased = recorded('worker-w1', 'PersonErased', { personId: 'w1', erasedOn: '2022-01-01', certificateIds: ['k1', 'k2', 'unknown'] });
    const docOf = (docs: ReturnType<typeof givenEvents>, id: string) => docs.get('certificates')!.get(id) as unknown as CertificateDocument;

    it('keeps the sealed number, or a clear one from an older event, beside the facts and never inside them', () => {
      const docs = givenEvents(certificatesProjection, [issued, sealedIssue, recorded('certificate-k1', 'CertificateRevoked', { certificateId: 'k1', revokedOn: '2019-05-10', reason: 'fraud' })]);
      expect(docOf(docs, 'k1')).toMatchObject({ legacyNumber: 'T1', sealedNumber: null, revokedOn: '2019-05-10' });
      expect(docOf(docs, 'k2')).toMatchObject({ legacyNumber: null, sealedNumber });
      for (const id of ['k1', 'k2']) expect(JSON.stringify(docOf(docs, id).facts)).not.toMatch(/T1|c2VhbGVk/);
    });

    it('drops both when the holder is erased, keeps the rest, and creates no document for a certificate it does not hold', () => {
      const docs = givenEvents(certificatesProjection, [issued, sealedIssue, erased]);
      expect(docOf(docs, 'k1')).toMatchObject({ legacyNumber: null, sealedNumber: null, workerId: 'w1', validThrough: '2021-03-31' });
      expect(docOf(docs, 'k2')).toMatchObject({ legacyNumber: null, sealedNumber: null, specialOperationCode: '1.2' });
      expect(docs.get('certificates')!.has('unknown')).toBe(false);
    });
  });
});
