import { createHash } from 'node:crypto';
import type { NewEvent, RecordedEvent } from './event-store.port.js';

/**
 * JSON with object keys sorted and no whitespace. It follows `JSON.stringify` in everything else
 * (`toJSON`, `undefined` properties dropped, bigint refused), so a value hashes the same before it is
 * stored and after it is read back.
 */
export const canonicalJson = (value: unknown): string => {
  const text = serialise(value);
  if (text === undefined) throw new TypeError('canonicalJson: value is not JSON-serialisable');
  return text;
};

// Built by concatenation rather than arrays joined: it runs twice per command (the event read last and the new one).
const serialise = (input: unknown): string | undefined => {
  const value = hasToJson(input) ? input.toJSON() : input;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ',';
      text += serialise(value[index]) ?? 'null';
    }
    return `${text}]`;
  }
  let text = '{';
  for (const key of Object.keys(value).sort()) {
    const member = serialise((value as Record<string, unknown>)[key]);
    if (member === undefined) continue;
    if (text.length > 1) text += ',';
    text += `${JSON.stringify(key)}:${member}`;
  }
  return `${text}}`;
};

const hasToJson = (value: unknown): value is { toJSON(): unknown } =>
  typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';

/** SHA-256 (hex) of the canonical JSON of `{ id, type, data, metadata }`: what the next event's `prevHash` holds. */
export const eventHash = (event: NewEvent | RecordedEvent): string =>
  createHash('sha256')
    .update(canonicalJson({ id: event.id, type: event.type, data: event.data, metadata: event.metadata }))
    .digest('hex');

/**
 * Fills `metadata.prevHash` of each event: the hash of `previous` (the stream's last event, or null for a
 * new stream) for the first, then of each event for the next. Returns new objects.
 */
export const chainEvents = (previous: NewEvent | RecordedEvent | null, events: NewEvent[]): NewEvent[] => {
  let prevHash = previous === null ? null : eventHash(previous);
  return events.map((event) => {
    const chained: NewEvent = { ...event, metadata: { ...event.metadata, prevHash } };
    prevHash = eventHash(chained);
    return chained;
  });
};

/**
 * Checks the links of a stream's events, given in revision order (all of it, or a tail of it: the first
 * event's own link is then taken on trust). `firstBrokenRevision` is the first event whose `prevHash`
 * does not match its predecessor: that event or the one before it was altered (or one was removed).
 * The last event's own content is covered by nothing after it; anchor its hash elsewhere to cover it.
 */
export const verifyChain = (events: RecordedEvent[]): { verified: boolean; firstBrokenRevision?: number } => {
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const expected = i === 0 ? (event.revision === 0 ? null : event.metadata.prevHash) : eventHash(events[i - 1]);
    const linked = i === 0 || event.revision === events[i - 1].revision + 1;
    if (!linked || event.metadata.prevHash !== expected) return { verified: false, firstBrokenRevision: event.revision };
  }
  return { verified: true };
};
