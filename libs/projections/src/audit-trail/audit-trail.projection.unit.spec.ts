import { givenEvents, recorded } from '../read-models/testing/given-events.js';
import { auditTrailProjection } from './audit-trail.projection.js';

describe('audit trail projection', () => {
  it('given events of several streams, then one entry each with stream, type, actor and both times, and no data', () => {
    const first = recorded('enterprise-e1', 'EnterpriseRegistered', { enterpriseId: 'e1', name: 'secret name' }, { actor: { sub: 'admin', role: 'city_admin' } });
    const second = recorded('worker-w1', 'PostEnded', { personId: 'w1', postId: 'p1', endsOn: '2021-01-01' }, { actor: { sub: 'ea', role: 'enterprise_admin' }, recordedAt: '2021-02-01T00:00:00.000Z' });
    const entries = givenEvents(auditTrailProjection, [first, second, recorded('x-1', 'SomethingElse', {})]).get('entries')!;
    expect(entries.size).toBe(2);
    expect(entries.get(second.id)).toEqual({
      eventId: second.id, position: Number(second.position), streamId: 'worker-w1', revision: 0, type: 'PostEnded', actorSub: 'ea', actorRole: 'enterprise_admin',
      occurredAt: '2021-01-01', recordedAt: '2021-02-01T00:00:00.000Z', correlationId: 'c', causationId: null,
    });
    expect(JSON.stringify([...entries.values()])).not.toContain('secret name');
  });
});
