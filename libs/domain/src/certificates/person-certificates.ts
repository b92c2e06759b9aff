import type { DomainEvent } from '../shared/decision.js';
import type { CertificateType } from '../reference/reference-data.js';

/**
 * Stream `person_certificates-<personId>`: an index of the certificates a person holds, so that
 * deciders (AssignToPost, IssueCertificate) can fold a person's certificates without a read model.
 * The certificate issue appends `CertificateLinked` in the same atomic write as `CertificateIssued`.
 */
export type CertificateLinked = DomainEvent<'CertificateLinked', {
  certificateId: string;
  type: CertificateType;
  specialOperationCode?: string;
}>;
