import { DOMAIN_EVENT_TYPES } from '#libs/domain';
import type { Projection } from '../engine/projection.js';
import type { AuditEntryDocument } from './audit-entry-document.js';

/** `audit_trail`: an index of every event by stream, actor and time, for `GET /audit-trail`. */
export const auditTrailProjection: Projection = {
  name: 'audit_trail',
  // Version 2 lists PersonErased (who erased a person, when), version 3 EducationRecorded, version 4 every type the domain
  // names (CertificateLinked, CreditCodeReserved and CertificateNumberReserved were missing): a new version rebuilds beside the old one.
  version: 4,
  collections: ['entries'],
  indexes: { entries: [['position'], ['streamId', 'position'], ['actorSub', 'position'], ['recordedAt']] },
  eventTypes: DOMAIN_EVENT_TYPES,
  apply: (event) => {
    const { actor, occurredAt, correlationId, causationId } = event.metadata;
    const set: AuditEntryDocument = {
      eventId: event.id,
      position: Number(event.position),
      streamId: event.streamId,
      revision: event.revision,
      type: event.type,
      actorSub: actor.sub,
      actorRole: actor.role,
      occurredAt,
      recordedAt: event.recordedAt,
      correlationId,
      causationId,
    };
    return [{ type: 'patch', collection: 'entries', id: event.id, set }];
  },
};
