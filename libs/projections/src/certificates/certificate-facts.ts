import { evolveCertificate, initialCertificateState, type CertificateEvent, type CertificateState } from '#libs/domain';
import type { CertificateFactRecord } from './certificate-document.js';

/** The certificate's state from the facts the system had recorded by `knownAt` (all of them when null). */
export function certificateStateKnownAt(facts: readonly CertificateFactRecord[], knownAt: string | null = null): CertificateState {
  return facts
    .filter((fact) => knownAt === null || fact.recordedAt <= knownAt)
    .reduce((state, fact) => evolveCertificate(state, { type: fact.type, data: fact.data } as CertificateEvent), initialCertificateState());
}
