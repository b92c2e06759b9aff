/**
 * A minimal projection, the shape domain read models follow: workers by id (patched, no read) and
 * a count per county (read-modify-write, so it declares the documents it reads).
 */
import type { NewEvent, RecordedEvent } from '#libs/event-store';
import type { Projection, ProjectionOp } from '../projection.js';

type WorkerEvent =
  | RecordedEvent<'WorkerEnrolled', { workerId: string; county: string }>
  | RecordedEvent<'WorkerMoved', { workerId: string; from: string; to: string }>
  | RecordedEvent<'WorkerLeft', { workerId: string; county: string }>;

interface CountyCount {
  county: string;
  workers: number;
}

const countyDelta = (documents: Parameters<Projection['apply']>[1], county: string, delta: number): ProjectionOp => {
  const current = documents.get<CountyCount>('county_counts', county);
  return { type: 'upsert', collection: 'county_counts', id: county, doc: { county, workers: (current?.workers ?? 0) + delta } };
};

/** Version 2 also keeps the county a worker left from, to show a version building beside another. */
export function exampleWorkersProjection(version = 1): Projection<WorkerEvent> {
  return {
    name: 'example_workers',
    version,
    collections: ['workers', 'county_counts'],
    indexes: { workers: [['county']] },
    eventTypes: ['WorkerEnrolled', 'WorkerMoved', 'WorkerLeft'],
    reads: (event) => {
      const counties = event.type === 'WorkerMoved' ? [event.data.from, event.data.to] : [event.data.county];
      return counties.map((county) => ({ collection: 'county_counts', id: county }));
    },
    apply: (event, documents) => {
      switch (event.type) {
        case 'WorkerEnrolled':
          return [
            { type: 'upsert', collection: 'workers', id: event.data.workerId, doc: { county: event.data.county, active: true } },
            countyDelta(documents, event.data.county, 1),
          ];
        case 'WorkerMoved':
          return [
            { type: 'patch', collection: 'workers', id: event.data.workerId, set: { county: event.data.to, ...(version >= 2 ? { previousCounty: event.data.from } : {}) } },
            countyDelta(documents, event.data.from, -1),
            countyDelta(documents, event.data.to, 1),
          ];
        case 'WorkerLeft':
          return [{ type: 'delete', collection: 'workers', id: event.data.workerId }, countyDelta(documents, event.data.county, -1)];
      }
    },
  };
}

const COUNTIES = ['430902', '430903', '430921', '430922', '430923'];

export function workerEvent(type: WorkerEvent['type'], data: WorkerEvent['data'], id: string): NewEvent {
  return {
    id,
    type,
    data,
    metadata: {
      schemaVersion: 1,
      occurredAt: '2026-03-01',
      actor: { sub: 'test', role: 'city_admin' },
      correlationId: id,
      causationId: null,
      prevHash: null,
    },
  };
}

/** A deterministic history: enrolments, moves between counties, some leaving. */
export function workerHistory(count: number): { streamId: string; event: NewEvent }[] {
  const history: { streamId: string; event: NewEvent }[] = [];
  const county = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const workerId = `w${i % Math.max(1, Math.floor(count / 4))}`;
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const current = county.get(workerId);
    let event: NewEvent;
    if (current === undefined) {
      const to = COUNTIES[i % COUNTIES.length]!;
      county.set(workerId, to);
      event = workerEvent('WorkerEnrolled', { workerId, county: to }, id);
    } else if (i % 7 === 0) {
      county.delete(workerId);
      event = workerEvent('WorkerLeft', { workerId, county: current }, id);
    } else {
      const to = COUNTIES[(COUNTIES.indexOf(current) + 1 + (i % 3)) % COUNTIES.length]!;
      county.set(workerId, to);
      event = workerEvent('WorkerMoved', { workerId, from: current, to }, id);
    }
    history.push({ streamId: `worker-${workerId}`, event });
  }
  return history;
}
