import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthGuard, TOKEN_VERIFIER } from './auth/auth.guard.js';
import { createTokenVerifier } from './auth/tokens.js';
import type { AppConfig, Tracing } from '#libs/runtime';
import { AuditModule } from './audit/audit.module.js';
import { CommandsModule } from './commands/commands.module.js';
import { EnterprisesModule } from './enterprises/enterprises.module.js';
import { WorkersModule } from './workers/workers.module.js';
import { ShutdownTasks } from './shared/shutdown-tasks.js';
import { TrainingProvidersModule } from './training-providers/training-providers.module.js';
import { TrainingClassesModule } from './training-classes/training-classes.module.js';
import { CertificatesModule } from './certificates/certificates.module.js';
import { SubsidyClaimsModule } from './subsidy-claims/subsidy-claims.module.js';
import { InspectionsModule } from './inspections/inspections.module.js';
import { CountiesModule } from './counties/counties.module.js';
import { DemonstrationSitesModule } from './demonstration-sites/demonstration-sites.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { PersonalDataModule } from './personal-data/personal-data.module.js';
import { DomainModule } from './shared/domain.module.js';
import { HealthController } from './health/health.controller.js';
import { ProblemFilter } from './http/problem.filter.js';
import { createRateLimiter, RATE_LIMITER } from './http/security/http-hardening.js';
import { StoresModule } from './infrastructure/stores.module.js';
import { loggingModule } from './logging/logging.module.js';
import { CommandMetricsInterceptor } from './metrics/command-metrics.interceptor.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { ReadModelsModule } from './read-models/read-models.module.js';
import { CommandTracingInterceptor } from './tracing/command-tracing.interceptor.js';

@Module({})
export class AppModule {
  /** `tracing`: the process's traces when they are on (`startTracing`); absent, nothing traces. */
  static register(config: AppConfig, tracing?: Tracing): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule(config.logLevel, tracing),
        StoresModule.register(config, tracing),
        CqrsModule.forRoot(),
        DomainModule,
        CommandsModule,
        PersonalDataModule,
        EnterprisesModule,
        TrainingProvidersModule,
        WorkersModule,
        TrainingClassesModule,
        CertificatesModule,
        SubsidyClaimsModule,
        InspectionsModule,
        CountiesModule,
        DemonstrationSitesModule,
        AuditModule,
        DashboardModule.register(config),
        ReadModelsModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: TOKEN_VERIFIER, useFactory: () => createTokenVerifier(config.auth) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: CommandMetricsInterceptor },
        ...(tracing ? [{ provide: APP_INTERCEPTOR, useClass: CommandTracingInterceptor }] : []),
        { provide: RATE_LIMITER, useFactory: () => createRateLimiter(config.security) },
        ShutdownTasks,
      ],
    };
  }
}
