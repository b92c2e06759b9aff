import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import type { CommandAnswer } from '../commands/command-result.js';
import { Command, type CommandContext } from '../http/command-context.js';
import { IdParam } from '../http/id-param.js';
import { respond } from '../http/respond.js';
import { IssueCertificate } from './issue-certificate.handler.js';
import { IssueCertificateDto } from './issue-certificate.dto.js';
import { ReviewCertificate } from './review-certificate.handler.js';
import { ReviewCertificateDto } from './review-certificate.dto.js';
import { RevokeCertificate } from './revoke-certificate.handler.js';
import { RevokeCertificateDto } from './revoke-certificate.dto.js';
import { ApiCommandResponses } from '../http/openapi/api-responses.js';

@ApiTags('certificates')
@ApiBearerAuth()
@Controller('certificates')
export class CertificatesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('em_officer', 'training_provider')
  @ApiOperation({ summary: 'Issue a certificate: special operation by the county emergency-management officer, the others by a training provider' })
  @ApiCommandResponses({ success: 'created', codes: { 409: ['certificate_already_exists', 'duplicate_certificate_number', 'already_exists'], 422: ['no_rules_in_force', 'person_erased', 'no_passed_exam', 'not_eligible', 'revoked_for_fraud'], 400: ['invalid_certificate_type', 'invalid_day', 'invalid_level', 'invalid_valid_until', 'number_required', 'occupation_required', 'special_operation_code_required', 'unknown_special_operation_code'], 404: ['worker_not_found'] } })
  async issue(@Body() body: IssueCertificateDto, @Command() context: CommandContext, @Res({ passthrough: true }) response: Response): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new IssueCertificate(body, context)));
  }

  @Post(':id/reviews')
  @Roles('em_officer')
  @ApiOperation({ summary: 'Record the review (复审) of a special-operation certificate; a refused review makes it lapse' })
  @ApiCommandResponses({ success: 'updated', codes: { 404: ['certificate_not_found', 'worker_not_found'], 422: ['no_rules_in_force', 'outside_review_window', 'review_training_required', 'invalid_transition'], 400: ['invalid_day'] } })
  async review(
    @IdParam() id: string,
    @Body() body: ReviewCertificateDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new ReviewCertificate(id, body, context)));
  }

  @Post(':id/revocation')
  @Roles('em_officer')
  @ApiOperation({ summary: 'Revoke (撤销) a certificate; for fraud, no new certificate for 3 years' })
  @ApiCommandResponses({ success: 'updated', codes: { 404: ['certificate_not_found', 'worker_not_found'], 422: ['invalid_transition'], 400: ['before_issue', 'invalid_day', 'invalid_reason'] } })
  async revoke(
    @IdParam() id: string,
    @Body() body: RevokeCertificateDto,
    @Command() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new RevokeCertificate(id, body, context)));
  }
}
