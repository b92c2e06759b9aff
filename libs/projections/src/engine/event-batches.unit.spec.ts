import { eventBatches } from './event-batches.js';

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
