import { Module } from '@nestjs/common';
import { ClaimContextReader } from './claim-context.js';
import { ClaimReservations } from './claim-reservations.js';
import { RecordClaimStepHandler } from './record-claim-step.handler.js';
import { SubmitSubsidyClaimHandler } from './submit-subsidy-claim.handler.js';
import { SubsidyClaimsController } from './subsidy-claims.controller.js';

@Module({
  controllers: [SubsidyClaimsController],
  providers: [SubmitSubsidyClaimHandler, RecordClaimStepHandler, ClaimContextReader, ClaimReservations],
})
export class SubsidyClaimsModule {}
