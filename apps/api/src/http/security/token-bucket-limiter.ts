/** Past this many tracked keys, buckets that have refilled completely are forgotten (they equal a new one). */
const PRUNE_ABOVE = 10_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A limiter in the process (`TokenBucketLimiter`) or shared by every process (`RedisTokenBucketLimiter`). */
export interface RateLimiter {
  take(key: string): Admission | Promise<Admission>;
  /** Where the buckets are kept and whether that store answers now (/health, `rate_limit_store_up`). */
  state(): { store: 'memory' | 'redis'; up: boolean };
  /** Resolves once the store is connected (or has had its chance to). */
  ready?(): Promise<void>;
  close?(): Promise<void>;
}

/**
 * In-memory token buckets, one per key: `perMinute` requests in a burst, refilled evenly over a minute.
 * Per process: with several api replicas, set RATE_LIMIT_REDIS_URL to share one bucket per key (`RedisTokenBucketLimiter`).
 */
export class TokenBucketLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.refillPerMs = perMinute / 60_000;
  }

  state(): { store: 'memory'; up: true } {
    return { store: 'memory', up: true };
  }

  take(key: string): Admission {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updatedAt: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= PRUNE_ABOVE) this.prune(now);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000)) };
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs >= this.perMinute) this.buckets.delete(key);
    }
  }
}
