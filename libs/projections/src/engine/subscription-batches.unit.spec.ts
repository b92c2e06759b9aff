import type { RecordedEvent, Subscription } from '#libs/event-store';
import { rebatched, subscriptionBatches } from './subscription-batches.js';

async function* arrays<T>(...items: T[][]): AsyncGenerator<T[]> {
  for (const item of items) yield item;
}

async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}

const event = (position: number) => ({ position: BigInt(position) }) as RecordedEvent;

describe('rebatched', () => {
  it('joins short arrays and cuts long ones into the size, the rest last', async () => {
    expect(await collect(rebatched(arrays([1, 2], [3, 4, 5, 6, 7, 8, 9], [10]), 3))).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10]]);
  });

  it('passes an array of the size as it is', async () => {
    const page = [1, 2, 3];
    const [first] = await collect(rebatched(arrays(page), 3));
    expect(first).toBe(page);
  });

  it('yields nothing for no arrays or empty ones', async () => {
    expect(await collect(rebatched(arrays<number>([], []), 3))).toEqual([]);
  });
});

describe('subscriptionBatches', () => {
  it("takes the subscription's own batches when it offers them", async () => {
    const own = [[event(1), event(2)]];
    const subscription = { close: async () => undefined, batches: () => arrays(...own), [Symbol.asyncIterator]: () => arrays<RecordedEvent>()[Symbol.asyncIterator]() };
    expect(await collect(subscriptionBatches(subscription as unknown as Subscription, 10, 20))).toEqual(own);
  });

  it('groups the events of any other subscription', async () => {
    async function* events() {
      for (let position = 1; position <= 5; position++) yield event(position);
    }
    const subscription: Subscription = { close: async () => undefined, [Symbol.asyncIterator]: () => events() };
    const batches = await collect(subscriptionBatches(subscription, 2, 1000));
    expect(batches.map((batch) => batch.map((e) => e.position))).toEqual([[1n, 2n], [3n, 4n], [5n]]);
  });
});
