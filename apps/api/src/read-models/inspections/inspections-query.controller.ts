import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ORDER_STATUSES, orderStatusOn } from '#libs/domain';
import type { EnterpriseDocument, InspectionDocument, RectificationOrderDocument } from '#libs/projections';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import type { AuthenticatedActor } from '../../auth/roles.js';
import { IdParam } from '../../http/id-param.js';
import { notFound } from '#libs/runtime';
import { COUNTY_CODE_PATTERN } from '../../http/validators.js';
import { Clock } from '../../shared/clock.js';
import { assertInScope } from '../../shared/scope.js';
import { dayParam, oneOfParam, patternParam } from '../shared/query-params.js';
import { ReadModels } from '../shared/read-models.js';
import { ApiQueryParameters, ApiQueryResponses } from '../../http/openapi/api-responses.js';
import { QUERY_SCHEMAS } from '../../http/openapi/query-schemas.js';

const COUNTY_ROLES = new Set(['em_officer', 'hrss_officer', 'enforcement_officer']);

@ApiTags('inspections')
@ApiBearerAuth()
@Controller()
@Roles('city_admin', 'em_officer', 'enforcement_officer', 'auditor')
export class InspectionsQueryController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  @Get('inspections/:id')
  @ApiOperation({ summary: 'An inspection with each finding: proposed, confirmed or dropped, with its day' })
  @ApiQueryResponses(QUERY_SCHEMAS.inspection, { notFound: true })
  async inspection(@IdParam() id: string, @CurrentActor() actor: AuthenticatedActor): Promise<InspectionDocument> {
    const inspection = await this.readModels.get<InspectionDocument>('inspections', 'inspections', id);
    if (!inspection) throw notFound(`Inspection ${id}`);
    const enterprise = await this.readModels.get<EnterpriseDocument>('enterprises', 'enterprises', inspection.enterpriseId);
    assertInScope(actor, { countyCode: enterprise?.countyCode });
    const { _position, ...document } = inspection;
    return document;
  }

  @Get('rectification-orders')
  @ApiOperation({ summary: "Rectification orders of a county with their status as of a day (open, overdue, completed, completed_late); county officers see their county's" })
  @ApiQueryResponses(QUERY_SCHEMAS.rectificationOrders)
  @ApiQueryParameters(['asOf', 'status', 'countyCode'], { status: ORDER_STATUSES })
  async orders(@Query() query: Record<string, unknown>, @CurrentActor() actor: AuthenticatedActor) {
    const asOf = dayParam(query, 'asOf') ?? this.clock.today();
    const status = oneOfParam(query, 'status', ORDER_STATUSES);
    let countyCode = patternParam(query, 'countyCode', COUNTY_CODE_PATTERN);
    if (COUNTY_ROLES.has(actor.role)) {
      if (countyCode) assertInScope(actor, { countyCode });
      countyCode = actor.scope?.countyCode;
    }
    const enterprises = await this.readModels.find<EnterpriseDocument>('enterprises', 'enterprises', { filter: countyCode ? { countyCode } : {} });
    const byId = new Map(enterprises.map((e) => [e.enterpriseId, e]));
    const orders = await this.readModels.findIn<RectificationOrderDocument>('inspections', 'rectification_orders', 'enterpriseId', [...byId.keys()]);
    const items = orders
      .map(({ _position, ...order }) => ({
        ...order,
        // Not yet completed (or without a fine): null, as the answer's schema requires, never missing.
        fine: order.fine ?? null,
        completedOn: order.completedOn ?? null,
        completedRecordedAt: order.completedRecordedAt ?? null,
        enterpriseName: byId.get(order.enterpriseId)?.name ?? null,
        countyCode: byId.get(order.enterpriseId)?.countyCode ?? null,
        status: orderStatusOn({ ordered: { ...order, fine: order.fine ?? undefined }, completedOn: order.completedOn }, asOf),
      }))
      .filter((order) => order.status !== 'not_ordered' && (!status || order.status === status))
      .sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : a.orderId < b.orderId ? -1 : 1));
    // `countyCode` is always there, null for the whole city, as the answer's schema says.
    return { asOf, countyCode: countyCode ?? null, items };
  }
}
