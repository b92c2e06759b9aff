import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import type { CommandAnswer } from '../commands/command-result.js';
import { Command, type CommandContext } from '../http/command-context.js';
import { IdParam } from '../http/id-param.js';
import { respond } from '../http/respond.js';
import { ErasePerson } from './erase-person.handler.js';
import { RenamePerson } from './rename-person.handler.js';
import { RenamePersonDto } from './rename-person.dto.js';
import { ApiCommandResponses } from '../http/openapi/api-responses.js';

@ApiTags('workers')
@ApiBearerAuth()
@Controller('workers')
export class PersonalDataController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/erasure')
  @HttpCode(200)
  @Roles('city_admin')
  @ApiOperation({ summary: "Erase a person's personal data (crypto-shredding): the key goes, the history stays, unreadable" })
  @ApiCommandResponses({ success: 'updated', codes: { 422: ['already_erased'], 503: ['erasure_pending'] } })
  async erase(@IdParam() id: string, @Command() context: CommandContext, @Res({ passthrough: true }) response: Response): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new ErasePerson(id, context)));
  }

  @Post(':id/name')
  @HttpCode(200)
  @Roles('city_admin')
  @ApiOperation({ summary: "Change a person's name (改名) on documentary proof: the only way a name changes; an enrolment never renames" })
  @ApiCommandResponses({ success: 'updated', codes: { 422: ['name_unchanged', 'already_erased'] } })
  async rename(
    @IdParam() id: string,
    @Body() body: RenamePersonDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new RenamePerson(id, body, context)));
  }
}
