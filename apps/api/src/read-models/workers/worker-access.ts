import type { EnterpriseDocument, TrainingClassDocument, WorkerDocument } from '#libs/projections';
import type { AuthenticatedActor } from '../../auth/roles.js';
import { forbidden } from '../../http/problem.js';
import { inScope, type ResourceScope } from '../../shared/scope.js';
import type { ReadModels } from '../shared/read-models.js';

/** Every enterprise that employs or employed the person, with its county. */
export async function employerScopes(readModels: ReadModels, worker: WorkerDocument): Promise<ResourceScope[]> {
  const enterpriseIds = [...new Set(worker.employments.map((e) => e.enterpriseId))];
  const enterprises = await readModels.getMany<EnterpriseDocument>('enterprises', 'enterprises', enterpriseIds);
  const county = new Map(enterprises.map((e) => [e.id, e.countyCode]));
  return enterpriseIds.map((enterpriseId) => ({ enterpriseId, countyCode: county.get(enterpriseId) }));
}

/** Every training provider whose class the person attended, with the class's county. */
export async function trainingScopes(readModels: ReadModels, worker: WorkerDocument): Promise<ResourceScope[]> {
  const classes = await readModels.getMany<TrainingClassDocument>('training_classes', 'classes', worker.trainings.map((t) => t.classId));
  return classes.flatMap((c) => (c.providerId ? [{ providerId: c.providerId, countyCode: c.countyCode }] : []));
}

/**
 * A person's record is in the actor's scope through an employer or a training provider. The employers
 * are asked first: a class document holds its whole roster (hundreds of trainees in a large enterprise),
 * so classes are read only for an actor no employer admits, a training provider mostly.
 */
export async function assertWorkerInScope(actor: AuthenticatedActor, readModels: ReadModels, worker: WorkerDocument): Promise<void> {
  const admits = (scopes: ResourceScope[]) => scopes.some((scope) => inScope(actor, scope));
  if (admits(await employerScopes(readModels, worker))) return;
  if (admits(await trainingScopes(readModels, worker))) return;
  throw forbidden('This person is outside your scope.');
}

/** Who sees ID numbers in full: inspectors and emergency-management officers, and the employer. */
export const seesFullIdentity = (actor: AuthenticatedActor): boolean => ['enforcement_officer', 'em_officer', 'enterprise_admin'].includes(actor.role);
