import { Module } from '@nestjs/common';
import { RegisterTrainingProviderHandler } from './register-training-provider.handler.js';
import { TrainingProvidersController } from './training-providers.controller.js';

@Module({
  controllers: [TrainingProvidersController],
  providers: [RegisterTrainingProviderHandler],
})
export class TrainingProvidersModule {}
