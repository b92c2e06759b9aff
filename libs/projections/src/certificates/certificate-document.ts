import type { RecordedCertificateFact, CertificateType } from '#libs/domain';

/** One certificate fact as recorded (the domain's `RecordedCertificateFact`), as the documents keep it. */
export type CertificateFactRecord = RecordedCertificateFact;

/**
 * A certificate with its validity as the events tell it. The status is not stored: time alone
 * moves it (valid → review_overdue → lapsed), so queries compute it as of T from `facts` (and,
 * as known at K, from the facts recorded by K).
 */
export interface CertificateDocument {
  certificateId: string;
  workerId: string;
  type: CertificateType;
  specialOperationCode: string | null;
  occupation: string | null;
  level: number | null;
  number: string;
  issuer: string;
  issuedOn: string;
  validUntil: string | null;
  reviewDueOn: string | null;
  reviews: Array<{ reviewedOn: string; passed: boolean; recordedAt: string }>;
  lapsedOn: string | null;
  revokedOn: string | null;
  cancelledOn: string | null;
  /** The valid interval as currently known (inclusive; null = open-ended), for the metrics. */
  validFrom: string;
  validThrough: string | null;
  facts: CertificateFactRecord[];
  recordedAt: string;
}
