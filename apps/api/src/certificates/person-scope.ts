import { Injectable } from '@nestjs/common';
import type { WorkerState } from '#libs/domain';
import type { AuthenticatedActor } from '../auth/roles.js';
import { EventWriter } from '../commands/event-writer.js';
import { enterpriseAggregate } from '../enterprises/enterprise.aggregate.js';
import { forbidden } from '#libs/runtime';
import { classOwnerScope } from '../training-classes/class-owner.js';
import { trainingClassAggregate } from '../training-classes/training-class.aggregate.js';
import { inScope } from '../shared/scope.js';

/**
 * Who may act on a person's certificates: an emergency-management officer of the county of an
 * enterprise employing the person now, or of the last employer when no employment is active
 * (so that the certificate of someone between jobs can still be reviewed or revoked).
 */
@Injectable()
export class PersonScope {
  constructor(private readonly writer: EventWriter) {}

  async countiesOf(worker: WorkerState): Promise<string[]> {
    const active = worker.employments.filter((e) => e.endedOn === null);
    const employers = active.length ? active : worker.employments.slice(-1);
    const enterprises = await Promise.all(employers.map((e) => this.writer.load(enterpriseAggregate, e.enterpriseId)));
    return enterprises.flatMap((enterprise) => (enterprise.state.registered ? [enterprise.state.registered.countyCode] : []));
  }

  async assertCountyOfficer(actor: AuthenticatedActor, worker: WorkerState): Promise<void> {
    const counties = await this.countiesOf(worker);
    if (!counties.some((countyCode) => inScope(actor, { countyCode }))) throw forbidden("This person is outside your county's scope.");
  }

  /** A training provider certifies only people it examined in one of its own classes. */
  async assertTrainedBy(actor: AuthenticatedActor, worker: WorkerState): Promise<void> {
    const classIds = [...new Set(worker.exams.flatMap((exam) => (exam.passed && exam.classId ? [exam.classId] : [])))];
    const classes = await Promise.all(classIds.map((classId) => this.writer.load(trainingClassAggregate, classId)));
    if (!classes.some((loaded) => inScope(actor, classOwnerScope(loaded.state)))) {
      throw forbidden('A training provider certifies only people who passed an exam in one of its classes.');
    }
  }
}
