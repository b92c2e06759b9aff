import type { NestExpressApplication } from '@nestjs/platform-express';
import { TOKEN_VERIFIER } from '../../auth/auth.guard.js';
import type { TokenVerifier } from '../../auth/tokens.js';
import { resolveClientAddress } from './client-address.js';
import { requireJsonBodies } from './media-type.middleware.js';
import { rateLimit } from './rate-limit.middleware.js';
import type { SecurityConfig } from './security-config.js';
import { securityHeaders } from './security-headers.middleware.js';
import { RedisTokenBucketLimiter } from './redis-token-bucket-limiter.js';
import { TokenBucketLimiter, type RateLimiter } from './token-bucket-limiter.js';

/**
 * Runs before the body is parsed: headers on every answer (errors too), CORS only for the configured
 * origins, the rate limit, then the media type, so that a refused request costs no parsing.
 */
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
  const limiter = config.rateLimitRedisUrl
    ? new RedisTokenBucketLimiter(config.rateLimitRedisUrl, config.rateLimitPerMinute)
    : new TokenBucketLimiter(config.rateLimitPerMinute);
  app.use(rateLimit(limiter, app.get<TokenVerifier>(TOKEN_VERIFIER), (request) => resolveClientAddress(request, config.proxyTrust).address));
  app.use(requireJsonBodies);
  return limiter;
}
