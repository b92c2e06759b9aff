import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent, RecordedEvent } from '../event-store.port.js';

/** A valid event with a fresh id; `data` defaults to a small object. */
export const testEvent = (type = 'ThingHappened', data: unknown = { n: 1 }): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    schemaVersion: 1,
    occurredAt: '2025-03-01',
    actor: { sub: 'tester', role: 'city_admin' },
    correlationId: randomUUID(),
    causationId: null,
    prevHash: null,
  },
});

/** A category no other test (nor an earlier run against the same server) uses. */
export const uniqueCategory = (): string => `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;

export const collect = async (events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> => {
  const collected: RecordedEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
};

/** The error a promise rejects with; fails the test if it resolves. */
export const rejectionOf = async (promise: Promise<unknown>): Promise<Error & Record<string, unknown>> => {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, but the promise resolved');
};

/** Appends one event at a time (awaiting each), as separate commits. */
export const appendOneByOne = async (store: EventStore, streamIds: string[], type = 'ThingHappened'): Promise<NewEvent[]> => {
  const appended: NewEvent[] = [];
  for (const [index, streamId] of streamIds.entries()) {
    const event = testEvent(type, { index });
    await store.append(streamId, [event], 'any');
    appended.push(event);
  }
  return appended;
};
