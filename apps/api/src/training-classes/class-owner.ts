import type { TrainingClassState } from '#libs/domain';
import type { AuthenticatedActor } from '../auth/roles.js';
import { assertInScope, type ResourceScope } from '../shared/scope.js';

/** A class's owner (the provider or the enterprise that runs it) as a scope: only the owner manages its roster. */
export const classOwnerScope = (state: TrainingClassState): ResourceScope => ({
  ...(state.opened?.providerId ? { providerId: state.opened.providerId } : {}),
  ...(state.opened?.enterpriseId ? { enterpriseId: state.opened.enterpriseId } : {}),
});

export function assertClassOwner(actor: AuthenticatedActor, state: TrainingClassState): void {
  assertInScope(actor, classOwnerScope(state));
}
