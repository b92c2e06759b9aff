import type { EnterpriseDocument, TrainingClassDocument, WorkerDocument } from '#libs/projections';
import type { AuthenticatedActor } from '../../auth/roles.js';
import { forbidden } from '#libs/runtime';
import { inScope, type ResourceScope } from '../../shared/scope.js';
import type { ReadModels } from '../shared/read-models.js';

/** Every enterprise that employs or employed the person, with its county; `today` given: those employing them still. */
export async function employerScopes(readModels: ReadModels, worker: WorkerDocument, today?: string): Promise<ResourceScope[]> {
  const employments = today === undefined ? worker.employments : worker.employments.filter((e) => e.endedOn === null || e.endedOn >= today);
  const enterpriseIds = [...new Set(employments.map((e) => e.enterpriseId))];
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
 * so classes are read only for an actor no employer admits, a training provider mostly. An enterprise
 * sees the person while it employs them: a former employer sees nothing after the end of its employment.
 */
export async function assertWorkerInScope(actor: AuthenticatedActor, readModels: ReadModels, worker: WorkerDocument, today: string): Promise<void> {
  const admits = (scopes: ResourceScope[]) => scopes.some((scope) => inScope(actor, scope));
  if (admits(await employerScopes(readModels, worker, actor.role === 'enterprise_admin' ? today : undefined))) return;
  if (admits(await trainingScopes(readModels, worker))) return;
  throw forbidden('This person is outside your scope.');
}

/** Who sees ID numbers in full: inspectors and emergency-management officers, and the employer. */
export const seesFullIdentity = (actor: AuthenticatedActor): boolean => ['enforcement_officer', 'em_officer', 'enterprise_admin'].includes(actor.role);

/**
 * What of a lifelong account an employer sees: its own employments and posts, not other employers'
 * records; the person's trainings, exams and certificates stay, as they follow the person.
 */
export function employerView<T extends { employments: Array<{ enterpriseId: string }>; posts: Array<{ enterpriseId: string }> }>(actor: AuthenticatedActor, record: T): T {
  if (actor.role !== 'enterprise_admin') return record;
  const own = actor.scope?.enterpriseId;
  return { ...record, employments: record.employments.filter((e) => e.enterpriseId === own), posts: record.posts.filter((p) => p.enterpriseId === own) };
}
