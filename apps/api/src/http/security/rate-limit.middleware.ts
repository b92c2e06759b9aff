import type { NextFunction, Request, Response } from 'express';
import { authenticate } from '../../auth/request-authentication.js';
import type { TokenVerifier } from '../../auth/tokens.js';
import { ProblemError } from '../problem.js';
import { resolveClientAddress, type ProxyTrust } from './client-address.js';
import { sendProblem } from './send-problem.js';
import type { TokenBucketLimiter } from './token-bucket-limiter.js';

/**
 * Counts each request against its verified token subject, or its client address when it has no valid
 * token: an unverified `sub` would let a caller spread its requests over made-up subjects. The address
 * comes from `resolveClientAddress`, the same one the dashboard sign-in uses; the limiter only counts.
 */
export function rateLimit(limiter: TokenBucketLimiter, verifier: TokenVerifier, trust: ProxyTrust) {
  return (request: Request, response: Response, next: NextFunction): void => {
    authenticate(request, verifier)
      .then((authentication) => {
        const key = authentication.kind === 'actor' ? `sub:${authentication.actor.sub}` : `ip:${resolveClientAddress(request, trust).address}`;
        const admission = limiter.take(key);
        if (admission.allowed) return next();
        sendProblem(
          response,
          new ProblemError(429, 'too_many_requests', 'Too many requests; retry after the time in Retry-After.', undefined, {
            'Retry-After': String(admission.retryAfterSeconds),
          }),
        );
      })
      .catch(next);
  };
}
