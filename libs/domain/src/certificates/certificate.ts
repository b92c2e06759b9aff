import type { DomainEvent } from '../shared/decision.js';
import type { Day } from '../shared/day.js';
import type { CertificateType } from '../reference/reference-data.js';
import type { SealedPersonalData } from '../workers/sealed-personal-data.js';

/**
 * Stream `certificate-<certificateId>`: a certificate held by a person: 特种作业操作证 (special
 * operation, issued by emergency management, reviewed every 3 years), 职业资格证书 or 职业技能等级证书.
 */

/** 撤销: fraud starts a 3-year ban on new certificates. */
export const REVOCATION_REASONS = ['fraud', 'accident_responsibility', 'unfit_health', 'expired', 'other'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];
export const CANCELLATION_REASONS = ['death', 'request', 'after_revocation'] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

export type CertificateIssued = DomainEvent<'CertificateIssued', {
  certificateId: string;
  personId: string;
  type: CertificateType;
  specialOperationCode?: string;
  occupation?: string;
  /** Skill level 5 (初级) to 1 (高级技师). */
  level?: number;
  /**
   * The number printed on the certificate, sealed with the holder's key (decision 0020): a 特种作业操作证
   * number is in practice the holder's ID number, so it is personal data and goes with an erasure.
   */
  sealedNumber?: SealedPersonalData;
  /** The number in clear, as events written before decision 0020 carry it (read only; never written now). */
  number?: string;
  issuedOn: Day;
  issuer: string;
  /** Last valid day (inclusive); null when the certificate does not expire. */
  validUntil: Day | null;
  /** The day the next review (复审) is due; null for certificates without reviews. */
  reviewDueOn: Day | null;
}>;

/** The next due date and validity are in the event: later rule changes must not rewrite past decisions. */
export type CertificateReviewed = DomainEvent<'CertificateReviewed', {
  certificateId: string;
  reviewedOn: Day;
  passed: boolean;
  reviewTrainingHours: number;
  nextReviewDueOn: Day | null;
  validUntil: Day | null;
}>;

export type CertificateLapsed = DomainEvent<'CertificateLapsed', { certificateId: string; lapsedOn: Day; reason: 'review_refused' }>;
export type CertificateRevoked = DomainEvent<'CertificateRevoked', { certificateId: string; revokedOn: Day; reason: RevocationReason; detail?: string }>;
export type CertificateCancelled = DomainEvent<'CertificateCancelled', { certificateId: string; cancelledOn: Day; reason: CancellationReason }>;

export type CertificateEvent = CertificateIssued | CertificateReviewed | CertificateLapsed | CertificateRevoked | CertificateCancelled;

/** From `from` on (issue or a passed review), the review due date and validity that apply. */
export interface ValidityPeriod {
  from: Day;
  reviewDueOn: Day | null;
  validUntil: Day | null;
}

export interface CertificateState {
  issued: CertificateIssued['data'] | null;
  schedule: ValidityPeriod[];
  reviews: Array<{ reviewedOn: Day; passed: boolean }>;
  lapsedOn: Day | null;
  revoked: { revokedOn: Day; reason: RevocationReason } | null;
  cancelledOn: Day | null;
}

export const initialCertificateState = (): CertificateState => ({
  issued: null,
  schedule: [],
  reviews: [],
  lapsedOn: null,
  revoked: null,
  cancelledOn: null,
});

export const evolveCertificate = (state: CertificateState, event: CertificateEvent): CertificateState => {
  switch (event.type) {
    case 'CertificateIssued': {
      const { issuedOn, reviewDueOn, validUntil } = event.data;
      return { ...state, issued: event.data, schedule: [{ from: issuedOn, reviewDueOn, validUntil }] };
    }
    case 'CertificateReviewed': {
      const { reviewedOn, passed, nextReviewDueOn, validUntil } = event.data;
      const schedule = passed ? [...state.schedule, { from: reviewedOn, reviewDueOn: nextReviewDueOn, validUntil }] : state.schedule;
      return { ...state, schedule, reviews: [...state.reviews, { reviewedOn, passed }] };
    }
    case 'CertificateLapsed':
      return { ...state, lapsedOn: event.data.lapsedOn };
    case 'CertificateRevoked':
      return { ...state, revoked: { revokedOn: event.data.revokedOn, reason: event.data.reason } };
    case 'CertificateCancelled':
      return { ...state, cancelledOn: event.data.cancelledOn };
  }
};
