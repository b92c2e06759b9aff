import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from './event-store.port.js';
import { canonicalJson, chainEvents, eventHash, verifyChain } from './hash-chain.js';
import { testEvent } from './testing/test-event.js';

const recorded = (count: number): RecordedEvent[] =>
  chainEvents(
    null,
    Array.from({ length: count }, (_, index) => testEvent('ThingHappened', { index })),
  ).map((event, revision) => ({ ...event, streamId: 'worker-1', revision, position: BigInt(revision + 1), recordedAt: '2025-01-01T00:00:00.000Z' }));

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: 'x y' } })).toBe('{"a":{"c":"x y","d":[3,{"e":2,"f":1}]},"b":1}');
  });

  it('follows JSON.stringify for undefined, dates and non-ASCII text', () => {
    expect(canonicalJson({ a: undefined, b: [undefined], d: new Date('2025-01-02T03:04:05.000Z'), z: '益阳' })).toBe(
      '{"b":[null],"d":"2025-01-02T03:04:05.000Z","z":"益阳"}',
    );
  });

  it('refuses a bigint instead of writing it raw', () => {
    expect(() => canonicalJson({ position: 1n })).toThrow(TypeError);
  });
});

describe('eventHash', () => {
  it('is the SHA-256 hex of the canonical envelope, whatever the key order', () => {
    const event = testEvent('ThingHappened', { a: 1, b: 2 });
    const reordered = { ...event, data: { b: 2, a: 1 } };
    expect(eventHash(event)).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash(reordered)).toBe(eventHash(event));
    expect(eventHash({ ...event, data: { a: 1, b: 3 } })).not.toBe(eventHash(event));
  });

  it('ignores what the store adds, so a recorded event hashes like the event appended', () => {
    const [event] = recorded(1);
    const { streamId: _s, revision: _r, position: _p, recordedAt: _t, ...appended } = event;
    expect(eventHash(event)).toBe(eventHash(appended));
  });
});

describe('chainEvents', () => {
  it('links the first event to the previous one (or null) and each next one to the one before', () => {
    const [a, b] = chainEvents(null, [testEvent(), testEvent()]);
    expect(a.metadata.prevHash).toBeNull();
    expect(b.metadata.prevHash).toBe(eventHash(a));
    const [c] = chainEvents(b, [testEvent()]);
    expect(c.metadata.prevHash).toBe(eventHash(b));
  });
});

describe('verifyChain', () => {
  it('accepts an intact stream, and a tail of it', () => {
    const events = recorded(5);
    expect(verifyChain(events)).toEqual({ verified: true });
    expect(verifyChain(events.slice(2))).toEqual({ verified: true });
    expect(verifyChain([])).toEqual({ verified: true });
  });

  it('finds an altered event at the link after it', () => {
    const events = recorded(5);
    events[2] = { ...events[2], data: { index: 99 } };
    expect(verifyChain(events)).toEqual({ verified: false, firstBrokenRevision: 3 });
  });

  it('finds a removed event and a first event that claims a predecessor', () => {
    const events = recorded(5);
    expect(verifyChain([...events.slice(0, 2), ...events.slice(3)])).toEqual({ verified: false, firstBrokenRevision: 3 });
    const first = { ...events[0], metadata: { ...events[0].metadata, prevHash: 'f'.repeat(64) } };
    expect(verifyChain([first])).toEqual({ verified: false, firstBrokenRevision: 0 });
  });
});
