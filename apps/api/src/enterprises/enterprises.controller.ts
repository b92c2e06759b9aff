import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import type { CommandAnswer } from '../commands/command-result.js';
import { Command, type CommandContext } from '../http/command-context.js';
import { IdParam } from '../http/id-param.js';
import { respond } from '../http/respond.js';
import { RegisterEnterprise } from './register-enterprise.handler.js';
import { RegisterEnterpriseDto } from './register-enterprise.dto.js';
import { SubmitEnterpriseSummary } from './submit-enterprise-summary.handler.js';
import { SubmitEnterpriseSummaryDto } from './submit-enterprise-summary.dto.js';
import { SubmitTrainingPlan } from './submit-training-plan.handler.js';
import { SubmitTrainingPlanDto } from './submit-training-plan.dto.js';
import { ApiCommandResponses } from '../http/openapi/api-responses.js';

@ApiTags('enterprises')
@ApiBearerAuth()
@Controller('enterprises')
export class EnterprisesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('city_admin', 'em_officer')
  @ApiOperation({ summary: 'Register a high-risk enterprise (高危企业)' })
  @ApiCommandResponses({ success: 'created', codes: { 400: ['invalid_day', 'invalid_credit_code', 'unknown_sector', 'unknown_subsector'], 404: ['unknown_county'], 409: ['enterprise_already_exists', 'duplicate_credit_code', 'already_exists'] } })
  async register(@Body() body: RegisterEnterpriseDto, @Command() context: CommandContext, @Res({ passthrough: true }) response: Response): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new RegisterEnterprise(body, context)));
  }

  @Post(':id/training-plans')
  @Roles('enterprise_admin')
  @ApiOperation({ summary: "Submit the enterprise's yearly training plan (培训计划)" })
  @ApiCommandResponses({ success: 'updated', codes: { 400: ['invalid_day', 'invalid_plan_year'], 404: ['enterprise_not_found'] } })
  async submitTrainingPlan(
    @IdParam() id: string,
    @Body() body: SubmitTrainingPlanDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new SubmitTrainingPlan(id, body, context)));
  }

  @Post(':id/summaries')
  @Roles('enterprise_admin')
  @ApiOperation({ summary: "Submit the enterprise's summary and long-term mechanism (总结和长效机制, milestone 2021-11-30)" })
  @ApiCommandResponses({ success: 'updated', codes: { 400: ['invalid_day'], 404: ['enterprise_not_found'] } })
  async submitSummary(
    @IdParam() id: string,
    @Body() body: SubmitEnterpriseSummaryDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new SubmitEnterpriseSummary(id, body, context)));
  }
}
