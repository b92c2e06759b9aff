import { addDays, type Day } from '../shared/day.js';
import type { CertificateState, ValidityPeriod } from './certificate.js';

/**
 * Certificate status as of a day, from the events known. Time alone moves a certificate from
 * `valid` to `review_overdue` (review due date passed without a review: 失效 under Order 30, kept
 * apart so an officer sees why) and to `lapsed` (past its last valid day). No event is needed.
 */
export const CERTIFICATE_STATUSES = ['valid', 'review_overdue', 'lapsed', 'revoked', 'cancelled', 'not_issued'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

const periodOn = (state: CertificateState, day: Day): ValidityPeriod | undefined =>
  state.schedule.filter((period) => period.from <= day).at(-1);

export const certificateStatusOn = (state: CertificateState, day: Day): CertificateStatus => {
  const period = periodOn(state, day);
  if (!state.issued || !period) return 'not_issued';
  if (state.cancelledOn !== null && day >= state.cancelledOn) return 'cancelled';
  if (state.revoked !== null && day >= state.revoked.revokedOn) return 'revoked';
  if (state.lapsedOn !== null && day >= state.lapsedOn) return 'lapsed';
  if (period.validUntil !== null && day > period.validUntil) return 'lapsed';
  if (period.reviewDueOn !== null && day > period.reviewDueOn) return 'review_overdue';
  return 'valid';
};

export const isValidOn = (state: CertificateState, day: Day): boolean => certificateStatusOn(state, day) === 'valid';

/**
 * The days on which the certificate is valid as far as the events tell: from the issue day through
 * `validThrough` (inclusive; null = open-ended). Reviews are held before the due date, so the
 * interval has no gaps. Read models store it and answer "valid at T" without a scheduler.
 */
export const validityInterval = (state: CertificateState): { validFrom: Day; validThrough: Day | null } | null => {
  const last = state.schedule.at(-1);
  if (!state.issued || !last) return null;
  const ends = [
    last.reviewDueOn,
    last.validUntil,
    state.lapsedOn && addDays(state.lapsedOn, -1),
    state.revoked && addDays(state.revoked.revokedOn, -1),
    state.cancelledOn && addDays(state.cancelledOn, -1),
  ].filter((day): day is Day => typeof day === 'string');
  return { validFrom: state.issued.issuedOn, validThrough: ends.length === 0 ? null : ends.reduce((a, b) => (a < b ? a : b)) };
};
