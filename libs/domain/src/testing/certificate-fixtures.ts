import { evolveCertificate, initialCertificateState, type CertificateEvent, type CertificateIssued, type CertificateState } from '../certificates/certificate.js';

/** A special-operation certificate as the tests' context: issued on `issuedOn`, reviewed on time unless told. */
export const specialOperationCertificate = (
  overrides: Partial<CertificateIssued['data']> = {},
  later: CertificateEvent[] = [],
): CertificateState => {
  const issued: CertificateIssued = {
    type: 'CertificateIssued',
    data: {
      certificateId: 'c1',
      personId: 'w1',
      type: 'special_operation',
      specialOperationCode: '1.2',
      number: 'T430903199001011234',
      issuedOn: '2020-01-15',
      issuer: '益阳市应急管理局',
      validUntil: '2026-01-15',
      reviewDueOn: '2023-01-15',
      ...overrides,
    },
  };
  return [issued, ...later].reduce(evolveCertificate, initialCertificateState());
};
