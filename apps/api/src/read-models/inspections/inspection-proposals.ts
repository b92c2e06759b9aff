import { Inject, Injectable } from '@nestjs/common';
import { proposeFindings, type Day, type ProposedFinding, certificateStateKnownAt } from '#libs/domain';
import type { EventStore } from '#libs/event-store';
import { type CertificateDocument, type EnterpriseDocument, type PostDocument, type WorkerDocument } from '#libs/projections';
import { ProblemError } from '#libs/runtime';
import { EVENT_STORE } from '../../infrastructure/stores.module.js';
import { POSITION_WAITER } from '../shared/min-position.interceptor.js';
import type { PositionWaiter } from '../shared/position-waiter.js';
import { ReadModels } from '../shared/read-models.js';

const CATCH_UP_MS = 5000;

/**
 * What an inspector should look at in an enterprise as of the inspection day (the domain's
 * `proposeFindings`): untrained workers on post, special-operation posts without a valid certificate,
 * no training plan for the year. Read from the read models once they hold everything written so far.
 */
@Injectable()
export class InspectionProposals {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(POSITION_WAITER) private readonly waiter: PositionWaiter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async propose(enterpriseId: string, asOf: Day): Promise<ProposedFinding[]> {
    if (!(await this.waiter.waitFor(await this.store.lastPosition(), CATCH_UP_MS))) {
      throw new ProblemError(503, 'read_models_behind', 'The read models are catching up; retry the inspection in a moment.', undefined, { 'Retry-After': '2' });
    }
    const enterprise = await this.readModels.get<EnterpriseDocument>('enterprises', 'enterprises', enterpriseId);
    const posts = await this.readModels.findIn<PostDocument>('posts', 'posts', 'enterpriseId', [enterpriseId]);
    const workerIds = [...new Set(posts.map((p) => p.workerId))];
    const [workers, certificates] = await Promise.all([
      this.readModels.getMany<WorkerDocument>('workers', 'workers', workerIds),
      this.readModels.findIn<CertificateDocument>('certificates', 'certificates', 'workerId', workerIds),
    ]);
    return proposeFindings({
      enterpriseId,
      asOf,
      workers: workers.map((w) => ({
        workerId: w.personId,
        posts: w.posts,
        exams: w.exams,
        certificates: certificates.filter((c) => c.workerId === w.personId).map((c) => certificateStateKnownAt(c.facts)),
      })),
      trainingPlanYears: (enterprise?.trainingPlans ?? []).filter((plan) => plan.submittedOn <= asOf).map((plan) => plan.year),
    });
  }
}
