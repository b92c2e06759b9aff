import { CERTIFICATE_EVENT_TYPES, validityInterval, type CertificateEvent, certificateStateKnownAt } from '#libs/domain';
import type { Projection } from '../engine/projection.js';
import type { Recorded } from '../read-models/domain-event.js';
import type { CertificateDocument } from './certificate-document.js';

export type CertificatesProjectionEvent = Recorded<CertificateEvent>;

/** The summary fields of a certificate, re-derived from its facts after each one. */
function summarise(facts: CertificateDocument['facts']): Omit<CertificateDocument, 'facts'> | null {
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
    number: issued.number,
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

/** `certificates`: one document per certificate, with its facts and validity interval. */
export const certificatesProjection: Projection<CertificatesProjectionEvent> = {
  name: 'certificates',
  version: 1,
  collections: ['certificates'],
  indexes: { certificates: [['workerId']] },
  eventTypes: CERTIFICATE_EVENT_TYPES,
  reads: (event) => [{ collection: 'certificates', id: event.data.certificateId }],
  apply: (event, documents) => {
    const id = event.data.certificateId;
    const facts = [...(documents.get<CertificateDocument>('certificates', id)?.facts ?? []), { type: event.type, data: event.data, recordedAt: event.recordedAt }];
    const summary = summarise(facts);
    // A fact about a certificate whose issue is unknown is kept until the issue arrives.
    return [{ type: 'upsert', collection: 'certificates', id, doc: summary ? { ...summary, facts } : { facts } }];
  },
};
