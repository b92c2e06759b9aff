import { Module } from '@nestjs/common';
import { EnterprisesController } from './enterprises.controller.js';
import { RegisterEnterpriseHandler } from './register-enterprise.handler.js';
import { SubmitEnterpriseSummaryHandler } from './submit-enterprise-summary.handler.js';
import { SubmitTrainingPlanHandler } from './submit-training-plan.handler.js';

@Module({
  controllers: [EnterprisesController],
  providers: [RegisterEnterpriseHandler, SubmitTrainingPlanHandler, SubmitEnterpriseSummaryHandler],
})
export class EnterprisesModule {}
