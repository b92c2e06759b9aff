import { eventBatches, replayingFirst } from './event-batches.js';

async function* paced(items: number[], gapAfter: number, gapMs: number): AsyncGenerator<number> {
  for (const item of items) {
    yield item;
    if (item === gapAfter) await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
}

async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}

describe('eventBatches', () => {
  it('fills batches up to the size when events are ready', async () => {
    expect(await collect(eventBatches(paced([1, 2, 3, 4, 5, 6, 7], -1, 0), 3, 1000))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('closes a partial batch when the next event is later than the wait, and keeps that event for the next', async () => {
    expect(await collect(eventBatches(paced([1, 2, 3, 4], 2, 100), 10, 20))).toEqual([[1, 2], [3, 4]]);
  });

  it('yields nothing for an empty source', async () => {
    expect(await collect(eventBatches(paced([], -1, 0), 10, 20))).toEqual([]);
  });
});

describe('replayingFirst', () => {
  const at = (...positions: number[]) => positions.map((p) => ({ position: BigInt(p) }));
  async function* batches(...all: { position: bigint }[][]) {
    yield* all;
  }

  it('merges and splits the first batches so that one ends at the unfinished batch, then passes the rest as they come', async () => {
    expect(await collect(replayingFirst(batches(at(4, 5), at(6, 7, 8), at(9), at(10, 11)), 7n))).toEqual([at(4, 5, 6, 7), at(8), at(9), at(10, 11)]);
    expect(await collect(replayingFirst(batches(at(4, 5, 6), at(7)), 6n))).toEqual([at(4, 5, 6), at(7)]);
  });

  it('passes batches as they come when nothing is unfinished', async () => {
    expect(await collect(replayingFirst(batches(at(1), at(2, 3)), null))).toEqual([at(1), at(2, 3)]);
  });
});
