import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import type { CommandAnswer } from '../commands/command-result.js';
import { Command, type CommandContext } from '../http/command-context.js';
import { IdParam } from '../http/id-param.js';
import { respond } from '../http/respond.js';
import { CompleteRectification } from './complete-rectification.handler.js';
import { CompleteRectificationDto } from './inspection.dtos.js';
import { ApiCommandResponses } from '../http/openapi/api-responses.js';

@ApiTags('inspections')
@ApiBearerAuth()
@Controller('rectification-orders')
@Roles('enforcement_officer')
export class RectificationOrdersController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/completion')
  @ApiOperation({ summary: 'Record that the enterprise completed the rectification' })
  @ApiCommandResponses({ success: 'updated', codes: { 422: ['invalid_transition'], 400: ['before_order', 'invalid_day'], 404: ['rectification_order_not_found'] } })
  async complete(
    @IdParam() id: string,
    @Body() body: CompleteRectificationDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new CompleteRectification(id, body, context)));
  }
}
