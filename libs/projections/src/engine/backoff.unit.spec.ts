import { backoffDelay, MAX_BACKOFF_MS } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from the first delay', () => {
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt))).toEqual([100, 200, 400, 800]);
  });

  it('never waits longer than 2 s by default, however many attempts failed', () => {
    expect(MAX_BACKOFF_MS).toBe(2000);
    expect([4, 5, 10, 100, 10_000].map((attempt) => backoffDelay(attempt))).toEqual([1600, 2000, 2000, 2000, 2000]);
  });

  it('takes its own first delay and ceiling', () => {
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, { initialMs: 10, maxMs: 25 }))).toEqual([10, 20, 25, 25]);
  });
});
