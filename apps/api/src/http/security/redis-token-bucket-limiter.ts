import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Admission, RateLimiter } from './token-bucket-limiter.js';

/**
 * The same token bucket as `TokenBucketLimiter`, kept in Redis so that every api process counts against
 * one bucket per key: one Lua script reads, refills (by the Redis server's clock, the same for every
 * process), takes a token and writes back atomically. Buckets expire once they would be full again.
 */
const TAKE = `
local capacity = tonumber(ARGV[1])
local refillPerMs = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updatedAt')
local tokens = tonumber(state[1]) or capacity
local updatedAt = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - updatedAt) * refillPerMs)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updatedAt', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / refillPerMs) + 1000)
return { allowed, tostring(tokens) }
`;

export class RedisTokenBucketLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly refillPerMs: number;
  private readonly logger = new Logger('rate-limit');
  private lastWarning = 0;

  constructor(
    url: string,
    private readonly perMinute: number,
    private readonly prefix = 'safety-skills:rate-limit:',
  ) {
    this.refillPerMs = perMinute / 60_000;
    // A request waits at most half a second on Redis; while it is unreachable, commands fail after one retry.
    this.redis = new Redis(url, { connectTimeout: 1000, maxRetriesPerRequest: 1, commandTimeout: 500 });
    this.redis.on('error', () => this.warn());
    this.redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TAKE });
  }

  async take(key: string): Promise<Admission> {
    try {
      const [allowed, tokens] = (await (this.redis as unknown as { takeToken(key: string, capacity: number, refill: number): Promise<[number, string]> }).takeToken(
        `${this.prefix}${key}`,
        this.perMinute,
        this.refillPerMs,
      ));
      if (allowed === 1) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - Number(tokens)) / this.refillPerMs / 1000)) };
    } catch {
      // The limit is a ceiling against abuse: without Redis the api keeps answering, and says so.
      this.warn();
      return { allowed: true };
    }
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    const ended = new Promise<void>((resolve) => this.redis.once('end', () => resolve()));
    await this.redis.quit().catch(() => this.redis.disconnect());
    await ended;
  }

  private warn(): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger.warn('Redis for the rate limit is unreachable: requests are not limited until it is back');
  }
}
