import { Module } from '@nestjs/common';
import { AddTraineeHandler } from './add-trainee.handler.js';
import { CompleteTrainingHandler } from './complete-training.handler.js';
import { OpenTrainingClassHandler } from './open-training-class.handler.js';
import { TrainingClassesController } from './training-classes.controller.js';

@Module({
  controllers: [TrainingClassesController],
  providers: [OpenTrainingClassHandler, AddTraineeHandler, CompleteTrainingHandler],
})
export class TrainingClassesModule {}
