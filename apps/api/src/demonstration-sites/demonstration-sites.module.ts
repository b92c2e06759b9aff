import { Module } from '@nestjs/common';
import { DemonstrationSitesController } from './demonstration-sites.controller.js';
import { EstablishDemonstrationSiteHandler } from './establish-demonstration-site.handler.js';

@Module({
  controllers: [DemonstrationSitesController],
  providers: [EstablishDemonstrationSiteHandler],
})
export class DemonstrationSitesModule {}
