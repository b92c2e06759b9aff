import { InvalidAppendError, type AppendRequest, type ExpectedRevision, type NewEvent } from './event-store.port.js';
import { categoryOf, isValidEventType, isValidStreamName } from './stream-name.js';

/** Data and metadata together, serialised, may not exceed 1 MiB: larger payloads belong in a blob store. */
export const MAX_EVENT_BYTES = 1024 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An event checked and serialised once, as the adapters store it. */
export interface SerialisedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

/**
 * Refuses what no adapter may store (with `InvalidAppendError`) and serialises the rest.
 * Messages name the stream, event index and type, never the payload: it may hold personal data.
 */
export const validateAppend = (
  streamId: string,
  events: NewEvent[],
  expected: ExpectedRevision,
): { category: string; events: SerialisedEvent[] } => {
  if (typeof streamId !== 'string' || !isValidStreamName(streamId)) {
    throw new InvalidAppendError(
      'invalid_stream_name',
      `invalid stream name ${JSON.stringify(String(streamId).slice(0, 80))}: expected <category>-<id>, category [a-z][a-z0-9_]*, id [A-Za-z0-9_.:]+ (one "-" only)`,
    );
  }
  if (!isExpectedRevision(expected)) {
    throw new InvalidAppendError('invalid_event', `append to ${streamId}: expected revision must be no_stream, exists, any or an integer >= 0`);
  }
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidAppendError('invalid_event', `append to ${streamId}: at least one event is needed`);
  }
  const seen = new Set<string>();
  const serialised = events.map((event, index) => {
    const where = `append to ${streamId}, event ${index}`;
    if (typeof event.id !== 'string' || !UUID.test(event.id)) {
      throw new InvalidAppendError('invalid_event', `${where}: id must be a UUID`);
    }
    if (seen.has(event.id)) throw new InvalidAppendError('invalid_event', `${where}: id ${event.id} appears twice`);
    seen.add(event.id);
    if (typeof event.type !== 'string' || !isValidEventType(event.type)) {
      throw new InvalidAppendError(
        'invalid_event_type',
        `${where}: invalid event type ${JSON.stringify(String(event.type).slice(0, 80))}: expected PascalCase [A-Z][A-Za-z0-9]*`,
      );
    }
    if (typeof event.metadata !== 'object' || event.metadata === null) {
      throw new InvalidAppendError('invalid_event', `${where} (${event.type}): metadata must be an object`);
    }
    const data = toJson(event.data, where);
    const metadata = toJson(event.metadata, where);
    // Three bytes per UTF-16 unit at most: skip the exact count for the usual small event.
    if ((data.length + metadata.length) * 3 > MAX_EVENT_BYTES) {
      const bytes = Buffer.byteLength(data) + Buffer.byteLength(metadata);
      if (bytes > MAX_EVENT_BYTES) {
        throw new InvalidAppendError('event_too_large', `${where} (${event.type}): ${bytes} bytes, more than the ${MAX_EVENT_BYTES} allowed`);
      }
    }
    return { id: event.id, type: event.type, data, metadata };
  });
  return { category: categoryOf(streamId), events: serialised };
};

const toJson = (value: unknown, where: string): string => {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) throw new InvalidAppendError('invalid_event', `${where}: data and metadata must be JSON-serialisable`);
  return text;
};

const isExpectedRevision = (expected: unknown): boolean =>
  expected === 'no_stream' || expected === 'exists' || expected === 'any' || (Number.isSafeInteger(expected) && (expected as number) >= 0);

/** Validates each request of a multi-stream append; one stream may appear once only. */
export const validateMultiAppend = (requests: AppendRequest[]): Array<{ request: AppendRequest; validated: ReturnType<typeof validateAppend> }> => {
  if (!Array.isArray(requests) || requests.length === 0) {
    throw new InvalidAppendError('invalid_event', 'a multi-stream append needs at least one stream');
  }
  const streams = new Set<string>();
  return requests.map((request) => {
    if (streams.has(request.streamId)) {
      throw new InvalidAppendError('invalid_event', `a multi-stream append names stream ${request.streamId} twice`);
    }
    streams.add(request.streamId);
    return { request, validated: validateAppend(request.streamId, request.events, request.expected) };
  });
};
