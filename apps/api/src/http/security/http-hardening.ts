import type { NestExpressApplication } from '@nestjs/platform-express';
import { TOKEN_VERIFIER } from '../../auth/auth.guard.js';
import type { TokenVerifier } from '../../auth/tokens.js';
import { resolveClientAddress, type SecurityConfig } from '#libs/runtime';
import { requireJsonBodies } from './media-type.middleware.js';
import { rateLimit } from './rate-limit.middleware.js';
import { securityHeaders } from './security-headers.middleware.js';
import { RedisTokenBucketLimiter } from './redis-token-bucket-limiter.js';
import { TokenBucketLimiter, type RateLimiter } from './token-bucket-limiter.js';

/**
 * Runs before the body is parsed: headers on every answer (errors too), CORS only for the configured
 * origins, the rate limit, then the media type, so that a refused request costs no parsing.
 */
export const RATE_LIMITER = Symbol('RATE_LIMITER');

/** In the process, or shared by every api process through Redis when RATE_LIMIT_REDIS_URL is set. */
export function createRateLimiter(config: SecurityConfig): RateLimiter {
  return config.rateLimitRedisUrl
    ? new RedisTokenBucketLimiter(config.rateLimitRedisUrl, config.rateLimitPerMinute, undefined, config.rateLimitRedisTimeoutMs)
    : new TokenBucketLimiter(config.rateLimitPerMinute);
}

export function applyHttpHardening(app: NestExpressApplication, config: SecurityConfig): RateLimiter {
  app.use(securityHeaders(config.hstsMaxAgeSeconds));
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Correlation-Id', 'X-Min-Position'],
      exposedHeaders: ['ETag', 'Retry-After', 'Location'],
      maxAge: 600,
    });
  }
  const limiter = app.get<RateLimiter>(RATE_LIMITER);
  app.use(rateLimit(limiter, app.get<TokenVerifier>(TOKEN_VERIFIER), (request) => resolveClientAddress(request, config.proxyTrust).address));
  app.use(requireJsonBodies);
  return limiter;
}
