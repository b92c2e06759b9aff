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

/** After a failed or slow call, requests skip Redis for this long before one tries it again. */
export const CIRCUIT_OPEN_MS = 5_000;

/** How long a request may wait on Redis while it is connected; past it the circuit opens (`RATE_LIMIT_REDIS_TIMEOUT_MS`). */
export const COMMAND_TIMEOUT_MS = 250;

/** Opens a connection to the rate limit's Redis and pings it, or fails with the reason, within `timeoutMs`. */
export async function pingRedis(url: string, timeoutMs = 2_000): Promise<void> {
  const redis = new Redis(url, { connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: true, lazyConnect: true, retryStrategy: () => null });
  // The socket's own error (ECONNREFUSED, ENOTFOUND, ...) says more than the client's "Connection is closed".
  let cause: NodeJS.ErrnoException | undefined;
  redis.on('error', (error: NodeJS.ErrnoException) => (cause ??= error));
  // A server that takes the connection and never answers: connectTimeout covers only the TCP connect, so the whole exchange is bounded.
  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
  });
  try {
    await Promise.race([
      (async () => {
        await redis.connect();
        await redis.ping();
      })(),
      silent,
    ]);
  } catch (error) {
    throw cause ?? error;
  } finally {
    clearTimeout(timer);
    redis.disconnect();
  }
}

export class RedisTokenBucketLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly refillPerMs: number;
  private readonly logger = new Logger('rate-limit');
  /** While `Date.now()` is before this, the circuit is open: requests are let through without asking Redis. */
  private openUntil = 0;
  private down = false;
  private closed = false;

  constructor(
    url: string,
    private readonly perMinute: number,
    private readonly prefix = 'safety-skills:rate-limit:',
    private readonly commandTimeoutMs = COMMAND_TIMEOUT_MS,
  ) {
    this.refillPerMs = perMinute / 60_000;
    // No offline queue: while the connection is down a call fails at once instead of waiting for it to return.
    this.redis = new Redis(url, { connectTimeout: 1000, maxRetriesPerRequest: 0, commandTimeout: commandTimeoutMs, enableOfflineQueue: false });
    this.redis.on('error', () => this.markDown());
    this.redis.on('close', () => this.markDown());
    this.redis.on('ready', () => this.markUp());
    this.redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TAKE });
  }

  /** Resolves once connected, or after `timeoutMs` (the process has pinged Redis before: main.ts). */
  async ready(timeoutMs = Math.max(2_000, this.commandTimeoutMs)): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.redis.once('ready', done);
    });
  }

  state(): { store: 'redis'; up: boolean } {
    return { store: 'redis', up: !this.down };
  }

  async take(key: string): Promise<Admission> {
    // The circuit is open, or the connection is not ready: no request waits on a Redis that is away.
    if (Date.now() < this.openUntil || this.redis.status !== 'ready') return { allowed: true };
    try {
      const [allowed, tokens] = (await (this.redis as unknown as { takeToken(key: string, capacity: number, refill: number): Promise<[number, string]> }).takeToken(
        `${this.prefix}${key}`,
        this.perMinute,
        this.refillPerMs,
      ));
      if (this.down) this.markUp();
      if (allowed === 1) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - Number(tokens)) / this.refillPerMs / 1000)) };
    } catch {
      // The limit is a ceiling against abuse: without Redis the api keeps answering, unlimited, and says so once.
      this.openUntil = Date.now() + CIRCUIT_OPEN_MS;
      this.markDown();
      return { allowed: true };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.redis.status === 'end') return;
    // Not connected (Redis away, reconnecting): there is nothing to quit, and no 'end' would come.
    if (this.redis.status !== 'ready') return this.redis.disconnect();
    const ended = new Promise<void>((resolve) => this.redis.once('end', () => resolve()));
    await this.redis.quit().catch(() => this.redis.disconnect());
    await ended;
  }

  private markDown(): void {
    if (this.down || this.closed) return;
    this.down = true;
    this.logger.warn('Redis for the rate limit is unreachable: requests are not limited until it is back');
  }

  private markUp(): void {
    this.openUntil = 0;
    if (!this.down) return;
    this.down = false;
    this.logger.log('Redis for the rate limit is back: requests are limited again');
  }
}
