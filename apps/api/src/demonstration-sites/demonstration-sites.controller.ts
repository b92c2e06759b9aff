import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import type { CommandAnswer } from '../commands/command-result.js';
import { Command, type CommandContext } from '../http/command-context.js';
import { respond } from '../http/respond.js';
import { EstablishDemonstrationSite } from './establish-demonstration-site.handler.js';
import { EstablishDemonstrationSiteDto } from './establish-demonstration-site.dto.js';
import { ApiCommandResponses } from '../http/openapi/api-responses.js';

@ApiTags('demonstration-sites')
@ApiBearerAuth()
@Controller('demonstration-sites')
export class DemonstrationSitesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('city_admin')
  @ApiOperation({ summary: 'Record a demonstration training base (实训基地) or vocational school (示范职业院校)' })
  @ApiCommandResponses({ success: 'created' })
  async establish(
    @Body() body: EstablishDemonstrationSiteDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new EstablishDemonstrationSite(body, context)));
  }
}
