import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from '../http/openapi/api-responses.js';
import { QUERY_SCHEMAS } from '../http/openapi/query-schemas.js';
import { Public } from '../auth/auth.decorators.js';
import { SCOPE_CLAIM, type Role } from '../auth/roles.js';
import { signEmbeddedToken } from '../auth/tokens.js';
import { forbidden, invalidInput, isLoopback, type ProxyTrust, resolveClientAddress } from '#libs/runtime';
import { DevTokenDto } from './dev-token.dto.js';

export const DEV_SIGNING = Symbol('DEV_SIGNING');

/** The embedded HS256 secret and issuer the api itself verifies with. */
export interface DevSigning {
  secret: Uint8Array;
  issuer: string;
  /** `loopback` (the default): only a browser on the server's own machine may sign in this way. */
  from: 'loopback' | 'anywhere';
  /** The proxies believed about the client address (the rate limit's too). */
  trust: ProxyTrust;
  /** Lifetime of a token it signs, within the verifier's maximum. */
  expiresInSeconds: number;
}

export { isLoopback };

const SCOPE_FIELD = { countyCode: 'county', enterpriseId: 'enterprise', providerId: 'provider' } as const;

/**
 * `POST /dev/tokens`: the dashboard's sign-in for the embedded default only (a laptop demo, no
 * identity provider). Anyone who reaches the server gets any role, so it exists only with the
 * embedded HS256 tokens, answers only a client on the loopback interface and not through a proxy unless `DASHBOARD_DEV_SIGNIN=anywhere`
 * (a demo on a trusted network), and disappears with `DASHBOARD_DEV_SIGNIN=off`; production signs in at
 * the organisation's identity provider (AUTH_JWKS_URL) and has no such route. Each sign-in gets a subject
 * of its own: two people signed in with one role share no Idempotency-Key, rate-limit bucket or audit actor.
 */
@ApiTags('dashboard')
@Controller('dev/tokens')
export class DevTokensController {
  constructor(@Inject(DEV_SIGNING) private readonly signing: DevSigning) {}

  @Post()
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'Embedded default only: a bearer token for a role and scope (loopback only unless DASHBOARD_DEV_SIGNIN=anywhere; off with DASHBOARD_DEV_SIGNIN=off; absent with AUTH_JWKS_URL)' })
  @ApiResponse({ status: 201, description: 'A bearer token for the role and scope.', content: { 'application/json': { schema: QUERY_SCHEMAS.devToken } } })
  @ApiProblemResponses([400, 403, 404, 413, 415, 429])
  async issue(@Body() body: DevTokenDto, @Req() request: Request): Promise<{ token: string; role: string; expiresIn: number }> {
    // Behind a proxy every request reaches the api from the proxy's address (often loopback itself): the
    // client the chain reports decides, and a request that came through a proxy is never "on the server".
    const client = resolveClientAddress(request, this.signing.trust);
    if (this.signing.from === 'loopback' && (client.viaProxy || !isLoopback(client.address))) {
      throw forbidden('The sign-in form answers only on the server itself, not through a proxy; set DASHBOARD_DEV_SIGNIN=anywhere for a demo on a trusted network.');
    }
    const role = body.role as Role;
    const needed = SCOPE_CLAIM[role];
    if (needed && !body[SCOPE_FIELD[needed]]) {
      throw invalidInput([{ path: SCOPE_FIELD[needed], message: `role ${role} needs ${SCOPE_FIELD[needed]}` }]);
    }
    const expiresIn = this.signing.expiresInSeconds;
    const scope = needed ? { [SCOPE_FIELD[needed]]: body[SCOPE_FIELD[needed]] } : {};
    const token = await signEmbeddedToken(this.signing.secret, this.signing.issuer, { sub: `dashboard-${role}-${randomUUID()}`, role, ...scope }, expiresIn);
    return { token, role, expiresIn };
  }
}
