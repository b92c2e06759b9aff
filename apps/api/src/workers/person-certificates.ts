import {
  evolveCertificate,
  initialCertificateState,
  type CertificateEvent,
  type CertificateState,
  type CertificateType,
  type DomainEvent,
} from '#libs/domain';
import { WrongExpectedRevisionError } from '#libs/event-store';
import type { AggregateType, EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';

/**
 * Stream `person_certificates-<personId>`: an index of the certificates a person holds, so that
 * deciders (AssignToPost, IssueCertificate) can fold a person's certificates without a read model.
 * The certificate issue appends `CertificateLinked` right after `CertificateIssued`.
 */
export type CertificateLinked = DomainEvent<'CertificateLinked', {
  certificateId: string;
  type: CertificateType;
  specialOperationCode?: string;
}>;

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

/** The person's certificates, each folded from its own stream (an index entry whose stream is empty is skipped). */
export async function loadPersonCertificates(writer: EventWriter, personId: string): Promise<CertificateState[]> {
  const index = await writer.load(personCertificatesIndex, personId);
  const loaded = await Promise.all(index.state.certificateIds.map((id) => writer.load(certificateAggregate, id)));
  return loaded.filter((certificate) => certificate.revision !== null).map((certificate) => certificate.state);
}

const MAX_LINK_ATTEMPTS = 5;

/**
 * Adds a certificate to the person's index. Idempotent (a certificate already linked is left alone),
 * and safe under concurrent issues for the same person: it re-reads and retries on a conflict.
 */
export async function linkCertificate(
  writer: EventWriter,
  personId: string,
  link: CertificateLinked['data'],
  context: CommandContext,
  occurredAt: string,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const index = await writer.load(personCertificatesIndex, personId);
    if (index.state.certificateIds.includes(link.certificateId)) return;
    try {
      await writer.appendAfter(index, [{ type: 'CertificateLinked', data: link }], context, occurredAt);
      return;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_LINK_ATTEMPTS) throw error;
    }
  }
}
