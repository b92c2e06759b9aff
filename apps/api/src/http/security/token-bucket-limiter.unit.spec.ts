import { TokenBucketLimiter } from './token-bucket-limiter.js';

describe('TokenBucketLimiter', () => {
  let now = 0;
  const limiter = (perMinute: number) => new TokenBucketLimiter(perMinute, () => now);
  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows a burst of perMinute, then refuses with the seconds until the next token', () => {
    const l = limiter(3);
    expect([l.take('a'), l.take('a'), l.take('a')]).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(l.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
  });

  it('refills evenly over the minute', () => {
    const l = limiter(60);
    for (let i = 0; i < 60; i += 1) l.take('a');
    expect(l.take('a').allowed).toBe(false);
    now += 1000;
    expect(l.take('a').allowed).toBe(true);
    expect(l.take('a').allowed).toBe(false);
  });

  it('keeps keys apart', () => {
    const l = limiter(1);
    expect(l.take('a').allowed).toBe(true);
    expect(l.take('b').allowed).toBe(true);
    expect(l.take('a').allowed).toBe(false);
  });

  it('forgets only full buckets when many keys are tracked, so pruning never lifts a limit', () => {
    const l = limiter(1);
    for (let i = 0; i < 9_999; i += 1) l.take(`k${i}`);
    now += 60_000;
    l.take('drained');
    l.take('newcomer'); // the 10 001st key: prunes the refilled k* buckets
    expect(l.take('drained').allowed).toBe(false);
  });
});
