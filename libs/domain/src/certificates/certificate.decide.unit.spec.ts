import { loadReferenceData } from '../testing/reference-data.js';
import { specialOperationCertificate } from '../testing/certificate-fixtures.js';
import { specFor } from '../testing/given-when-then.js';
import type { ExamRecord } from '../workers/worker.js';
import type { CertificateEvent, CertificateIssued } from './certificate.js';
import { certificateDecider, type IssueCertificate, type ReviewCertificate } from './certificate.decide.js';

const given = specFor(certificateDecider(loadReferenceData()));

const passedExam: ExamRecord = {
  personId: 'w1', examId: 'x1', kind: 'special_operation', specialOperationCode: '1.2', theoryScore: 90, practicalScore: 85,
  keySafetySkillsPassed: true, examinedOn: '2019-12-01', attempt: 1, passed: true,
};
const sealedNumber = { v: 1 as const, keyId: 'w1', iv: 'aXY=', ciphertext: 'c2VhbGVk', tag: 'dGFn' };
const request: IssueCertificate['data'] = {
  certificateId: 'c1', personId: 'w1', type: 'special_operation', specialOperationCode: '1.2', number: 'T430903199001011234', sealedNumber, issuedOn: '2020-01-15', issuer: '益阳市应急管理局',
};
const { number: _clearNumber, ...requestWithoutNumber } = request;
const issue = (data: Partial<IssueCertificate['data']> = {}, context: Partial<IssueCertificate['context']> = {}): IssueCertificate => ({
  type: 'IssueCertificate', data: { ...request, ...data }, context: { birthDate: '1990-01-01', exams: [passedExam], otherCertificates: [], ...context },
});
// The event carries the number sealed, never in clear (decision 0020).
const issued: CertificateIssued = { type: 'CertificateIssued', data: { ...requestWithoutNumber, specialOperationCode: '1.2', validUntil: '2026-01-15', reviewDueOn: '2023-01-15' } };
const review = (reviewedOn: string, passed = true, hours = 8, violationFree?: boolean): ReviewCertificate => ({
  type: 'ReviewCertificate', data: { certificateId: 'c1', reviewedOn, passed, ...(violationFree === undefined ? {} : { violationFree }) }, context: { reviewTrainingHours: hours },
});
const reviewed = (reviewedOn: string, nextReviewDueOn: string, validUntil: string): CertificateEvent => ({
  type: 'CertificateReviewed', data: { certificateId: 'c1', reviewedOn, passed: true, reviewTrainingHours: 8, nextReviewDueOn, validUntil },
});

describe('certificate: issue', () => {
  it('issues a special-operation certificate valid 6 years, review due in 3', () => {
    given().when(issue()).then([issued]);
  });

  it('accepts a matching validUntil and refuses another (invalid_valid_until)', () => {
    given().when(issue({ validUntil: '2026-01-15' })).then([issued]);
    given().when(issue({ validUntil: '2025-01-15' })).thenRejects('invalid_valid_until', 'invalid');
  });

  it('needs a passed exam of the same code within 12 months before (no_passed_exam)', () => {
    given().when(issue({}, { exams: [] })).thenRejects('no_passed_exam');
    given().when(issue({}, { exams: [{ ...passedExam, passed: false }] })).thenRejects('no_passed_exam');
    given().when(issue({}, { exams: [{ ...passedExam, specialOperationCode: '1.1' }] })).thenRejects('no_passed_exam');
    given().when(issue({}, { exams: [{ ...passedExam, examinedOn: '2019-01-14' }] })).thenRejects('no_passed_exam');
    given().when(issue({}, { exams: [{ ...passedExam, examinedOn: '2020-01-16' }] })).thenRejects('no_passed_exam');
    given().when(issue({}, { exams: [{ ...passedExam, examinedOn: '2019-01-15' }] })).then([issued]);
  });

  it('needs age 18 on the issue day (not_eligible)', () => {
    given().when(issue({}, { birthDate: '2002-01-16' })).thenRejects('not_eligible');
    given().when(issue({}, { birthDate: '2002-01-15' })).then([issued]);
  });

  it('refuses for 3 years after a revocation for fraud (revoked_for_fraud)', () => {
    const fraud = specialOperationCertificate({ certificateId: 'c0', issuedOn: '2016-03-01' }, [
      { type: 'CertificateRevoked', data: { certificateId: 'c0', revokedOn: '2017-01-16', reason: 'fraud' } },
    ]);
    given().when(issue({}, { otherCertificates: [fraud] })).thenRejects('revoked_for_fraud');
    const otherReason = specialOperationCertificate({ certificateId: 'c0' }, [
      { type: 'CertificateRevoked', data: { certificateId: 'c0', revokedOn: '2019-06-01', reason: 'unfit_health' } },
    ]);
    given().when(issue({}, { otherCertificates: [otherReason] })).then([issued]);
    const longAgo = specialOperationCertificate({ certificateId: 'c0', issuedOn: '2016-03-01' }, [
      { type: 'CertificateRevoked', data: { certificateId: 'c0', revokedOn: '2017-01-15', reason: 'fraud' } },
    ]);
    given().when(issue({}, { otherCertificates: [longAgo] })).then([issued]);
  });

  it('issues vocational and skill-level certificates without exam or review', () => {
    const { specialOperationCode: _c, ...common } = requestWithoutNumber;
    given()
      .when(issue({ type: 'skill_level', specialOperationCode: undefined, occupation: '化工总控工', level: 3 }, { exams: [] }))
      .then([{ type: 'CertificateIssued', data: { ...common, type: 'skill_level', occupation: '化工总控工', level: 3, validUntil: null, reviewDueOn: null } }]);
    given()
      .when(issue({ type: 'vocational_qualification', occupation: '焊工', validUntil: '2030-01-01' }, { exams: [] }))
      .then([{ type: 'CertificateIssued', data: { ...common, type: 'vocational_qualification', occupation: '焊工', validUntil: '2030-01-01', reviewDueOn: null } }]);
  });

  it.each([
    ['special_operation_code_required', issue({ specialOperationCode: undefined }), 'invalid'],
    ['unknown_special_operation_code', issue({ specialOperationCode: '2.9' }), 'invalid'],
    ['invalid_certificate_type', issue({ type: 'forklift' as never }), 'invalid'],
    ['number_required', issue({ number: ' ' }), 'invalid'],
    ['occupation_required', issue({ type: 'vocational_qualification' }), 'invalid'],
    ['invalid_level', issue({ type: 'skill_level', occupation: '焊工', level: 6 }), 'invalid'],
    ['invalid_valid_until', issue({ type: 'skill_level', occupation: '焊工', level: 5, validUntil: '2019-01-01' }), 'invalid'],
    ['invalid_day', issue({ issuedOn: '2020-13-01' }), 'invalid'],
    ['no_rules_in_force', issue({ issuedOn: '2014-01-15' }, { exams: [{ ...passedExam, examinedOn: '2013-12-01' }] }), 'rule'],
  ] as const)('refuses %s', (code, command, kind) => {
    given().when(command).thenRejects(code, kind);
  });

  it('refuses issuing twice', () => {
    given([issued]).when(issue()).thenRejects('certificate_already_exists', 'conflict');
  });
});

describe('certificate: review (复审)', () => {
  it('passes a review held within 60 days before the due date, next due 3 years later', () => {
    given([issued]).when(review('2022-11-16')).then([reviewed('2022-11-16', '2026-01-15', '2026-01-15')]);
    given([issued]).when(review('2023-01-15')).then([reviewed('2023-01-15', '2026-01-15', '2026-01-15')]);
  });

  it('refuses a review outside the window (outside_review_window)', () => {
    given([issued]).when(review('2022-11-15')).thenRejects('outside_review_window');
    given([issued]).when(review('2023-01-16')).thenRejects('outside_review_window');
  });

  it('needs 8 hours of review training for a pass (review_training_required)', () => {
    given([issued]).when(review('2023-01-10', true, 7.5)).thenRejects('review_training_required');
  });

  it('renews the certificate when the review at the end of validity passes (延期换证)', () => {
    given([issued, reviewed('2023-01-10', '2026-01-15', '2026-01-15')]).when(review('2026-01-01')).then([reviewed('2026-01-01', '2029-01-15', '2032-01-15')]);
  });

  it('reviews every 6 years after 10 continuous years without violation', () => {
    const history = [issued, reviewed('2023-01-10', '2026-01-15', '2026-01-15'), reviewed('2026-01-01', '2029-01-15', '2032-01-15'), reviewed('2029-01-01', '2032-01-15', '2032-01-15')];
    given(history).when(review('2032-01-02', true, 8, true)).then([reviewed('2032-01-02', '2038-01-15', '2038-01-15')]);
    given(history).when(review('2032-01-02', true, 8, false)).then([reviewed('2032-01-02', '2035-01-15', '2038-01-15')]);
    given(history.slice(0, 2)).when(review('2026-01-01', true, 8, true)).then([reviewed('2026-01-01', '2029-01-15', '2032-01-15')]);
  });

  it('lapses the certificate when the review is refused', () => {
    given([issued]).when(review('2023-01-10', false, 0)).then([
      { type: 'CertificateReviewed', data: { certificateId: 'c1', reviewedOn: '2023-01-10', passed: false, reviewTrainingHours: 0, nextReviewDueOn: null, validUntil: '2026-01-15' } },
      { type: 'CertificateLapsed', data: { certificateId: 'c1', lapsedOn: '2023-01-10', reason: 'review_refused' } },
    ]);
  });

  it('refuses reviews out of order (invalid_transition) and of unknown certificates', () => {
    const lapsed: CertificateEvent = { type: 'CertificateLapsed', data: { certificateId: 'c1', lapsedOn: '2023-01-10', reason: 'review_refused' } };
    given([issued, lapsed]).when(review('2023-01-12')).thenRejects('invalid_transition');
    given([{ ...issued, data: { ...issued.data, type: 'skill_level', reviewDueOn: null, validUntil: null } }]).when(review('2023-01-12')).thenRejects('invalid_transition');
    given().when(review('2023-01-12')).thenRejects('certificate_not_found', 'not_found');
  });
});

describe('certificate: revocation and cancellation', () => {
  const revoke = (revokedOn: string, reason = 'fraud') => ({ type: 'RevokeCertificate' as const, data: { certificateId: 'c1', revokedOn, reason: reason as never } });
  const cancel = (cancelledOn: string, reason = 'after_revocation') => ({ type: 'CancelCertificate' as const, data: { certificateId: 'c1', cancelledOn, reason: reason as never } });
  const revoked: CertificateEvent = { type: 'CertificateRevoked', data: { certificateId: 'c1', revokedOn: '2021-03-01', reason: 'fraud' } };

  it('revokes, then cancels after revocation', () => {
    given([issued]).when(revoke('2021-03-01')).then([revoked]);
    given([issued, revoked]).when(cancel('2021-03-05')).then([{ type: 'CertificateCancelled', data: { certificateId: 'c1', cancelledOn: '2021-03-05', reason: 'after_revocation' } }]);
  });

  it('keeps transitions in order (invalid_transition)', () => {
    given([issued, revoked]).when(revoke('2021-04-01', 'other')).thenRejects('invalid_transition');
    given([issued]).when(cancel('2021-03-05')).thenRejects('invalid_transition');
    const cancelled: CertificateEvent = { type: 'CertificateCancelled', data: { certificateId: 'c1', cancelledOn: '2021-03-05', reason: 'death' } };
    given([issued, cancelled]).when(cancel('2021-03-06', 'request')).thenRejects('invalid_transition');
    given([issued, cancelled]).when(revoke('2021-03-06')).thenRejects('invalid_transition');
  });

  it('refuses bad reasons and days before the issue', () => {
    given([issued]).when(revoke('2021-03-01', 'dislike')).thenRejects('invalid_reason', 'invalid');
    given([issued]).when(revoke('2019-03-01')).thenRejects('before_issue', 'invalid');
    given([issued]).when(cancel('2021-03-01', 'boredom')).thenRejects('invalid_reason', 'invalid');
    given([issued]).when(cancel('2019-03-01', 'death')).thenRejects('before_issue', 'invalid');
    given().when(revoke('2021-03-01')).thenRejects('certificate_not_found', 'not_found');
    given().when(cancel('2021-03-01')).thenRejects('certificate_not_found', 'not_found');
  });
});
