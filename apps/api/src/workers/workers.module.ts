import { Module } from '@nestjs/common';
import { AssignToPostHandler } from './assign-to-post.handler.js';
import { EndEmploymentHandler } from './end-employment.handler.js';
import { EndPostHandler } from './end-post.handler.js';
import { EnrollWorkerHandler } from './enroll-worker.handler.js';
import { RecordEducationHandler } from './record-education.handler.js';
import { RecordExamHandler } from './record-exam.handler.js';
import { WorkersController } from './workers.controller.js';

@Module({
  controllers: [WorkersController],
  providers: [EnrollWorkerHandler, EndEmploymentHandler, AssignToPostHandler, EndPostHandler, RecordExamHandler, RecordEducationHandler],
})
export class WorkersModule {}
