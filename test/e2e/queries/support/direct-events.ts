import { randomUUID } from 'node:crypto';
import { chainEvents, type EventStore, type NewEvent } from '#libs/event-store';

/**
 * Appends domain events straight to the event store, in the envelope the command side writes
 * (metadata, hash chain), for facts whose command is not what the test is about.
 */
export async function appendDomainEvents(
  store: EventStore,
  streamId: string,
  events: Array<{ type: string; data: unknown }>,
  actor: { sub: string; role: string },
  occurredAt: string,
): Promise<bigint> {
  let last = null;
  for await (const event of store.readStream(streamId, { direction: 'backwards', maxCount: 1 })) last = event;
  const correlationId = randomUUID();
  const fresh: NewEvent[] = events.map((event) => ({
    id: randomUUID(),
    type: event.type,
    data: event.data,
    metadata: { schemaVersion: 1, occurredAt, actor, correlationId, causationId: null, prevHash: null },
  }));
  const result = await store.append(streamId, chainEvents(last, fresh), last === null ? 'no_stream' : last.revision);
  return result.position;
}
