import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module.js';
import { CompleteRectificationHandler } from './complete-rectification.handler.js';
import { RecordInspectionStepHandler } from './inspection-steps.handler.js';
import { InspectionsController } from './inspections.controller.js';
import { OpenInspectionHandler } from './open-inspection.handler.js';
import { OrderRectificationHandler } from './order-rectification.handler.js';
import { RectificationOrdersController } from './rectification-orders.controller.js';

@Module({
  imports: [ReadModelsModule],
  controllers: [InspectionsController, RectificationOrdersController],
  providers: [OpenInspectionHandler, RecordInspectionStepHandler, OrderRectificationHandler, CompleteRectificationHandler],
})
export class InspectionsModule {}
