import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SECTOR_CODES, type SectorCode } from '#libs/domain';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import type { AuthenticatedActor } from '../../auth/roles.js';
import { invalidInput } from '#libs/runtime';
import { COUNTY_CODE_PATTERN } from '../../http/validators.js';
import { Clock } from '../../shared/clock.js';
import { assertInScope } from '../../shared/scope.js';
import { dayParam, oneOfParam, patternParam } from '../shared/query-params.js';
import { ComplianceService, GROUP_BY } from './compliance.service.js';
import type { ComplianceSelection } from './compliance-facts.loader.js';
import { ApiQueryParameters, ApiQueryResponses } from '../../http/openapi/api-responses.js';
import { QUERY_SCHEMAS } from '../../http/openapi/query-schemas.js';

@ApiTags('compliance')
@ApiBearerAuth()
@Controller('compliance')
export class ComplianceController {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('city_admin', 'enterprise_admin', 'em_officer', 'hrss_officer', 'enforcement_officer', 'auditor', 'viewer')
  @ApiOperation({ summary: 'M1–M7 per city, county, sector or enterprise as of a day: numerator, denominator, ratio, target, met, status (met, not_yet_met, missed, no_target, no_data) and due day' })
  @ApiQueryResponses(QUERY_SCHEMAS.compliance)
  @ApiQueryParameters(['groupBy', 'asOf', 'countyCode', 'sector'], { groupBy: GROUP_BY, sector: SECTOR_CODES }, ['groupBy'])
  async get(@Query() query: Record<string, unknown>, @CurrentActor() actor: AuthenticatedActor) {
    const groupBy = oneOfParam(query, 'groupBy', GROUP_BY);
    if (!groupBy) throw invalidInput([{ path: 'groupBy', message: `groupBy is required: one of ${GROUP_BY.join(', ')}` }]);
    const asOf = dayParam(query, 'asOf') ?? this.clock.today();
    const selection: ComplianceSelection = {
      countyCode: patternParam(query, 'countyCode', COUNTY_CODE_PATTERN),
      sector: oneOfParam(query, 'sector', SECTOR_CODES as readonly SectorCode[]),
    };
    return this.compliance.compliance(groupBy, asOf, scoped(actor, selection));
  }
}

/** County officers see their county, an enterprise admin its enterprise; asking for another is 403. */
function scoped(actor: AuthenticatedActor, selection: ComplianceSelection): ComplianceSelection {
  const scope = actor.scope ?? {};
  if (actor.role === 'enterprise_admin') return { ...selection, enterpriseId: scope.enterpriseId };
  if (['em_officer', 'hrss_officer', 'enforcement_officer'].includes(actor.role)) {
    if (selection.countyCode) assertInScope(actor, { countyCode: selection.countyCode });
    return { ...selection, countyCode: scope.countyCode };
  }
  return selection;
}
