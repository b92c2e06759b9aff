import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ReferenceData } from '#libs/domain';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import type { AuthenticatedActor } from '../../auth/roles.js';
import { IdParam } from '../../http/id-param.js';
import { Clock } from '../../shared/clock.js';
import { REFERENCE_DATA } from '../../shared/domain.module.js';
import { dayParam, instantParam } from '../shared/query-params.js';
import { CertificationService } from './certification.service.js';
import { WorkerRecordService } from './worker-record.service.js';
import { ApiQueryParameters, ApiQueryResponses } from '../../http/openapi/api-responses.js';
import { QUERY_SCHEMAS } from '../../http/openapi/query-schemas.js';

@ApiTags('workers')
@ApiBearerAuth()
@Controller('workers')
export class WorkersQueryController {
  constructor(
    private readonly records: WorkerRecordService,
    private readonly certifications: CertificationService,
    private readonly clock: Clock,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
  ) {}

  @Get(':id')
  @Roles('city_admin', 'enterprise_admin', 'training_provider', 'em_officer', 'hrss_officer', 'enforcement_officer', 'auditor')
  @ApiOperation({ summary: "A person's lifelong account (个人终身档案): employments, posts, trainings, exams, certificates; ID number masked unless the role needs it" })
  @ApiQueryResponses(QUERY_SCHEMAS.workerRecord, { notFound: true })
  record(@IdParam() id: string, @CurrentActor() actor: AuthenticatedActor) {
    return this.records.record(actor, id, this.clock.today());
  }

  @Get(':id/certification')
  @Roles('enforcement_officer', 'em_officer', 'auditor')
  @ApiOperation({ summary: "The person's certificates and posts as of a day, as known at an instant (defaults: today, now)" })
  @ApiQueryResponses(QUERY_SCHEMAS.certification, { notFound: true })
  @ApiQueryParameters(['asOf', 'knownAt'])
  async certification(@IdParam() id: string, @Query() query: Record<string, unknown>, @CurrentActor() actor: AuthenticatedActor) {
    const asOf = dayParam(query, 'asOf') ?? this.clock.today();
    const knownAt = instantParam(query, 'knownAt') ?? this.clock.now().toISOString();
    const worker = await this.records.load(actor, id, this.clock.today());
    const targets = this.reference.targets.find(asOf) ?? this.reference.targets.versions[0]!;
    return this.certifications.certification(worker, asOf, knownAt, targets);
  }
}
