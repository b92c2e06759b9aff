import { Module } from '@nestjs/common';
import { ClaimHistoryController } from './claim-history.controller.js';

@Module({ controllers: [ClaimHistoryController] })
export class AuditModule {}
