import { ageOn } from '../identity/resident-id.js';
import type { ReferenceData } from '../reference/reference-data.js';
import { findSpecialOperation } from '../reference/reference-lookups.js';
import { CERTIFICATE_TYPES } from '../reference/reference-tables.js';
import { checkDays } from '../shared/check-days.js';
import { addDays, addMonths, addYears, type Day } from '../shared/day.js';
import { accept, reject, type Decider, type Decision } from '../shared/decision.js';
import { alreadyExists, invalidInput, invalidTransition, noRulesInForce, notFound } from '../shared/rejections.js';
import type { SealedPersonalData } from '../workers/sealed-personal-data.js';
import type { ExamRecord } from '../workers/worker.js';
import {
  CANCELLATION_REASONS,
  evolveCertificate,
  initialCertificateState,
  REVOCATION_REASONS,
  type CancellationReason,
  type CertificateEvent,
  type CertificateIssued,
  type CertificateState,
  type RevocationReason,
} from './certificate.js';

export type IssueCertificate = {
  type: 'IssueCertificate';
  /** The event's fields but the computed ones; `validUntil` is computed for special-operation certificates (must match when given), as printed for the others. */
  data: Omit<CertificateIssued['data'], 'validUntil' | 'reviewDueOn' | 'number' | 'sealedNumber'> & {
    validUntil?: Day;
    /** The number as given, checked here; the event carries only `sealedNumber`. */
    number: string;
    sealedNumber: SealedPersonalData;
  };
  /** The person's birth date, exam results and other certificates (folded from their streams). */
  context: { birthDate: Day; exams: ExamRecord[]; otherCertificates: CertificateState[] };
};

export type ReviewCertificate = {
  type: 'ReviewCertificate';
  /** `violationFree`: the officer found ≥ 10 continuous years in the trade without violations (allows 6-year reviews). */
  data: { certificateId: string; reviewedOn: Day; passed: boolean; violationFree?: boolean };
  /** Hours of review training (复审培训) completed for this code since the last review, summed by the application. */
  context: { reviewTrainingHours: number };
};

export type RevokeCertificate = {
  type: 'RevokeCertificate';
  data: { certificateId: string; revokedOn: Day; reason: RevocationReason; detail?: string };
};

export type CancelCertificate = {
  type: 'CancelCertificate';
  data: { certificateId: string; cancelledOn: Day; reason: CancellationReason };
};

export type CertificateCommand = IssueCertificate | ReviewCertificate | RevokeCertificate | CancelCertificate;

const issue = (ref: ReferenceData, { data, context }: IssueCertificate, state: CertificateState): Decision<CertificateEvent> => {
  if (state.issued) return alreadyExists('certificate');
  const badDay = checkDays({ issuedOn: data.issuedOn, validUntil: data.validUntil, birthDate: context.birthDate });
  if (badDay) return badDay;
  if (!CERTIFICATE_TYPES.includes(data.type)) return invalidInput('invalid_certificate_type', `type must be one of ${CERTIFICATE_TYPES.join(', ')}`, 'type');
  if (!data.number.trim()) return invalidInput('number_required', 'the certificate number is required', 'number');
  if (data.type !== 'special_operation') return issueQualification(data);

  const code = data.specialOperationCode;
  if (code === undefined) return invalidInput('special_operation_code_required', 'a special-operation certificate needs its catalogue code', 'specialOperationCode');
  const rules = ref.specialOperationRules.find(data.issuedOn);
  if (!rules) return noRulesInForce('special-operation rules', data.issuedOn);
  if (!findSpecialOperation(ref, code, data.issuedOn)) return invalidInput('unknown_special_operation_code', 'not a code of the special-operation catalogue', 'specialOperationCode');
  if (ageOn(context.birthDate, data.issuedOn) < rules.eligibility.minimumAge) {
    return reject('not_eligible', `special-operation certificates need an age of at least ${rules.eligibility.minimumAge}`);
  }
  const banned = context.otherCertificates.some(
    (c) => c.revoked?.reason === 'fraud' && data.issuedOn < addYears(c.revoked.revokedOn, rules.certificate.fraudBanYears),
  );
  if (banned) return reject('revoked_for_fraud', `no new certificate within ${rules.certificate.fraudBanYears} years of a revocation for fraud`);
  const usableFrom = addMonths(data.issuedOn, -rules.exam.passUsableMonths);
  const passed = context.exams.some(
    (e) => e.passed && e.kind === 'special_operation' && e.specialOperationCode === code && e.examinedOn <= data.issuedOn && e.examinedOn >= usableFrom,
  );
  if (!passed) return reject('no_passed_exam', `no passed exam of code ${code} in the ${rules.exam.passUsableMonths} months before the issue day`);
  const validUntil = addYears(data.issuedOn, rules.certificate.validityYears);
  if (data.validUntil !== undefined && data.validUntil !== validUntil) {
    return invalidInput('invalid_valid_until', `a special-operation certificate issued on ${data.issuedOn} is valid until ${validUntil}`, 'validUntil');
  }
  const { occupation: _o, level: _l, number: _n, ...rest } = data;
  return accept([{
    type: 'CertificateIssued',
    data: { ...rest, specialOperationCode: code, validUntil, reviewDueOn: addYears(data.issuedOn, rules.certificate.reviewIntervalYears) },
  }]);
};

/** 职业资格证书 and 职业技能等级证书: an occupation, a level 1–5 for skill levels, no reviews. */
const issueQualification = (data: IssueCertificate['data']): Decision<CertificateEvent> => {
  if (!data.occupation?.trim()) return invalidInput('occupation_required', 'the occupation is required', 'occupation');
  if (data.type === 'skill_level' && !(Number.isInteger(data.level) && data.level! >= 1 && data.level! <= 5)) {
    return invalidInput('invalid_level', 'a skill level is 1 (高级技师) to 5 (初级)', 'level');
  }
  if (data.validUntil !== undefined && data.validUntil < data.issuedOn) return invalidInput('invalid_valid_until', 'validUntil is before the issue day', 'validUntil');
  const { specialOperationCode: _c, validUntil, number: _n, ...rest } = data;
  return accept([{ type: 'CertificateIssued', data: { ...rest, validUntil: validUntil ?? null, reviewDueOn: null } }]);
};

const review = (ref: ReferenceData, { data, context }: ReviewCertificate, state: CertificateState): Decision<CertificateEvent> => {
  if (!state.issued) return notFound('certificate');
  const badDay = checkDays({ reviewedOn: data.reviewedOn });
  if (badDay) return badDay;
  const current = state.schedule.at(-1)!;
  if (current.reviewDueOn === null) return invalidTransition('this certificate has no reviews');
  if (state.lapsedOn || state.revoked || state.cancelledOn) return invalidTransition('only a certificate in force can be reviewed');
  const rules = ref.specialOperationRules.find(data.reviewedOn);
  if (!rules) return noRulesInForce('special-operation rules', data.reviewedOn);
  const windowOpens = addDays(current.reviewDueOn, -rules.certificate.reviewWindowDaysBefore);
  if (data.reviewedOn < windowOpens || data.reviewedOn > current.reviewDueOn) {
    return reject('outside_review_window', `the review is held from ${windowOpens} to ${current.reviewDueOn}`);
  }
  const hours = context.reviewTrainingHours;
  const base = { certificateId: data.certificateId, reviewedOn: data.reviewedOn, reviewTrainingHours: hours };
  if (!data.passed) {
    return accept([
      { type: 'CertificateReviewed', data: { ...base, passed: false, nextReviewDueOn: null, validUntil: current.validUntil } },
      { type: 'CertificateLapsed', data: { certificateId: data.certificateId, lapsedOn: data.reviewedOn, reason: 'review_refused' } },
    ]);
  }
  if (!(hours >= rules.certificate.reviewTrainingHours)) {
    return reject('review_training_required', `a passed review needs at least ${rules.certificate.reviewTrainingHours} hours of review training`);
  }
  const longServing = data.violationFree === true && data.reviewedOn >= addYears(state.issued.issuedOn, rules.certificate.extendedReviewAfterYears);
  const interval = longServing ? rules.certificate.extendedReviewIntervalYears : rules.certificate.reviewIntervalYears;
  const nextReviewDueOn = addYears(current.reviewDueOn, interval);
  // A review at the end of validity renews the certificate (延期换证) for another validity period.
  let validUntil = current.validUntil!;
  while (validUntil < nextReviewDueOn) validUntil = addYears(validUntil, rules.certificate.validityYears);
  return accept([{ type: 'CertificateReviewed', data: { ...base, passed: true, nextReviewDueOn, validUntil } }]);
};

const revoke = ({ data }: RevokeCertificate, state: CertificateState): Decision<CertificateEvent> => {
  if (!state.issued) return notFound('certificate');
  const badDay = checkDays({ revokedOn: data.revokedOn });
  if (badDay) return badDay;
  if (!REVOCATION_REASONS.includes(data.reason)) return invalidInput('invalid_reason', `reason must be one of ${REVOCATION_REASONS.join(', ')}`, 'reason');
  if (state.revoked || state.cancelledOn) return invalidTransition('the certificate is already revoked or cancelled');
  if (data.revokedOn < state.issued.issuedOn) return invalidInput('before_issue', 'revokedOn is before the issue day', 'revokedOn');
  return accept([{ type: 'CertificateRevoked', data }]);
};

const cancel = ({ data }: CancelCertificate, state: CertificateState): Decision<CertificateEvent> => {
  if (!state.issued) return notFound('certificate');
  const badDay = checkDays({ cancelledOn: data.cancelledOn });
  if (badDay) return badDay;
  if (!CANCELLATION_REASONS.includes(data.reason)) return invalidInput('invalid_reason', `reason must be one of ${CANCELLATION_REASONS.join(', ')}`, 'reason');
  if (state.cancelledOn) return invalidTransition('the certificate is already cancelled');
  if (data.reason === 'after_revocation' && !state.revoked) return invalidTransition('the certificate has not been revoked');
  if (data.cancelledOn < state.issued.issuedOn) return invalidInput('before_issue', 'cancelledOn is before the issue day', 'cancelledOn');
  return accept([{ type: 'CertificateCancelled', data }]);
};

export const certificateDecider = (ref: ReferenceData): Decider<CertificateState, CertificateCommand, CertificateEvent> => ({
  initialState: initialCertificateState,
  evolve: evolveCertificate,
  decide: (command, state) => {
    switch (command.type) {
      case 'IssueCertificate':
        return issue(ref, command, state);
      case 'ReviewCertificate':
        return review(ref, command, state);
      case 'RevokeCertificate':
        return revoke(command, state);
      case 'CancelCertificate':
        return cancel(command, state);
    }
  },
});
