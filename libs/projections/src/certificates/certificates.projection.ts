import { CERTIFICATE_EVENT_TYPES, validityInterval, type CertificateEvent, certificateStateKnownAt, type PersonErased } from '#libs/domain';
import type { Projection } from '../engine/projection.js';
import type { Recorded } from '../read-models/domain-event.js';
import type { CertificateDocument } from './certificate-document.js';

export type CertificatesProjectionEvent = Recorded<CertificateEvent | PersonErased>;

/** The summary fields of a certificate, re-derived from its facts after each one. */
function summarise(facts: CertificateDocument['facts'], number: Pick<CertificateDocument, 'sealedNumber' | 'legacyNumber'>): Omit<CertificateDocument, 'facts'> | null {
  const state = certificateStateKnownAt(facts);
  const issued = state.issued;
  const interval = validityInterval(state);
  if (!issued || !interval) return null;
  const current = state.schedule.at(-1)!;
  return {
    certificateId: issued.certificateId,
    workerId: issued.personId,
    type: issued.type,
    specialOperationCode: issued.specialOperationCode ?? null,
    occupation: issued.occupation ?? null,
    level: issued.level ?? null,
    ...number,
    issuer: issued.issuer,
    issuedOn: issued.issuedOn,
    validUntil: current.validUntil,
    reviewDueOn: current.reviewDueOn,
    reviews: facts.flatMap((fact) =>
      fact.type === 'CertificateReviewed'
        ? [{ reviewedOn: (fact.data as { reviewedOn: string }).reviewedOn, passed: (fact.data as { passed: boolean }).passed, recordedAt: fact.recordedAt }]
        : [],
    ),
    lapsedOn: state.lapsedOn,
    revokedOn: state.revoked?.revokedOn ?? null,
    cancelledOn: state.cancelledOn,
    validFrom: interval.validFrom,
    validThrough: interval.validThrough,
    recordedAt: facts[0]!.recordedAt,
  };
}

type NumberFields = Pick<CertificateDocument, 'sealedNumber' | 'legacyNumber'>;

/** The fact as the document keeps it: an issue without its number, which the document keeps apart. */
function factOf(event: Recorded<CertificateEvent>): { fact: CertificateDocument['facts'][number]; number: NumberFields | null } {
  if (event.type !== 'CertificateIssued') return { fact: { type: event.type, data: event.data, recordedAt: event.recordedAt }, number: null };
  const { number, sealedNumber, ...data } = event.data;
  return { fact: { type: event.type, data, recordedAt: event.recordedAt }, number: { sealedNumber: sealedNumber ?? null, legacyNumber: number ?? null } };
}

const NO_NUMBER: NumberFields = { sealedNumber: null, legacyNumber: null };

/**
 * `certificates`: one document per certificate, with its facts and validity interval. Version 2 keeps the
 * number sealed (or, from events before decision 0020, apart from the facts) and drops it when its holder
 * is erased.
 */
export const certificatesProjection: Projection<CertificatesProjectionEvent> = {
  name: 'certificates',
  version: 2,
  collections: ['certificates'],
  indexes: { certificates: [['workerId']] },
  eventTypes: [...CERTIFICATE_EVENT_TYPES, 'PersonErased'],
  reads: (event) =>
    event.type === 'PersonErased'
      ? (event.data.certificateIds ?? []).map((id) => ({ collection: 'certificates', id }))
      : [{ collection: 'certificates', id: event.data.certificateId }],
  apply: (event, documents) => {
    if (event.type === 'PersonErased') {
      return (event.data.certificateIds ?? []).flatMap((id) => {
        const doc = documents.get<CertificateDocument>('certificates', id);
        if (!doc) return [];
        const { id: _id, ...kept } = doc as CertificateDocument & { id?: string };
        return [{ type: 'upsert' as const, collection: 'certificates', id, doc: { ...kept, ...NO_NUMBER } }];
      });
    }
    const id = event.data.certificateId;
    const current = documents.get<CertificateDocument>('certificates', id);
    const { fact, number } = factOf(event);
    const facts = [...(current?.facts ?? []), fact];
    const summary = summarise(facts, number ?? { sealedNumber: current?.sealedNumber ?? null, legacyNumber: current?.legacyNumber ?? null });
    // A fact about a certificate whose issue is unknown is kept until the issue arrives.
    return [{ type: 'upsert', collection: 'certificates', id, doc: summary ? { ...summary, facts } : { facts } }];
  },
};
