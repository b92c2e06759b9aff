import { BatchDocuments } from './batch-documents.js';

describe('BatchDocuments', () => {
  it('merges the ops of a batch into one write per document, at the last position that changed it', () => {
    const batch = new BatchDocuments();
    batch.record(1n, 'c', { type: 'patch', collection: 'x', id: 'a', set: { x: 1, y: 1 } });
    batch.record(2n, 'c', { type: 'patch', collection: 'x', id: 'a', set: { z: 1 }, unset: ['y'] });
    batch.record(3n, 'c', { type: 'patch', collection: 'x', id: 'a', set: { y: 3 } });
    batch.record(4n, 'c', { type: 'upsert', collection: 'x', id: 'b', doc: { n: 1 } });
    batch.record(5n, 'c', { type: 'patch', collection: 'x', id: 'b', set: { m: 2 }, unset: ['n'] });
    batch.record(6n, 'c', { type: 'delete', collection: 'x', id: 'd' });
    batch.record(7n, 'c', { type: 'patch', collection: 'x', id: 'd', set: { back: true } });
    expect(batch.writes()).toEqual([
      { type: 'patch', collection: 'c', id: 'a', position: 3n, set: { x: 1, z: 1, y: 3 }, unset: [] },
      { type: 'upsert', collection: 'c', id: 'b', position: 5n, doc: { m: 2 } },
      { type: 'upsert', collection: 'c', id: 'd', position: 7n, doc: { back: true } },
    ]);
  });

  it('lets later events read what earlier events of the batch did', () => {
    const batch = new BatchDocuments();
    batch.load('c', ['a', 'b'], [{ id: 'a', n: 1, _position: 1n }]);
    expect(batch.current('c', 'b')).toBeNull();
    batch.record(2n, 'c', { type: 'upsert', collection: 'x', id: 'a', doc: { n: 2 } });
    batch.record(3n, 'c', { type: 'patch', collection: 'x', id: 'b', set: { m: 1 } });
    expect(batch.current('c', 'a')).toEqual({ n: 2 });
    expect(batch.current('c', 'b')).toEqual({ m: 1 });
    expect(() => batch.current('c', 'unknown')).toThrow(/declare it in the projection's reads/);
  });

  it('writes a loaded document whole, patched or deleted, so that the store need not read it back', () => {
    const batch = new BatchDocuments();
    batch.load('c', ['a', 'b', 'n'], [{ id: 'a', n: 1, keep: true, _position: 1n }, { id: 'b', n: 1, _position: 1n }]);
    batch.record(2n, 'c', { type: 'patch', collection: 'x', id: 'a', set: { n: 2 } });
    batch.record(3n, 'c', { type: 'delete', collection: 'x', id: 'b' });
    batch.record(4n, 'c', { type: 'patch', collection: 'x', id: 'n', set: { m: 1 }, unset: ['gone'] });
    expect(batch.writes()).toEqual([
      { type: 'upsert', collection: 'c', id: 'a', position: 2n, doc: { n: 2, keep: true } },
      { type: 'delete', collection: 'c', id: 'b', position: 3n },
      { type: 'upsert', collection: 'c', id: 'n', position: 4n, doc: { m: 1 } },
    ]);
  });

  it('ignores events a loaded document already has (a replay after a crash)', () => {
    const batch = new BatchDocuments();
    batch.load('c', ['a'], [{ id: 'a', n: 5, _position: 10n }]);
    batch.record(9n, 'c', { type: 'upsert', collection: 'x', id: 'a', doc: { n: 6 } });
    batch.record(10n, 'c', { type: 'upsert', collection: 'x', id: 'a', doc: { n: 6 } });
    expect(batch.current('c', 'a')).toEqual({ n: 5 });
    expect(batch.writes()).toEqual([]);
    batch.record(11n, 'c', { type: 'upsert', collection: 'x', id: 'a', doc: { n: 6 } });
    expect(batch.writes()).toEqual([{ type: 'upsert', collection: 'c', id: 'a', position: 11n, doc: { n: 6 } }]);
  });

  it('sums the increments of a batch, keeping counters that come to 0, and refuses mixing them with other writes', () => {
    const batch = new BatchDocuments();
    batch.record(1n, 'c', { type: 'increment', collection: 'x', id: 'a', inc: { n: 1, 'd.m': 2 }, set: { group: 'g' } });
    batch.record(2n, 'c', { type: 'increment', collection: 'x', id: 'a', inc: { n: -1, 'd.k': 1 } });
    expect(batch.writes()).toEqual([{ type: 'increment', collection: 'c', id: 'a', position: 2n, inc: { n: 0, 'd.m': 2, 'd.k': 1 }, set: { group: 'g' } }]);
    expect(() => batch.record(3n, 'c', { type: 'patch', collection: 'x', id: 'a', set: { n: 1 } })).toThrow(/either increments or other writes/);
    batch.record(3n, 'c', { type: 'upsert', collection: 'x', id: 'b', doc: {} });
    expect(() => batch.record(4n, 'c', { type: 'increment', collection: 'x', id: 'b', inc: { n: 1 } })).toThrow(/either increments or other writes/);
  });

  it('tells whether a loaded document already has an event, and what is loaded so far', () => {
    const batch = new BatchDocuments();
    batch.load('c', ['a', 'b'], [{ id: 'a', n: 1, _position: 10n }]);
    expect([batch.hasEvent('c', 'a', 10n), batch.hasEvent('c', 'a', 11n), batch.hasEvent('c', 'b', 1n)]).toEqual([true, false, false]);
    expect([batch.lookup('c', 'a'), batch.lookup('c', 'b'), batch.lookup('c', 'z')]).toEqual([{ n: 1 }, null, undefined]);
    // Loading again keeps what the batch did.
    batch.record(11n, 'c', { type: 'patch', collection: 'x', id: 'a', set: { n: 2 } });
    batch.load('c', ['a'], [{ id: 'a', n: 1, _position: 10n }]);
    expect(batch.current('c', 'a')).toEqual({ n: 2 });
    batch.record(12n, 'c', { type: 'patch', collection: 'x', id: 'w', set: { n: 1 } });
    expect(() => batch.load('c', ['w'], [])).toThrow(/written before it was read/);
  });
});
