import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { SCOPE_CLAIM, type Role } from '../auth/roles.js';
import { signEmbeddedToken } from '../auth/tokens.js';
import { invalidInput } from '../http/problem.js';
import { DevTokenDto } from './dev-token.dto.js';

export const DEV_SIGNING = Symbol('DEV_SIGNING');

/** The embedded HS256 secret and issuer the api itself verifies with. */
export interface DevSigning {
  secret: Uint8Array;
  issuer: string;
}

const SCOPE_FIELD = { countyCode: 'county', enterpriseId: 'enterprise', providerId: 'provider' } as const;

/**
 * `POST /dev/tokens`: the dashboard's sign-in for the embedded default only (a laptop demo, no
 * identity provider). Anyone who reaches the server gets any role, so it exists only with the
 * embedded HS256 tokens and disappears with `DASHBOARD_DEV_SIGNIN=off`; production signs in at the
 * organisation's identity provider (AUTH_JWKS_URL) and has no such route.
 */
@ApiTags('dashboard')
@Controller('dev/tokens')
export class DevTokensController {
  constructor(@Inject(DEV_SIGNING) private readonly signing: DevSigning) {}

  @Post()
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'Embedded default only: a bearer token for a role and scope (off with DASHBOARD_DEV_SIGNIN=off, absent with AUTH_JWKS_URL)' })
  async issue(@Body() body: DevTokenDto): Promise<{ token: string; role: string; expiresIn: number }> {
    const role = body.role as Role;
    const needed = SCOPE_CLAIM[role];
    if (needed && !body[SCOPE_FIELD[needed]]) {
      throw invalidInput([{ path: SCOPE_FIELD[needed], message: `role ${role} needs ${SCOPE_FIELD[needed]}` }]);
    }
    const expiresIn = 8 * 3600;
    const scope = needed ? { [SCOPE_FIELD[needed]]: body[SCOPE_FIELD[needed]] } : {};
    const token = await signEmbeddedToken(this.signing.secret, this.signing.issuer, { sub: `dashboard-${role}`, role, ...scope }, expiresIn);
    return { token, role, expiresIn };
  }
}
