import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { type AuthConfig, loadSecret } from '#libs/runtime';
import { isRole, SCOPE_CLAIM, type AuthenticatedActor, type Role } from './roles.js';

/** Claims of our tokens: `sub`, `role`, and the scope claim the role needs. */
export interface TokenClaims {
  sub: string;
  role: Role;
  county?: string;
  enterprise?: string;
  provider?: string;
}

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

/**
 * The embedded HS256 secret: 32 random bytes in `DATA_DIR/token-secret`, created on first use.
 * `wx` makes creation atomic, so the server and the token CLI never end up with two secrets.
 */
export function loadOrCreateSecret(file: string): Uint8Array {
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

export async function signEmbeddedToken(secret: Uint8Array, issuer: string, claims: TokenClaims, ttlSeconds = 12 * 3600): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secret);
}

export interface TokenVerifier {
  verify(token: string): Promise<AuthenticatedActor>;
}

/** A token's actor and the moment (ms since the epoch) its `exp` claim ends it, null without one. */
export interface VerifiedToken {
  actor: AuthenticatedActor;
  expiresAtMs: number | null;
}

export interface VerifiedTokenMemory {
  /** How long a verified token is taken on trust, at most. */
  ttlMs: number;
  /** Tokens remembered at most; the oldest goes first. */
  maxEntries: number;
  now: () => number;
}

/**
 * A verification (an HMAC or RSA signature through WebCrypto, then the claims) costs more than the rest
 * of a small command; clients send the same token with every request. Valid tokens are remembered briefly,
 * keyed by the exact token string, and never past their `exp`. Refused tokens are not remembered: each
 * try is verified again.
 */
export const VERIFIED_TOKEN_MEMORY: VerifiedTokenMemory = { ttlMs: 30_000, maxEntries: 10_000, now: Date.now };

export function createTokenVerifier(config: AuthConfig, memory: VerifiedTokenMemory = VERIFIED_TOKEN_MEMORY): TokenVerifier {
  return rememberingVerifier(signatureVerifier(config), memory);
}

export function rememberingVerifier(verify: (token: string) => Promise<VerifiedToken>, memory: VerifiedTokenMemory): TokenVerifier {
  const remembered = new Map<string, { actor: AuthenticatedActor; until: number }>();
  // A copy per request: the actor travels into request state and event metadata.
  const copy = (actor: AuthenticatedActor): AuthenticatedActor => ({ ...actor, scope: { ...actor.scope } });
  return {
    verify: async (token) => {
      const hit = remembered.get(token);
      if (hit && hit.until > memory.now()) return copy(hit.actor);
      if (hit) remembered.delete(token);
      const { actor, expiresAtMs } = await verify(token);
      const until = Math.min(memory.now() + memory.ttlMs, expiresAtMs ?? Number.POSITIVE_INFINITY);
      if (until > memory.now()) {
        if (remembered.size >= memory.maxEntries) remembered.delete(remembered.keys().next().value!);
        remembered.set(token, { actor, until });
      }
      return copy(actor);
    },
  };
}

function signatureVerifier(config: AuthConfig): (token: string) => Promise<VerifiedToken> {
  // jose refuses an `iat` in the future beyond the tolerance, and one older than the maximum lifetime.
  const limits = {
    requiredClaims: ['exp', 'iat'],
    clockTolerance: config.clockToleranceSeconds,
    maxTokenAge: config.maxLifetimeSeconds,
  };
  const withinLifetime = (payload: JWTPayload): JWTPayload => {
    if (payload.exp! - payload.iat! > config.maxLifetimeSeconds) throw new InvalidTokenError('token lifetime exceeds the maximum');
    return payload;
  };
  if (config.kind === 'hs256') {
    const secret = loadSecret(config.secret);
    return async (token) =>
      verified(withinLifetime((await verifyOrThrow(() => jwtVerify(token, secret, { issuer: config.issuer, algorithms: ['HS256'], ...limits }))).payload));
  }
  const keys = createRemoteJWKSet(new URL(config.jwksUrl));
  return async (token) =>
    verified(
      withinLifetime(
        (
          await verifyOrThrow(() =>
            jwtVerify(token, keys, {
              issuer: config.issuer,
              audience: config.audience,
              algorithms: ['RS256', 'ES256'],
              ...limits,
            }),
          )
        ).payload,
      ),
    );
}

const verified = (payload: JWTPayload): VerifiedToken => ({
  actor: toActor(payload),
  expiresAtMs: typeof payload.exp === 'number' ? payload.exp * 1000 : null,
});

async function verifyOrThrow<T>(verify: () => Promise<T>): Promise<T> {
  try {
    return await verify();
  } catch (error) {
    throw new InvalidTokenError((error as { code?: string }).code ?? 'invalid token');
  }
}

function toActor(payload: JWTPayload): AuthenticatedActor {
  const role = payload.role;
  if (!payload.sub || !isRole(role)) throw new InvalidTokenError('token lacks sub or a known role');
  const scope: AuthenticatedActor['scope'] = {};
  if (typeof payload.county === 'string') scope.countyCode = payload.county;
  if (typeof payload.enterprise === 'string') scope.enterpriseId = payload.enterprise;
  if (typeof payload.provider === 'string') scope.providerId = payload.provider;
  const needed = SCOPE_CLAIM[role];
  if (needed && !scope[needed]) throw new InvalidTokenError(`role ${role} needs a ${needed} scope`);
  return { sub: payload.sub, role, scope };
}
