/**
 * Groups a stream of events into batches: up to `size` events, and no longer than `maxWaitMs`
 * after the first one arrives, so catch-up runs in full batches and live events are not held back.
 */
const TIMED_OUT = Symbol('timed out');

export async function* eventBatches<T>(source: AsyncIterable<T>, size: number, maxWaitMs: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  // A next() still waiting when a batch closed belongs to the following batch.
  let waiting: Promise<IteratorResult<T>> | null = null;
  try {
    for (;;) {
      const first = await (waiting ?? iterator.next());
      waiting = null;
      if (first.done) return;
      const batch = [first.value];
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(resolve, maxWaitMs, TIMED_OUT);
      });
      try {
        while (batch.length < size) {
          waiting = iterator.next();
          const next = await Promise.race([waiting, deadline]);
          if (next === TIMED_OUT) break;
          waiting = null;
          if (next.done) {
            yield batch;
            return;
          }
          batch.push(next.value);
        }
      } finally {
        clearTimeout(timer);
      }
      yield batch;
    }
  } finally {
    // With a next() still pending, return() would queue behind it until the source is closed,
    // and closing it is our caller's next step: do not wait for it then.
    if (waiting) void iterator.return?.()?.catch(() => undefined);
    else await iterator.return?.();
  }
}

/**
 * Merges and splits the first batches so that one ends exactly at `through`: a batch begun and not
 * finished is replayed as it was first written (docs/decisions/0008-increments-without-transactions.md).
 * After it, or with `through` null, batches pass as they come.
 */
export async function* replayingFirst<T extends { position: bigint }>(batches: AsyncIterable<T[]>, through: bigint | null): AsyncGenerator<T[]> {
  let pending: T[] = [];
  for await (const batch of batches) {
    if (through === null) {
      yield batch;
      continue;
    }
    pending.push(...batch);
    if (pending.at(-1)!.position < through) continue;
    const end = through;
    const replayed = pending.filter((event) => event.position <= end);
    const rest = pending.filter((event) => event.position > end);
    pending = [];
    through = null;
    yield replayed;
    if (rest.length > 0) yield rest;
  }
}
