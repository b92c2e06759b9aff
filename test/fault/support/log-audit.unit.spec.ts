import type { RecordedEvent } from '#libs/event-store';
import type { CommandOutcome } from './command-client.js';
import { auditAcknowledged, auditReservations } from './log-audit.js';

/** The checks of the crash test must be able to fail: each kind of damage is seen. */
let position = 0n;
const event = (streamId: string, revision: number, correlationId: string, over: Partial<RecordedEvent> = {}): RecordedEvent => ({
  id: `e${++position}`,
  type: 'Something',
  data: {},
  metadata: { schemaVersion: 1, occurredAt: '2020-06-01', actor: { sub: 'u', role: 'city_admin' }, correlationId, causationId: `cause-${correlationId}`, prevHash: null },
  streamId,
  revision,
  position,
  recordedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
const ack = (correlationId: string, recorded: RecordedEvent, idempotencyKey?: string): CommandOutcome => ({
  path: '/enterprises',
  correlationId,
  idempotencyKey,
  status: 201,
  body: { id: recorded.streamId.split('-')[1]!, revision: recorded.revision, position: recorded.position.toString() },
  attempts: 1,
});

describe('auditAcknowledged', () => {
  it('passes an acknowledged command found once, and counts an unanswered one as unknown', () => {
    const recorded = event('enterprise-a1', 0, 'c1');
    const audit = auditAcknowledged([recorded], [ack('c1', recorded), { path: '/x', correlationId: 'c2', status: 'connection_lost', body: null, attempts: 1 }]);
    expect(audit).toEqual({ acknowledged: 1, lost: [], duplicated: [], unknown: 1 });
  });

  it('sees an acknowledged command missing from the log, or answered with another command’s event', () => {
    const recorded = event('enterprise-a2', 0, 'c3');
    expect(auditAcknowledged([], [ack('c3', recorded)]).lost).toHaveLength(1);
    expect(auditAcknowledged([recorded], [ack('c4', recorded)]).lost).toHaveLength(1);
  });

  it('sees a command applied twice under one correlation id or one Idempotency-Key', () => {
    const first = event('worker-w1', 0, 'c5');
    const again = event('worker-w1', 1, 'c5', { metadata: { ...first.metadata, causationId: 'another append' } });
    expect(auditAcknowledged([first, again], [ack('c5', first)]).duplicated).toHaveLength(1);

    const keyed = event('worker-w2', 0, 'c6', { metadata: { ...first.metadata, correlationId: 'c6', idempotencyKey: 'k1' } });
    const replayed = event('worker-w2', 1, 'c7', { metadata: { ...first.metadata, correlationId: 'c7', causationId: 'x', idempotencyKey: 'k1' } });
    expect(auditAcknowledged([keyed, replayed], [ack('c6', keyed, 'k1')]).duplicated).toHaveLength(1);
  });
});

describe('auditReservations', () => {
  const registered = (id: string, correlationId: string) => event(`enterprise-${id}`, 0, correlationId, { type: 'EnterpriseRegistered', data: { enterpriseId: id } });
  const reserved = (id: string, correlationId: string, recordedAt = '2026-01-01T00:00:00.000Z') =>
    event(`enterprise_credit_code-X${id}`, 0, correlationId, { type: 'CreditCodeReserved', data: { enterpriseId: id }, recordedAt });

  it('passes a reservation written with its aggregate', () => {
    expect(auditReservations([registered('a', 'c1'), reserved('a', 'c1')])).toEqual([]);
  });

  it('sees a reservation without its aggregate, an aggregate without its reservation, and two halves of different commits', () => {
    expect(auditReservations([reserved('b', 'c2')])).toHaveLength(1);
    expect(auditReservations([registered('c', 'c3')])).toHaveLength(1);
    expect(auditReservations([registered('d', 'c4'), reserved('d', 'c4', '2026-01-01T00:00:01.000Z')])).toHaveLength(2);
  });
});
