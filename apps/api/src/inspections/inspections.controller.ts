import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import type { CommandAnswer } from '../commands/command-result.js';
import { Command, type CommandContext } from '../http/command-context.js';
import { IdParam } from '../http/id-param.js';
import { respond } from '../http/respond.js';
import { RecordInspectionStep, type InspectionStep } from './inspection-steps.handler.js';
import { CloseInspectionDto, DecideFindingDto, OpenInspectionDto, OrderRectificationDto } from './inspection.dtos.js';
import { OpenInspection } from './open-inspection.handler.js';
import { OrderRectification } from './order-rectification.handler.js';
import { ApiCommandResponses } from '../http/openapi/api-responses.js';

@ApiTags('inspections')
@ApiBearerAuth()
@Controller('inspections')
@Roles('enforcement_officer')
export class InspectionsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: "Record an inspection of an enterprise's training (安全培训执法检查) with the officer's findings" })
  @ApiCommandResponses({ success: 'created', codes: { 400: ['before_inspection', 'duplicate_finding', 'invalid_check', 'invalid_day', 'invalid_finding_kind', 'no_checks'], 404: ['finding_not_found', 'inspection_not_found', 'worker_not_found'], 409: ['inspection_already_exists'], 422: ['invalid_transition'], 503: ['read_models_behind'] } })
  async open(@Body() body: OpenInspectionDto, @Command() context: CommandContext, @Res({ passthrough: true }) response: Response): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new OpenInspection(body, context)));
  }

  @Post(':id/findings/:findingId/confirmation')
  @ApiOperation({ summary: 'Confirm a proposed finding' })
  @ApiCommandResponses({ success: 'updated', codes: { 422: ['invalid_transition'], 400: ['before_inspection', 'invalid_day'], 404: ['finding_not_found', 'inspection_not_found'] } })
  async confirm(
    @IdParam() id: string,
    @IdParam('findingId') findingId: string,
    @Body() body: DecideFindingDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return this.decideFinding({ type: 'ConfirmFinding', data: { inspectionId: id, findingId, on: body.on } }, context, response);
  }

  @Post(':id/findings/:findingId/dismissal')
  @ApiOperation({ summary: 'Drop a proposed finding, with a reason' })
  @ApiCommandResponses({ success: 'updated', codes: { 422: ['invalid_transition'], 400: ['before_inspection', 'invalid_day'], 404: ['finding_not_found', 'inspection_not_found'] } })
  async drop(
    @IdParam() id: string,
    @IdParam('findingId') findingId: string,
    @Body() body: DecideFindingDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return this.decideFinding({ type: 'DropFinding', data: { inspectionId: id, findingId, on: body.on, ...(body.reason ? { reason: body.reason } : {}) } }, context, response);
  }

  private async decideFinding(step: InspectionStep, context: CommandContext, response: Response): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new RecordInspectionStep(step, context)));
  }

  @Post(':id/closure')
  @ApiOperation({ summary: 'Close the inspection once every finding is confirmed or dropped' })
  @ApiCommandResponses({ success: 'updated', codes: { 422: ['findings_pending', 'invalid_transition'] } })
  async close(@IdParam() id: string, @Body() body: CloseInspectionDto, @Command() context: CommandContext, @Res({ passthrough: true }) response: Response): Promise<CommandAnswer> {
    const step = { type: 'CloseInspection' as const, data: { inspectionId: id, closedOn: body.closedOn } };
    return respond(response, await this.commands.execute(new RecordInspectionStep(step, context)));
  }

  @Post(':id/rectification-orders')
  @ApiOperation({ summary: 'Order rectification within a deadline (责令限期改正), with a fine within the Art. 97 band' })
  @ApiCommandResponses({ success: 'created', codes: { 422: ['no_confirmed_findings', 'fine_out_of_range', 'no_rules_in_force'], 400: ['before_inspection', 'deadline_before_order', 'invalid_day', 'invalid_fine_band'], 404: ['inspection_not_found'], 409: ['rectification_order_already_exists'] } })
  async order(
    @IdParam() id: string,
    @Body() body: OrderRectificationDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new OrderRectification(id, body, context)));
  }
}
