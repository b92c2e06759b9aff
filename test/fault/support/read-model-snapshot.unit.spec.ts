import { diffSnapshots, type ReadModelSnapshot } from './read-model-snapshot.js';

const snapshot = (doc: object, checkpoint = '7'): ReadModelSnapshot => ({
  collections: { workers_v1_workers: { w1: { id: 'w1', _position: '7', ...doc } } },
  checkpoints: { workers_v1: checkpoint },
});

describe('diffSnapshots', () => {
  it('finds nothing between equal snapshots', () => {
    expect(diffSnapshots(snapshot({ exams: [1] }), snapshot({ exams: [1] }))).toEqual([]);
  });

  it('names a differing field, a missing or extra document and a checkpoint, without the values', () => {
    expect(diffSnapshots(snapshot({ exams: [1, 1] }), snapshot({ exams: [1] }))).toEqual(['workers_v1_workers/w1: differs in exams']);
    expect(diffSnapshots({ collections: {}, checkpoints: { workers_v1: '7' } }, snapshot({}))).toEqual(['workers_v1_workers/w1: missing']);
    expect(diffSnapshots(snapshot({}), { collections: {}, checkpoints: { workers_v1: '7' } })).toEqual(['workers_v1_workers/w1: not in the rebuild']);
    expect(diffSnapshots(snapshot({}, '6'), snapshot({}))).toEqual(['checkpoint workers_v1: 6 instead of 7']);
  });
});
