import { Global, Module } from '@nestjs/common';
import { EventWriter } from './event-writer.js';

@Global()
@Module({ providers: [EventWriter], exports: [EventWriter] })
export class CommandsModule {}
