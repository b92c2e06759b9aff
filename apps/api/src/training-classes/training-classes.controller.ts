import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import type { CommandAnswer } from '../commands/command-result.js';
import { Command, type CommandContext } from '../http/command-context.js';
import { IdParam } from '../http/id-param.js';
import { respond } from '../http/respond.js';
import { AddTrainee } from './add-trainee.handler.js';
import { AddTraineeDto } from './add-trainee.dto.js';
import { CompleteTraining } from './complete-training.handler.js';
import { CompleteTrainingDto } from './complete-training.dto.js';
import { OpenTrainingClass } from './open-training-class.handler.js';
import { OpenTrainingClassDto } from './open-training-class.dto.js';
import { ApiCommandResponses } from '../http/openapi/api-responses.js';

@ApiTags('training-classes')
@ApiBearerAuth()
@Controller('training-classes')
export class TrainingClassesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('training_provider', 'enterprise_admin')
  @ApiOperation({ summary: 'Open a training class (培训班), run by a provider or by an enterprise' })
  @ApiCommandResponses({ success: 'created', codes: { 400: ['invalid_class_kind', 'invalid_day', 'invalid_hours', 'invalid_owner', 'special_operation_code_required', 'unknown_special_operation_code', 'ends_before_start'], 404: ['unknown_county', 'enterprise_not_found', 'training_provider_not_found'], 409: ['training_class_already_exists'] } })
  async open(@Body() body: OpenTrainingClassDto, @Command() context: CommandContext, @Res({ passthrough: true }) response: Response): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new OpenTrainingClass(body, context)));
  }

  @Post(':id/trainees')
  @Roles('training_provider', 'enterprise_admin')
  @ApiOperation({ summary: "Add a worker to the class's roster (the class's owner only)" })
  @ApiCommandResponses({ success: 'updated', codes: { 409: ['already_added'], 422: ['identity_mismatch', 'person_mismatch', 'invalid_transition'], 404: ['training_class_not_found', 'worker_not_found'] } })
  async addTrainee(
    @IdParam() id: string,
    @Body() body: AddTraineeDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new AddTrainee(id, body, context)));
  }

  @Post(':id/completions')
  @Roles('training_provider', 'enterprise_admin')
  @ApiOperation({ summary: "Record a trainee's completion and hours attended (the class's owner only)" })
  @ApiCommandResponses({ success: 'updated', codes: { 422: ['training_hours_below_minimum', 'not_a_trainee', 'already_completed', 'completed_outside_class_dates', 'hours_exceed_class'], 400: ['invalid_day', 'invalid_hours'], 404: ['training_class_not_found'], 409: ['already_completed'] } })
  async complete(
    @IdParam() id: string,
    @Body() body: CompleteTrainingDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new CompleteTraining(id, body, context)));
  }
}
