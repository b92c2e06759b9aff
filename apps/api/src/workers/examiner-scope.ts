import { activeEmploymentAt, type ExamKind, type TrainingClassState } from '#libs/domain';
import type { AuthenticatedActor } from '../auth/roles.js';
import type { EventWriter } from '../commands/event-writer.js';
import { enterpriseAggregate } from '../enterprises/enterprise.aggregate.js';
import { forbidden } from '#libs/runtime';
import { assertInScope } from '../shared/scope.js';
import type { WorkerRecord } from './worker.aggregate.js';

export interface ExamSubject {
  worker: WorkerRecord;
  kind: ExamKind;
  trainingClass: TrainingClassState | null;
}

/**
 * Who may record an exam: a training provider for its own classes; an enterprise admin for its own
 * workers, special operations excepted (those are examined by the emergency-management bureau); an
 * em_officer of the class's county, or without a class, of an enterprise that employs the worker.
 */
export async function assertMayExamine(writer: EventWriter, actor: AuthenticatedActor, { worker, kind, trainingClass }: ExamSubject): Promise<void> {
  switch (actor.role) {
    case 'training_provider':
      if (!trainingClass?.opened) throw forbidden('A training provider records the exams of its own classes: name the class.');
      return assertInScope(actor, { providerId: trainingClass.opened.providerId });
    case 'enterprise_admin': {
      if (kind === 'special_operation') throw forbidden('Special-operation exams are recorded by the emergency-management bureau or the provider.');
      const enterpriseId = actor.scope?.enterpriseId;
      if (!enterpriseId || !activeEmploymentAt(worker, enterpriseId)) throw forbidden('The worker is not employed by your enterprise.');
      return;
    }
    default: {
      const counties = trainingClass?.opened ? [trainingClass.opened.countyCode] : await employerCounties(writer, worker);
      if (!counties.some((countyCode) => countyCode === actor.scope?.countyCode)) throw forbidden('This exam is outside your county.');
    }
  }
}

async function employerCounties(writer: EventWriter, worker: WorkerRecord): Promise<string[]> {
  const active = worker.employments.filter((e) => e.endedOn === null);
  const enterprises = await Promise.all(active.map((e) => writer.load(enterpriseAggregate, e.enterpriseId)));
  return enterprises.flatMap((e) => (e.state.registered ? [e.state.registered.countyCode] : []));
}
