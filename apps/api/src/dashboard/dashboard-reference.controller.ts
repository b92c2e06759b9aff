import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ReferenceData } from '#libs/domain';
import { Public } from '../auth/auth.decorators.js';
import { dayParam } from '../read-models/shared/query-params.js';
import { Clock } from '../shared/clock.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { ApiQueryParameters, ApiQueryResponses } from '../http/openapi/api-responses.js';
import { QUERY_SCHEMAS } from '../http/openapi/query-schemas.js';
import { ACCESS_MATRIX } from '../auth/access-matrix.js';

/** The reads the dashboard's panels make, and the roles allowed each (from the access matrix), so that it asks only for what the role may see. */
const DASHBOARD_READS = Object.fromEntries(
  ['/compliance', '/enterprises/:id/compliance', '/milestones', '/subsidy-claims', '/rectification-orders'].map((path) => [
    path,
    Object.keys(ACCESS_MATRIX.find((route) => route.method === 'GET' && route.path === path)?.roles ?? {}),
  ]),
);

/** The names and dates the dashboard labels its figures with: public plan data, nothing personal. */
@ApiTags('dashboard')
@Controller('dashboard/reference')
export class DashboardReferenceController {
  constructor(
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "The city's units, the sectors, the milestones and the targets in force on a day (default today)" })
  @ApiQueryResponses(QUERY_SCHEMAS.dashboardReference, { public: true })
  @ApiQueryParameters(['asOf'])
  get(@Query() query: Record<string, unknown>) {
    const asOf = dayParam(query, 'asOf') ?? this.clock.today();
    const units = this.reference.units.find(asOf) ?? this.reference.units.versions[0]!;
    const sectors = this.reference.sectors.find(asOf) ?? this.reference.sectors.versions[0]!;
    const milestones = this.reference.milestones.find(asOf) ?? this.reference.milestones.versions[0]!;
    const targets = this.reference.targets.find(asOf) ?? this.reference.targets.versions[0]!;
    return {
      asOf,
      today: this.clock.today(),
      city: units.city,
      units: units.units,
      sectors: sectors.sectors.map(({ code, nameZh }) => ({ code, nameZh })),
      milestones: milestones.milestones,
      targets: targets.metrics,
      reads: DASHBOARD_READS,
    };
  }
}
