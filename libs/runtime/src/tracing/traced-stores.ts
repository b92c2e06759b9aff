import { WrongExpectedRevisionError, type AppendRequest, type EventStore, type NewEvent, type RecordedEvent } from '#libs/event-store';
import { aroundMethods } from '../shared/around-methods.js';
import type { Tracing } from './tracing.js';

/**
 * The event store with each append in a span (`event_store.append`), a child of the command's: the
 * store's kind, how many streams and events, their types, and whether it was appended or lost the race
 * (`conflict`). Never a stream id (a reservation's names a keyed hash of an ID number), never an event's data.
 */
export function traceEventStore(store: EventStore, tracing: Tracing, kind: string): EventStore {
  return aroundMethods(store, ['append', 'appendMulti'], (method, args, call) => {
    const requests: Pick<AppendRequest, 'events'>[] = method === 'append' ? [{ events: args[1] as NewEvent[] }] : (args[0] as AppendRequest[]);
    const events = requests.flatMap((request) => request.events);
    const attributes = {
      'event_store.kind': kind,
      'event_store.streams': requests.length,
      'event_store.events': events.length,
      'event_store.event_types': [...new Set(events.map((event) => event.type))].sort().join(','),
    };
    return tracing.inSpan('event_store.append', attributes, async (span) => {
      try {
        const result = await call();
        span.set({ 'event_store.outcome': 'appended' });
        return result;
      } catch (error) {
        span.set({ 'event_store.outcome': error instanceof WrongExpectedRevisionError ? 'conflict' : 'failed' });
        throw error;
      }
    });
  });
}

/**
 * The projector's batches, each in a span (`projection.apply`): the projection's key (`workers_v1`),
 * the events of the batch, its first and last positions, and the documents written. Never a document.
 */
export function traceProjectionBatches(tracing: Tracing) {
  return (projection: string, events: readonly RecordedEvent[], apply: () => Promise<number>): Promise<number> =>
    tracing.inSpan(
      'projection.apply',
      {
        projection,
        'projection.events': events.length,
        'projection.first_position': String(events[0]?.position ?? ''),
        'projection.last_position': String(events[events.length - 1]?.position ?? ''),
      },
      async (span) => {
        const written = await apply();
        span.set({ 'projection.documents_written': written });
        return written;
      },
    );
}
