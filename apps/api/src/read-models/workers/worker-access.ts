import type { EnterpriseDocument, TrainingClassDocument, WorkerDocument } from '#libs/projections';
import type { AuthenticatedActor } from '../../auth/roles.js';
import { forbidden } from '../../http/problem.js';
import { inScope, type ResourceScope } from '../../shared/scope.js';
import type { ReadModels } from '../shared/read-models.js';

/**
 * The scopes a person's record falls in: every enterprise that employs or employed them (and its
 * county), and every training provider whose class they completed.
 */
export async function workerScopes(readModels: ReadModels, worker: WorkerDocument): Promise<ResourceScope[]> {
  const enterpriseIds = [...new Set(worker.employments.map((e) => e.enterpriseId))];
  const [enterprises, classes] = await Promise.all([
    readModels.getMany<EnterpriseDocument>('enterprises', 'enterprises', enterpriseIds),
    readModels.getMany<TrainingClassDocument>('training_classes', 'classes', worker.trainings.map((t) => t.classId)),
  ]);
  const county = new Map(enterprises.map((e) => [e.id, e.countyCode]));
  return [
    ...enterpriseIds.map((enterpriseId) => ({ enterpriseId, countyCode: county.get(enterpriseId) })),
    ...classes.flatMap((c) => (c.providerId ? [{ providerId: c.providerId, countyCode: c.countyCode }] : [])),
  ];
}

export function assertWorkerInScope(actor: AuthenticatedActor, scopes: readonly ResourceScope[]): void {
  if (!scopes.some((scope) => inScope(actor, scope))) throw forbidden('This person is outside your scope.');
}

/** Who sees ID numbers in full: inspectors and emergency-management officers, and the employer. */
export const seesFullIdentity = (actor: AuthenticatedActor): boolean => ['enforcement_officer', 'em_officer', 'enterprise_admin'].includes(actor.role);
