import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import type { CommandAnswer } from '../commands/command-result.js';
import { Command, type CommandContext } from '../http/command-context.js';
import { IdParam } from '../http/id-param.js';
import { respond } from '../http/respond.js';
import { AssignToPost } from './assign-to-post.handler.js';
import { AssignToPostDto } from './assign-to-post.dto.js';
import { EndEmployment } from './end-employment.handler.js';
import { EndEmploymentDto } from './end-employment.dto.js';
import { EndPost } from './end-post.handler.js';
import { EndPostDto } from './end-post.dto.js';
import { EnrollWorker } from './enroll-worker.handler.js';
import { EnrollWorkerDto } from './enroll-worker.dto.js';
import { RecordEducation } from './record-education.handler.js';
import { RecordEducationDto } from './record-education.dto.js';
import { RecordExam } from './record-exam.handler.js';
import { RecordExamDto } from './record-exam.dto.js';
import { ApiCommandResponses } from '../http/openapi/api-responses.js';

@ApiTags('workers')
@ApiBearerAuth()
@Controller('workers')
export class WorkersController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('enterprise_admin')
  @ApiOperation({ summary: 'Enrol a worker: one lifelong account per ID number (个人终身账号); a known person gets the employment added' })
  @ApiCommandResponses({ success: 'either', codes: { 400: ['invalid_day', 'invalid_education_level', 'invalid_employment_type', 'invalid_hire_type', 'invalid_id_number'], 409: ['person_mismatch', 'already_employed', 'employment_already_exists'], 422: ['no_rules_in_force', 'not_eligible', 'identity_mismatch', 'person_erased'], 404: ['enterprise_not_found'] } })
  async enroll(@Body() body: EnrollWorkerDto, @Command() context: CommandContext, @Res({ passthrough: true }) response: Response): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new EnrollWorker(body, context)));
  }

  @Post(':id/employment-end')
  @Roles('enterprise_admin')
  @ApiOperation({ summary: 'End the employment at the enterprise; its open posts end the same day' })
  @ApiCommandResponses({ success: 'updated', codes: { 400: ['invalid_day', 'ends_before_start'], 422: ['not_employed', 'invalid_transition'], 404: ['worker_not_found'] } })
  async endEmployment(
    @IdParam() id: string,
    @Body() body: EndEmploymentDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new EndEmployment(id, body, context)));
  }

  @Post(':id/posts')
  @Roles('enterprise_admin')
  @ApiOperation({ summary: 'Assign to a post; untrained or uncertified postings succeed with warnings' })
  @ApiCommandResponses({ success: 'updated', codes: { 400: ['invalid_day', 'unknown_risk_post', 'unknown_special_operation_code', 'ends_before_start'], 409: ['post_already_exists'], 422: ['no_rules_in_force', 'not_eligible', 'person_erased', 'not_employed'], 404: ['worker_not_found'] } })
  async assignToPost(
    @IdParam() id: string,
    @Body() body: AssignToPostDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new AssignToPost(id, body, context)));
  }

  @Post(':id/posts/:postId/end')
  @Roles('enterprise_admin')
  @ApiOperation({ summary: 'End a post' })
  @ApiCommandResponses({ success: 'updated', codes: { 400: ['invalid_day', 'ends_before_start'], 404: ['worker_not_found', 'post_not_found'], 422: ['invalid_transition'] } })
  async endPost(
    @IdParam() id: string,
    @IdParam('postId') postId: string,
    @Body() body: EndPostDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new EndPost(id, postId, body, context)));
  }

  @Post(':id/exams')
  @Roles('training_provider', 'enterprise_admin', 'em_officer')
  @ApiOperation({ summary: 'Record an exam (PassExam / FailExam); the answer says whether it was passed' })
  @ApiCommandResponses({ success: 'updated', codes: { 400: ['invalid_day', 'invalid_exam_kind', 'practical_score_required', 'special_operation_code_required', 'unknown_special_operation_code', 'invalid_score'], 409: ['exam_already_recorded'], 422: ['no_rules_in_force', 'training_required', 'not_eligible', 'class_mismatch', 'not_a_trainee', 'person_erased'], 404: ['worker_not_found', 'training_class_not_found'] } })
  async recordExam(
    @IdParam() id: string,
    @Body() body: RecordExamDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new RecordExam(id, body, context)));
  }

  @Post(':id/education')
  @Roles('enterprise_admin', 'city_admin')
  @ApiOperation({ summary: 'Record an education started or obtained after enrolment (中职及以上学历教育): M4 counts it from `since`' })
  @ApiCommandResponses({ success: 'updated', codes: { 400: ['invalid_education_level', 'invalid_day'], 422: ['not_employed', 'already_erased'], 404: ['worker_not_found'] } })
  async recordEducation(
    @IdParam() id: string,
    @Body() body: RecordEducationDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new RecordEducation(id, body, context)));
  }
}
