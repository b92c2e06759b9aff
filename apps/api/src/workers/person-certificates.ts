import {
  evolveCertificate,
  initialCertificateState,
  type CertificateEvent,
  type CertificateLinked,
  type CertificateState,
} from '#libs/domain';
import type { AggregateType, EventWriter, SideAppend } from '../commands/event-writer.js';

export type { CertificateLinked };

interface PersonCertificatesState {
  certificateIds: string[];
}

export const personCertificatesIndex: AggregateType<PersonCertificatesState, CertificateLinked> = {
  category: 'person_certificates',
  label: 'Certificate index',
  initialState: () => ({ certificateIds: [] }),
  evolve: (state, event) => ({ certificateIds: [...state.certificateIds, event.data.certificateId] }),
};

export const certificateAggregate: AggregateType<CertificateState, CertificateEvent> = {
  category: 'certificate',
  label: 'Certificate',
  initialState: initialCertificateState,
  evolve: evolveCertificate,
};

/** The person's certificates, each folded from its own stream (linked in the same append, so it exists). */
export async function loadPersonCertificates(writer: EventWriter, personId: string): Promise<CertificateState[]> {
  const index = await writer.load(personCertificatesIndex, personId);
  const loaded = await Promise.all(index.state.certificateIds.map((id) => writer.load(certificateAggregate, id)));
  return loaded.map((certificate) => certificate.state);
}

/**
 * The link of a new certificate into its holder's index, appended with the certificate itself (ADR 0007)
 * at the index's revision as read: of concurrent issues for one person, one links and the others decide again.
 */
export async function linkCertificate(writer: EventWriter, personId: string, link: CertificateLinked['data']): Promise<SideAppend> {
  const index = await writer.load(personCertificatesIndex, personId);
  const linked: CertificateLinked = { type: 'CertificateLinked', data: link };
  return { streamId: index.streamId, events: [linked], expected: index.revision ?? 'no_stream', previous: index.last };
}
