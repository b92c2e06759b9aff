import { specialOperationCertificate } from '../testing/certificate-fixtures.js';
import { initialCertificateState } from './certificate.js';
import { certificateStatusOn, validityInterval } from './certificate-status.js';

const reviewedOn = (day: string, nextReviewDueOn: string, validUntil: string) =>
  ({ type: 'CertificateReviewed', data: { certificateId: 'c1', reviewedOn: day, passed: true, reviewTrainingHours: 8, nextReviewDueOn, validUntil } }) as const;

describe('certificate status as of a day', () => {
  const fresh = specialOperationCertificate();

  it('is not_issued before the issue day and for an empty stream', () => {
    expect(certificateStatusOn(fresh, '2020-01-14')).toBe('not_issued');
    expect(certificateStatusOn(initialCertificateState(), '2020-01-14')).toBe('not_issued');
  });

  it('is valid from the issue day through the review due date, then review_overdue with no event', () => {
    expect(certificateStatusOn(fresh, '2020-01-15')).toBe('valid');
    expect(certificateStatusOn(fresh, '2023-01-15')).toBe('valid');
    expect(certificateStatusOn(fresh, '2023-01-16')).toBe('review_overdue');
    expect(validityInterval(fresh)).toEqual({ validFrom: '2020-01-15', validThrough: '2023-01-15' });
  });

  it('stays valid after a passed review, and lapses after its last valid day', () => {
    const reviewed = specialOperationCertificate({}, [reviewedOn('2023-01-10', '2026-01-15', '2026-01-15')]);
    expect(certificateStatusOn(reviewed, '2023-01-16')).toBe('valid');
    expect(certificateStatusOn(reviewed, '2026-01-15')).toBe('valid');
    expect(certificateStatusOn(reviewed, '2026-01-16')).toBe('lapsed');
    expect(validityInterval(reviewed)).toEqual({ validFrom: '2020-01-15', validThrough: '2026-01-15' });
  });

  it('answers past days from the schedule then in force (as of, not as now)', () => {
    const reviewed = specialOperationCertificate({}, [reviewedOn('2023-01-10', '2026-01-15', '2026-01-15')]);
    expect(certificateStatusOn(reviewed, '2021-06-01')).toBe('valid');
  });

  it('is lapsed from a refused review, revoked and cancelled from their days', () => {
    const lapsed = specialOperationCertificate({}, [{ type: 'CertificateLapsed', data: { certificateId: 'c1', lapsedOn: '2023-01-10', reason: 'review_refused' } }]);
    expect(certificateStatusOn(lapsed, '2023-01-09')).toBe('valid');
    expect(certificateStatusOn(lapsed, '2023-01-10')).toBe('lapsed');
    expect(validityInterval(lapsed)?.validThrough).toBe('2023-01-09');
    const revoked = specialOperationCertificate({}, [
      { type: 'CertificateRevoked', data: { certificateId: 'c1', revokedOn: '2021-03-01', reason: 'fraud' } },
      { type: 'CertificateCancelled', data: { certificateId: 'c1', cancelledOn: '2021-04-01', reason: 'after_revocation' } },
    ]);
    expect(certificateStatusOn(revoked, '2021-02-28')).toBe('valid');
    expect(certificateStatusOn(revoked, '2021-03-01')).toBe('revoked');
    expect(certificateStatusOn(revoked, '2021-04-01')).toBe('cancelled');
    expect(validityInterval(revoked)?.validThrough).toBe('2021-02-28');
  });

  it('has no end for a certificate without validity or reviews', () => {
    const skill = specialOperationCertificate({ type: 'skill_level', specialOperationCode: undefined, validUntil: null, reviewDueOn: null });
    expect(certificateStatusOn(skill, '2040-01-01')).toBe('valid');
    expect(validityInterval(skill)).toEqual({ validFrom: '2020-01-15', validThrough: null });
    expect(validityInterval(initialCertificateState())).toBeNull();
  });
});
