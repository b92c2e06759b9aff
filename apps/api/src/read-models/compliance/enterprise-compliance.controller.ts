import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import type { AuthenticatedActor } from '../../auth/roles.js';
import { IdParam } from '../../http/id-param.js';
import { notFound } from '#libs/runtime';
import { Clock } from '../../shared/clock.js';
import { assertInScope } from '../../shared/scope.js';
import { dayParam, instantParam } from '../shared/query-params.js';
import { EnterpriseComplianceService, type EnterpriseCompliance } from './enterprise-compliance.service.js';
import { ApiQueryParameters, ApiQueryResponses } from '../../http/openapi/api-responses.js';
import { QUERY_SCHEMAS } from '../../http/openapi/query-schemas.js';

/** Roles that see the names of the workers behind a shortfall: the inspector, the county's officer, the employer. */
const SEES_NAMES = new Set(['enforcement_officer', 'em_officer', 'enterprise_admin']);

@ApiTags('compliance')
@ApiBearerAuth()
@Controller('enterprises')
export class EnterpriseComplianceController {
  constructor(
    private readonly compliance: EnterpriseComplianceService,
    private readonly clock: Clock,
  ) {}

  @Get(':id/compliance')
  @Roles('city_admin', 'enterprise_admin', 'em_officer', 'hrss_officer', 'enforcement_officer', 'auditor')
  @ApiOperation({ summary: "An enterprise's M1–M7 as of a day and as known at an instant, with the workers behind every shortfall (for an inspection file)" })
  @ApiQueryResponses(QUERY_SCHEMAS.enterpriseCompliance, { notFound: true })
  @ApiQueryParameters(['asOf', 'knownAt'])
  async get(@IdParam() id: string, @Query() query: Record<string, unknown>, @CurrentActor() actor: AuthenticatedActor): Promise<EnterpriseCompliance> {
    const asOf = dayParam(query, 'asOf') ?? this.clock.today();
    const knownAt = instantParam(query, 'knownAt') ?? null;
    const answer = await this.compliance.enterprise(id, asOf, knownAt, SEES_NAMES.has(actor.role));
    if (!answer) throw notFound(`Enterprise ${id}`);
    assertInScope(actor, { enterpriseId: answer.enterpriseId, countyCode: answer.countyCode });
    return answer;
  }
}
