import type { RecordedCertificateFact, CertificateType, SealedPersonalData } from '#libs/domain';

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
  /** The number sealed with the holder's key (decision 0020); null once the holder is erased. */
  sealedNumber: SealedPersonalData | null;
  /** The number in clear from an event written before decision 0020; null for later ones and once the holder is erased. */
  legacyNumber: string | null;
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
  /** The certificate's facts for the bitemporal fold; the number is not kept here (it is above, and goes with an erasure). */
  facts: CertificateFactRecord[];
  recordedAt: string;
}
