import { evolveCertificate, initialCertificateState, type CertificateEvent, type CertificateState } from './certificate.js';

/** One certificate fact as recorded: the domain event and when the system learned it. */
export interface RecordedCertificateFact {
  type: CertificateEvent['type'];
  data: CertificateEvent['data'];
  recordedAt: string;
}

/**
 * The certificate's state from the facts the system had recorded by `knownAt` (all of them when null):
 * the one fold of a certificate's events, used by the command side's aggregate (all facts), the
 * projections and the queries that answer "as known at".
 */
export function certificateStateKnownAt(facts: readonly RecordedCertificateFact[], knownAt: string | null = null): CertificateState {
  return facts
    .filter((fact) => knownAt === null || fact.recordedAt <= knownAt)
    .reduce((state, fact) => evolveCertificate(state, { type: fact.type, data: fact.data } as CertificateEvent), initialCertificateState());
}
