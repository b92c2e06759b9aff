import { forbidden } from '#libs/runtime';
import type { AuthenticatedActor } from '../auth/roles.js';

/** The resource a command touches, as far as scopes go. */
export interface ResourceScope {
  countyCode?: string;
  enterpriseId?: string;
  providerId?: string;
}

/**
 * Whether the actor may act on a resource in this scope: city-wide roles anywhere; county officers in
 * their county; an enterprise admin in their enterprise; a training provider for itself.
 */
export function inScope(actor: AuthenticatedActor, resource: ResourceScope): boolean {
  switch (actor.role) {
    case 'city_admin':
    case 'auditor':
    case 'viewer':
      return true;
    case 'em_officer':
    case 'hrss_officer':
    case 'enforcement_officer':
      return resource.countyCode !== undefined && resource.countyCode === actor.scope?.countyCode;
    case 'enterprise_admin':
      return resource.enterpriseId !== undefined && resource.enterpriseId === actor.scope?.enterpriseId;
    case 'training_provider':
      return resource.providerId !== undefined && resource.providerId === actor.scope?.providerId;
  }
}

export function assertInScope(actor: AuthenticatedActor, resource: ResourceScope): void {
  if (!inScope(actor, resource)) throw forbidden('This resource is outside your scope.');
}
