import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import type { CommandAnswer } from '../commands/command-result.js';
import { Command, type CommandContext } from '../http/command-context.js';
import { respond } from '../http/respond.js';
import { RegisterTrainingProvider } from './register-training-provider.handler.js';
import { RegisterTrainingProviderDto } from './register-training-provider.dto.js';
import { ApiCommandResponses } from '../http/openapi/api-responses.js';

@ApiTags('training-providers')
@ApiBearerAuth()
@Controller('training-providers')
export class TrainingProvidersController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('city_admin', 'em_officer')
  @ApiOperation({ summary: 'Register a training provider (培训机构, 职业院校, 企业培训中心)' })
  @ApiCommandResponses({ success: 'created', codes: { 400: ['invalid_credit_code', 'invalid_provider_kind'], 404: ['unknown_county'], 409: ['already_exists'] } })
  async register(@Body() body: RegisterTrainingProviderDto, @Command() context: CommandContext, @Res({ passthrough: true }) response: Response): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new RegisterTrainingProvider(body, context)));
  }
}
