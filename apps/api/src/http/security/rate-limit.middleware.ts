import type { NextFunction, Request, Response } from 'express';
import { authenticate } from '../../auth/request-authentication.js';
import type { TokenVerifier } from '../../auth/tokens.js';
import { ProblemError } from '#libs/runtime';
import { sendProblem } from './send-problem.js';
import type { RateLimiter } from './token-bucket-limiter.js';

/**
 * Who a request is counted against: its verified token subject, or its client address when it has no
 * valid token (an unverified `sub` would let a caller spread its requests over made-up subjects). The
 * address comes from `resolveClientAddress` (trusted proxies only), the same one the dashboard sign-in uses.
 */
export async function rateLimitKey(request: Request, verifier: TokenVerifier, addressOf: (request: Request) => string): Promise<string> {
  const authentication = await authenticate(request, verifier);
  return authentication.kind === 'actor' ? `sub:${authentication.actor.sub}` : `ip:${addressOf(request)}`;
}

/**
 * Probes and the document are not limited, nor do they spend anyone's budget: a dashboard of health
 * checks and scrapes must never be throttled, nor throttle the clients it shares an address with.
 * As the router matches (any case, a trailing slash); `/api/docs` with the files of its page.
 */
const EXEMPT = /^\/(?:health|metrics|api\/docs-json|api\/docs(?:\/.*)?)\/?$/i;

export const exemptFromRateLimit = (path: string): boolean => EXEMPT.test(path);

export function rateLimit(limiter: RateLimiter, verifier: TokenVerifier, addressOf: (request: Request) => string) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (exemptFromRateLimit(request.path)) return next();
    rateLimitKey(request, verifier, addressOf)
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
