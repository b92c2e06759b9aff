import { CanActivate, ExecutionContext, Inject, Injectable, Logger, OnApplicationBootstrap, type Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { forbidden, unauthorized } from '#libs/runtime';
import type { EndpointAccess } from './access-matrix.js';
import { AccessRules } from './access-rules.js';
import type { AuthenticatedRequest } from './auth.decorators.js';
import { authenticate } from './request-authentication.js';
import { discoverRoutes, routeOf } from './route-catalogue.js';
import type { TokenVerifier } from './tokens.js';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/**
 * Enforces the role part of the access matrix (`access-matrix.ts`) on every route: public routes pass,
 * the others need a valid bearer token (401) of a role the matrix allows (403). Scope is the handler's
 * business. A route the matrix does not list is refused to everyone: new endpoints start closed.
 */
@Injectable()
export class AuthGuard implements CanActivate, OnApplicationBootstrap {
  private readonly rules = new AccessRules();
  private readonly entries = new WeakMap<object, EndpointAccess | null>();
  private readonly logger = new Logger('auth');

  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(ModulesContainer) private readonly modules: ModulesContainer,
  ) {}

  /** `@Roles` and `@Public` are kept as documentation on the handler; they must say what the matrix says. */
  onApplicationBootstrap(): void {
    const { contradictions, unlisted } = this.rules.check(discoverRoutes(this.modules));
    if (contradictions.length > 0) {
      throw new Error(`The decorators contradict apps/api/src/auth/access-matrix.ts:\n  ${contradictions.join('\n  ')}`);
    }
    for (const route of unlisted) this.logger.warn(`${route} is not in the access matrix: refused to every caller until it is listed`);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const entry = this.entryFor(context.getClass(), context.getHandler());
    if (entry?.public) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const authentication = await authenticate(request, this.verifier);
    if (authentication.kind === 'missing') throw unauthorized();
    if (authentication.kind === 'invalid') throw unauthorized('The bearer token is invalid or expired.');
    request.actor = authentication.actor;

    if (!entry) throw forbidden('This endpoint is not open to any role yet.');
    if (!Object.hasOwn(entry.roles, request.actor.role)) throw forbidden(`Role ${request.actor.role} may not call this endpoint.`);
    return true;
  }

  private entryFor(controller: Type, handler: object): EndpointAccess | null {
    let entry = this.entries.get(handler);
    if (entry === undefined) {
      const route = routeOf(controller, handler);
      entry = this.rules.find(route.method, route.path) ?? null;
      this.entries.set(handler, entry);
    }
    return entry;
  }
}
