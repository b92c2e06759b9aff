import type { NextFunction, Request, Response } from 'express';
import { authenticate } from '../../auth/request-authentication.js';
import type { TokenVerifier } from '../../auth/tokens.js';
import { ProblemError } from '../problem.js';
import { sendProblem } from './send-problem.js';
import type { RateLimiter } from './token-bucket-limiter.js';

/** The client address a caller without a valid token is counted by (Express's `request.ip`, per TRUST_PROXY_HOPS). */
export const clientAddressOf = (request: Request): string => request.ip ?? 'unknown';

/**
 * Who a request is counted against: its verified token subject, or its client address when it has no
 * valid token (an unverified `sub` would let a caller spread its requests over made-up subjects). The
 * one place the key is derived: pass another `addressOf` to resolve the client address differently.
 */
export async function rateLimitKey(request: Request, verifier: TokenVerifier, addressOf: (request: Request) => string = clientAddressOf): Promise<string> {
  const authentication = await authenticate(request, verifier);
  return authentication.kind === 'actor' ? `sub:${authentication.actor.sub}` : `ip:${addressOf(request)}`;
}

export function rateLimit(limiter: RateLimiter, verifier: TokenVerifier) {
  return (request: Request, response: Response, next: NextFunction): void => {
    rateLimitKey(request, verifier)
      .then((key) => limiter.take(key))
      .then((admission) => {
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
