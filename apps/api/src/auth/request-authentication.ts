import type { Request } from 'express';
import type { AuthenticatedActor } from './roles.js';
import { InvalidTokenError, type TokenVerifier } from './tokens.js';

export type Authentication = { kind: 'actor'; actor: AuthenticatedActor } | { kind: 'missing' } | { kind: 'invalid' };

const verified = new WeakMap<Request, Promise<Authentication>>();

/**
 * The bearer token of a request, verified once: the rate limiter (before the body is read) and the
 * AuthGuard both ask, and the second asks the same promise rather than verifying again.
 */
export function authenticate(request: Request, verifier: TokenVerifier): Promise<Authentication> {
  let result = verified.get(request);
  if (!result) {
    result = verify(request.headers.authorization, verifier);
    verified.set(request, result);
  }
  return result;
}

async function verify(header: string | undefined, verifier: TokenVerifier): Promise<Authentication> {
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) return { kind: 'missing' };
  try {
    return { kind: 'actor', actor: await verifier.verify(match[1]) };
  } catch (error) {
    if (error instanceof InvalidTokenError) return { kind: 'invalid' };
    throw error;
  }
}
