/**
 * A projection that keeps counters by increments, the shape the compliance aggregate follows: a
 * worker document holds what the worker adds to the counters of its county, and each change writes
 * the difference into `county_badges` without reading it. A revocation names only its badge, so the
 * worker is found through the badge's document.
 */
import type { NewEvent, RecordedEvent } from '#libs/event-store';
import type { Projection, ProjectionDocuments, ProjectionOp } from '../projection.js';

type BadgeEvent =
  | RecordedEvent<'WorkerEnrolled', { workerId: string; county: string }>
  | RecordedEvent<'WorkerMoved', { workerId: string; to: string }>
  | RecordedEvent<'BadgeIssued', { badgeId: string; workerId: string }>
  | RecordedEvent<'BadgeRevoked', { badgeId: string }>;

interface BadgeWorker {
  county: string | null;
  badges: string[];
}

/** What one worker adds to the counters: its county's workers and badges, and the workers holding as many badges. */
const counts = (worker: BadgeWorker, sign: 1 | -1): ProjectionOp[] =>
  worker.county === null
    ? []
    : [
        { type: 'increment', collection: 'county_badges', id: worker.county, inc: { workers: sign, 'badges.held': sign * worker.badges.length }, set: { county: worker.county } },
        { type: 'increment', collection: 'badge_holders', id: String(worker.badges.length), inc: { workers: sign } },
      ];

/** The worker's new state and the counters' difference, unless the stored worker has the event already (a replay). */
function changeWorker(documents: ProjectionDocuments, workerId: string, change: (worker: BadgeWorker) => BadgeWorker): ProjectionOp[] {
  if (documents.hasEvent('workers', workerId)) return [];
  const before = documents.get<BadgeWorker>('workers', workerId) ?? { county: null, badges: [] };
  const after = change({ county: before.county, badges: before.badges });
  return [
    { type: 'upsert', collection: 'workers', id: workerId, doc: after },
    ...counts(before, -1),
    ...counts(after, 1),
  ];
}

export const exampleBadgesProjection: Projection<BadgeEvent> = {
  name: 'example_badges',
  version: 1,
  collections: ['workers', 'badges', 'county_badges', 'badge_holders'],
  eventTypes: ['WorkerEnrolled', 'WorkerMoved', 'BadgeIssued', 'BadgeRevoked'],
  reads: (event, loaded) => {
    if (event.type !== 'BadgeRevoked') return [{ collection: 'workers', id: event.data.workerId }, ...(event.type === 'BadgeIssued' ? [{ collection: 'badges', id: event.data.badgeId }] : [])];
    const badge = loaded.get<{ workerId: string }>('badges', event.data.badgeId);
    return [{ collection: 'badges', id: event.data.badgeId }, ...(badge ? [{ collection: 'workers', id: badge.workerId }] : [])];
  },
  apply: (event, documents) => {
    switch (event.type) {
      case 'WorkerEnrolled':
      case 'WorkerMoved': {
        const county = event.type === 'WorkerEnrolled' ? event.data.county : event.data.to;
        return changeWorker(documents, event.data.workerId, (worker) => ({ ...worker, county }));
      }
      case 'BadgeIssued': {
        const { badgeId, workerId } = event.data;
        return [
          { type: 'upsert', collection: 'badges', id: badgeId, doc: { workerId } },
          ...changeWorker(documents, workerId, (worker) => ({ ...worker, badges: [...worker.badges, badgeId] })),
        ];
      }
      case 'BadgeRevoked': {
        const badge = documents.get<{ workerId: string }>('badges', event.data.badgeId);
        if (!badge) return [];
        return changeWorker(documents, badge.workerId, (worker) => ({ ...worker, badges: worker.badges.filter((id) => id !== event.data.badgeId) }));
      }
    }
  },
};

const COUNTIES = ['430902', '430903', '430921'];

function badgeEvent(type: BadgeEvent['type'], data: BadgeEvent['data'], i: number): NewEvent {
  const id = `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`;
  return { id, type, data, metadata: { schemaVersion: 1, occurredAt: '2026-03-01', actor: { sub: 'test', role: 'city_admin' }, correlationId: id, causationId: null, prevHash: null } };
}

/** A deterministic history: enrolments, moves, badges issued and revoked (some in the next few events). */
export function badgeHistory(count: number): { streamId: string; event: NewEvent }[] {
  const history: { streamId: string; event: NewEvent }[] = [];
  const workers: string[] = [];
  const held: string[] = [];
  for (let i = 0; i < count; i++) {
    const step = i % 5;
    if (workers.length < 3 || step === 0) {
      const workerId = `w${workers.length}`;
      workers.push(workerId);
      history.push({ streamId: `worker-${workerId}`, event: badgeEvent('WorkerEnrolled', { workerId, county: COUNTIES[i % COUNTIES.length]! }, i) });
    } else if (step === 1) {
      const workerId = workers[(i * 7) % workers.length]!;
      history.push({ streamId: `worker-${workerId}`, event: badgeEvent('WorkerMoved', { workerId, to: COUNTIES[(i >> 1) % COUNTIES.length]! }, i) });
    } else if (step === 4 && held.length > 0) {
      const badgeId = held.splice((i * 3) % held.length, 1)[0]!;
      history.push({ streamId: `badge-${badgeId}`, event: badgeEvent('BadgeRevoked', { badgeId }, i) });
    } else {
      const badgeId = `b${i}`;
      held.push(badgeId);
      // w0 collects many: more than anyone else holds.
      const workerId = i % 3 === 0 ? 'w0' : workers[(i * 5) % workers.length]!;
      history.push({ streamId: `badge-${badgeId}`, event: badgeEvent('BadgeIssued', { badgeId, workerId }, i) });
    }
  }
  return history;
}

/** What the history should produce, computed without the engine: workers and badges held per county (the holders follow). */
export function expectedBadgeCounts(count: number): Map<string, { workers: number; badges: number }> {
  const county = new Map<string, string>();
  const owner = new Map<string, string>();
  for (const { event } of badgeHistory(count)) {
    const data = event.data as { workerId?: string; county?: string; to?: string; badgeId?: string };
    if (event.type === 'WorkerEnrolled' || event.type === 'WorkerMoved') county.set(data.workerId!, (data.county ?? data.to)!);
    else if (event.type === 'BadgeIssued') owner.set(data.badgeId!, data.workerId!);
    else owner.delete(data.badgeId!);
  }
  const result = new Map<string, { workers: number; badges: number }>();
  const at = (c: string) => result.get(c) ?? result.set(c, { workers: 0, badges: 0 }).get(c)!;
  for (const c of county.values()) at(c).workers++;
  for (const workerId of owner.values()) at(county.get(workerId)!).badges++;
  return result;
}
