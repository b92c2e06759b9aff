/** One event as the audit trail lists it: where, what, who, and both times. No event data: it may hold personal data. */
export interface AuditEntryDocument {
  eventId: string;
  /** The global position as a number, for ordering and cursors (exact below 2^53). */
  position: number;
  streamId: string;
  revision: number;
  type: string;
  actorSub: string;
  actorRole: string;
  occurredAt: string;
  recordedAt: string;
  correlationId: string;
  causationId: string | null;
}
