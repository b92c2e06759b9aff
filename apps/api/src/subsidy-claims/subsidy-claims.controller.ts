import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import type { CommandAnswer } from '../commands/command-result.js';
import { Command, type CommandContext } from '../http/command-context.js';
import { IdParam } from '../http/id-param.js';
import { respond } from '../http/respond.js';
import { ApproveSubsidyClaimDto } from './approve-subsidy-claim.dto.js';
import { ClawBackSubsidyClaimDto } from './claw-back-subsidy-claim.dto.js';
import { PaySubsidyClaimDto } from './pay-subsidy-claim.dto.js';
import { RecordClaimStep, type ClaimStep } from './record-claim-step.handler.js';
import { RejectSubsidyClaimDto } from './reject-subsidy-claim.dto.js';
import { SubmitSubsidyClaim } from './submit-subsidy-claim.handler.js';
import { SubmitSubsidyClaimDto } from './submit-subsidy-claim.dto.js';
import { VerifySubsidyClaimDto } from './verify-subsidy-claim.dto.js';
import { ApiCommandResponses, type Codes } from '../http/openapi/api-responses.js';

/** What every step on a claim can refuse besides its own rules: the claim unknown, a day before the previous step. */
const CLAIM_STEP_CODES = { 400: ['before_previous_step', 'invalid_day'], 404: ['subsidy_claim_not_found'] } as const satisfies Codes;

@ApiTags('subsidy-claims')
@ApiBearerAuth()
@Controller('subsidy-claims')
export class SubsidyClaimsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('enterprise_admin', 'training_provider')
  @ApiOperation({ summary: 'Submit a training subsidy claim for one training class (培训班为批次)' })
  @ApiCommandResponses({
    success: 'created',
    codes: {
      400: ['invalid_claimant', 'no_trainees', 'duplicate_trainee', 'invalid_day'],
      404: ['training_class_not_found', 'worker_not_found', 'unknown_county'],
      409: ['already_exists', 'subsidy_claim_already_exists', 'class_already_claimed'],
      422: [
        'no_passed_exam', 'already_subsidised', 'claimed_by_other_claimant', 'not_class_owner', 'not_eligible', 'class_not_subsidised', 'not_completed', 'no_certificate',
        'certificate_mismatch', 'no_labor_contract', 'not_employed_by_claimant', 'no_employer', 'yearly_limit_reached', 'certificate_not_from_class', 'certificate_not_valid',
        'training_hours_below_minimum', 'no_rules_in_force',
      ],
    },
  })
  async submit(@Body() body: SubmitSubsidyClaimDto, @Command() context: CommandContext, @Res({ passthrough: true }) response: Response): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new SubmitSubsidyClaim(body, context)));
  }

  @Post(':id/verification')
  @Roles('em_officer')
  @ApiOperation({ summary: 'Verify and stamp the claim (核实盖章), by the county emergency-management department' })
  @ApiCommandResponses({ success: 'updated', codes: { ...CLAIM_STEP_CODES, 422: ['invalid_transition'] } })
  verify(@IdParam() id: string, @Body() body: VerifySubsidyClaimDto, @Command() context: CommandContext, @Res({ passthrough: true }) response: Response): Promise<CommandAnswer> {
    return this.step(id, { type: 'VerifySubsidyClaim', data: { claimId: id, ...body } }, body.verifiedOn, context, response);
  }

  @Post(':id/approval')
  @Roles('hrss_officer')
  @ApiOperation({ summary: 'Approve an amount up to the claim total, by the county HR & social-security department' })
  @ApiCommandResponses({ success: 'updated', codes: { ...CLAIM_STEP_CODES, 400: [...CLAIM_STEP_CODES[400], 'invalid_amount'], 422: ['invalid_transition', 'amount_exceeds_total'] } })
  approve(@IdParam() id: string, @Body() body: ApproveSubsidyClaimDto, @Command() context: CommandContext, @Res({ passthrough: true }) response: Response): Promise<CommandAnswer> {
    return this.step(id, { type: 'ApproveSubsidyClaim', data: { claimId: id, ...body } }, body.approvedOn, context, response);
  }

  @Post(':id/rejection')
  @Roles('em_officer', 'hrss_officer')
  @ApiOperation({ summary: 'Reject a claim: emergency management instead of stamping it, HR & social security only after the stamp (else 422 not_verified); frees its class, person+code and yearly reservations' })
  @ApiCommandResponses({ success: 'updated', codes: { ...CLAIM_STEP_CODES, 422: ['invalid_transition', 'not_verified'] } })
  reject(@IdParam() id: string, @Body() body: RejectSubsidyClaimDto, @Command() context: CommandContext, @Res({ passthrough: true }) response: Response): Promise<CommandAnswer> {
    // The office rejecting is the officer's: emergency management before its stamp, HR & social security after it.
    const department = context.actor.role === 'em_officer' ? 'emergency_management' : 'hr_social_security';
    return this.step(id, { type: 'RejectSubsidyClaim', data: { claimId: id, ...body, department } }, body.rejectedOn, context, response);
  }

  @Post(':id/payment')
  @Roles('hrss_officer')
  @ApiOperation({ summary: 'Record the payment of the approved amount' })
  @ApiCommandResponses({ success: 'updated', codes: { ...CLAIM_STEP_CODES, 400: [...CLAIM_STEP_CODES[400], 'invalid_amount'], 422: ['invalid_transition', 'amount_mismatch'] } })
  pay(@IdParam() id: string, @Body() body: PaySubsidyClaimDto, @Command() context: CommandContext, @Res({ passthrough: true }) response: Response): Promise<CommandAnswer> {
    return this.step(id, { type: 'PaySubsidyClaim', data: { claimId: id, ...body } }, body.paidOn, context, response);
  }

  @Post(':id/clawback')
  @Roles('hrss_officer')
  @ApiOperation({ summary: 'Claw back a paid claim found fraudulent; the person and code stay marked as subsidised' })
  @ApiCommandResponses({ success: 'updated', codes: { ...CLAIM_STEP_CODES, 422: ['invalid_transition'] } })
  clawBack(@IdParam() id: string, @Body() body: ClawBackSubsidyClaimDto, @Command() context: CommandContext, @Res({ passthrough: true }) response: Response): Promise<CommandAnswer> {
    return this.step(id, { type: 'ClawBackSubsidyClaim', data: { claimId: id, ...body } }, body.on, context, response);
  }

  private async step(id: string, step: ClaimStep, occurredAt: string, context: CommandContext, response: Response): Promise<CommandAnswer> {
    return respond(response, await this.commands.execute(new RecordClaimStep(id, step, occurredAt, context)));
  }
}
