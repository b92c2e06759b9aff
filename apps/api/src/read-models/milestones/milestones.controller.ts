import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { notFound } from '#libs/runtime';
import { COUNTY_CODE_PATTERN, ID_PATTERN } from '../../http/validators.js';
import { Clock } from '../../shared/clock.js';
import { dayParam, patternParam } from '../shared/query-params.js';
import { MilestonesService } from './milestones.service.js';
import { ApiQueryParameters, ApiQueryResponses } from '../../http/openapi/api-responses.js';
import { QUERY_SCHEMAS } from '../../http/openapi/query-schemas.js';

@ApiTags('milestones')
@ApiBearerAuth()
@Controller('milestones')
export class MilestonesController {
  constructor(
    private readonly milestones: MilestonesService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('city_admin', 'enterprise_admin', 'training_provider', 'em_officer', 'hrss_officer', 'enforcement_officer', 'auditor', 'viewer')
  @ApiOperation({ summary: 'The plan’s milestones per unit as of a day: done_on_time, done_late, overdue, pending; a phase end shown as each unit’s progress (status progress, with progress)' })
  @ApiQueryResponses(QUERY_SCHEMAS.milestones, { notFound: true })
  @ApiQueryParameters(['asOf', 'countyCode', 'enterpriseId'])
  async get(@Query() query: Record<string, unknown>) {
    const asOf = dayParam(query, 'asOf') ?? this.clock.today();
    const enterpriseId = patternParam(query, 'enterpriseId', ID_PATTERN);
    const countyCode = patternParam(query, 'countyCode', COUNTY_CODE_PATTERN);
    const answer = await this.milestones.milestones(asOf, countyCode, enterpriseId);
    if (!answer) throw notFound(`Enterprise ${enterpriseId}`);
    return answer;
  }
}
