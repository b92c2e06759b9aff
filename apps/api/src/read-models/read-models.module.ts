import { hostname } from 'node:os';
import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { EventStore } from '#libs/event-store';
import type { ReferenceData } from '#libs/domain';
import { Projector, readModelProjections, withSharedCatchUp, type Projection } from '#libs/projections';
import { createReadStore, type ReadStore } from '#libs/read-store';
import { APP_CONFIG, type AppConfig, sharesStores, TRACING, type Tracing } from '#libs/runtime';
import { EVENT_STORE } from '../infrastructure/stores.module.js';
import { AuditTrailController } from './audit-trail/audit-trail.controller.js';
import { ComplianceFactsLoader } from './compliance/compliance-facts.loader.js';
import { ComplianceController } from './compliance/compliance.controller.js';
import { ComplianceService } from './compliance/compliance.service.js';
import { EnterpriseComplianceController } from './compliance/enterprise-compliance.controller.js';
import { EnterpriseComplianceService } from './compliance/enterprise-compliance.service.js';
import { InspectionProposals } from './inspections/inspection-proposals.js';
import { InspectionsQueryController } from './inspections/inspections-query.controller.js';
import { MilestonesController } from './milestones/milestones.controller.js';
import { MilestonesService } from './milestones/milestones.service.js';
import { MinPositionInterceptor, POSITION_WAITER } from './shared/min-position.interceptor.js';
import { CheckpointPositionWaiter, EmbeddedPositionWaiter, LeasedPositionWaiter } from './shared/position-waiter.js';
import { nestProjectorLogger } from './shared/projector-log.js';
import { PROJECTIONS, PROJECTOR, READ_STORE } from './shared/read-model.tokens.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { instrumentReadStore, METRICS, type Metrics } from '#libs/runtime/metrics/metrics';
import { ReadModels } from './shared/read-models.js';
import { SubsidyClaimsQueryController } from './subsidy-claims/subsidy-claims-query.controller.js';
import { TrainingClassesQueryController } from './training-classes/training-classes-query.controller.js';
import { CertificationService } from './workers/certification.service.js';
import { WorkerRecordService } from './workers/worker-record.service.js';
import { WorkersQueryController } from './workers/workers-query.controller.js';
import { traceProjectionBatches } from '#libs/runtime/tracing/traced-stores';

/**
 * The read side: the read store, the embedded projector (started on bootstrap, stopped before the
 * stores close), the query endpoints, and `X-Min-Position` on every GET.
 */
@Module({
  controllers: [WorkersQueryController, ComplianceController, EnterpriseComplianceController, MilestonesController, SubsidyClaimsQueryController, TrainingClassesQueryController, AuditTrailController, InspectionsQueryController],
  providers: [
    {
      provide: READ_STORE,
      inject: [APP_CONFIG, METRICS],
      useFactory: async (config: AppConfig, metrics: Metrics) => instrumentReadStore(await createReadStore(config.readStore), metrics),
    },
    // Every read model, on the reference data the process loaded at start.
    { provide: PROJECTIONS, inject: [REFERENCE_DATA], useFactory: (reference: ReferenceData) => readModelProjections(reference) },
    {
      provide: PROJECTOR,
      inject: [APP_CONFIG, EVENT_STORE, READ_STORE, METRICS, TRACING, PROJECTIONS],
      useFactory: (config: AppConfig, eventStore: EventStore, readStore: ReadStore, metrics: Metrics, tracing: Tracing | null, projections: readonly Projection[]) => {
        if (!config.embeddedProjector) return null;
        const projector = new Projector(withSharedCatchUp(eventStore), readStore, projections, {
          logger: nestProjectorLogger(),
          ...(tracing ? { aroundBatch: traceProjectionBatches(tracing) } : {}),
          // On server stores other apis may project too: one applies under the lease, the others stand by.
          ...(sharesStores(config) ? { lease: { owner: `${hostname()}:${process.pid}`, ttlMs: config.projectorLeaseMs } } : {}),
        });
        metrics.watchProjector(projector);
        return projector;
      },
    },
    {
      provide: POSITION_WAITER,
      inject: [APP_CONFIG, PROJECTOR, READ_STORE, PROJECTIONS],
      useFactory: (config: AppConfig, projector: Projector | null, readStore: ReadStore, projections: readonly Projection[]) =>
        !projector
          ? new CheckpointPositionWaiter(readStore, projections)
          : sharesStores(config)
            ? new LeasedPositionWaiter(projector, new CheckpointPositionWaiter(readStore, projections))
            : new EmbeddedPositionWaiter(projector),
    },
    { provide: APP_INTERCEPTOR, useClass: MinPositionInterceptor },
    ReadModels,
    WorkerRecordService,
    CertificationService,
    ComplianceFactsLoader,
    ComplianceService,
    EnterpriseComplianceService,
    MilestonesService,
    InspectionProposals,
  ],
  exports: [READ_STORE, PROJECTOR, InspectionProposals, ReadModels],
})
export class ReadModelsModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTOR) private readonly projector: Projector | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.projector?.start();
  }

  /** Before any store closes: the projector reads the event store and writes the read store. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.projector?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readStore.close();
  }
}
