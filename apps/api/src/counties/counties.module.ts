import { Module } from '@nestjs/common';
import { CountiesController } from './counties.controller.js';
import { SubmitCountyDocumentHandler } from './submit-county-document.handler.js';

@Module({
  controllers: [CountiesController],
  providers: [SubmitCountyDocumentHandler],
})
export class CountiesModule {}
