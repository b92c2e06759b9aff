import { Body, Controller, Param, Post, Res, type PipeTransform } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import type { CommandAnswer } from '../commands/command-result.js';
import { Command, type CommandContext } from '../http/command-context.js';
import { invalidInput } from '#libs/runtime';
import { respond } from '../http/respond.js';
import { COUNTY_CODE_PATTERN } from '../http/validators.js';
import { SubmitCountyDocument } from './submit-county-document.handler.js';
import { SubmitCountyDocumentDto } from './submit-county-document.dto.js';
import { ApiCommandResponses } from '../http/openapi/api-responses.js';

const countyCodePipe: PipeTransform<string, string> = {
  transform: (value) => {
    if (!COUNTY_CODE_PATTERN.test(value)) throw invalidInput([{ path: 'code', message: 'code must be a 6-digit administrative code' }]);
    return value;
  },
};

@ApiTags('counties')
@ApiBearerAuth()
@Controller('counties')
export class CountiesController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':code/implementation-plans')
  @Roles('city_admin', 'em_officer')
  @ApiOperation({ summary: "Record the county's implementation plan (实施方案), made known to its high-risk enterprises" })
  @ApiCommandResponses({ success: 'either', codes: { 404: ['unknown_county'] } })
  async implementationPlan(
    @Param('code', countyCodePipe) code: string,
    @Body() body: SubmitCountyDocumentDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new SubmitCountyDocument(code, 'implementation_plan', body, context)));
  }

  @Post(':code/summaries')
  @Roles('city_admin', 'em_officer')
  @ApiOperation({ summary: "Record the county's summary and long-term mechanism (总结与长效机制)" })
  @ApiCommandResponses({ success: 'either' })
  async summary(
    @Param('code', countyCodePipe) code: string,
    @Body() body: SubmitCountyDocumentDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new SubmitCountyDocument(code, 'summary', body, context)));
  }
}
