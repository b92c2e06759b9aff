import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, unauthorized } from '../http/problem.js';
import { PUBLIC_KEY, ROLES_KEY, type AuthenticatedRequest } from './auth.decorators.js';
import type { Role } from './roles.js';
import { InvalidTokenError, type TokenVerifier } from './tokens.js';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** Every route needs a valid bearer token unless it is `@Public()`; `@Roles(...)` narrows who may call it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw unauthorized();
    try {
      request.actor = await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthorized('The bearer token is invalid or expired.');
      throw error;
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(request.actor.role)) throw forbidden(`Role ${request.actor.role} may not call this endpoint.`);
    return true;
  }
}
