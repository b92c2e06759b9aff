import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SUBSIDY_CLAIM_STATUSES } from '#libs/domain';
import type { SubsidyClaimDocument } from '#libs/projections';
import type { DocumentFilter, StoredDocument } from '#libs/read-store';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import type { AuthenticatedActor } from '../../auth/roles.js';
import { IdParam } from '../../http/id-param.js';
import { forbidden, notFound } from '#libs/runtime';
import { COUNTY_CODE_PATTERN } from '../../http/validators.js';
import { ReadModels } from '../shared/read-models.js';
import { integerParam, oneOfParam, patternParam } from '../shared/query-params.js';
import { ApiQueryParameters, ApiQueryResponses } from '../../http/openapi/api-responses.js';
import { QUERY_SCHEMAS } from '../../http/openapi/query-schemas.js';

const COUNTY_OFFICERS = ['em_officer', 'hrss_officer', 'enforcement_officer'];

/** The claimant, the officers of the claim's county, and auditors. */
function maySee(actor: AuthenticatedActor, claim: SubsidyClaimDocument): boolean {
  const scope = actor.scope ?? {};
  if (actor.role === 'auditor') return true;
  if (COUNTY_OFFICERS.includes(actor.role)) return scope.countyCode === claim.countyCode;
  if (actor.role === 'enterprise_admin') return claim.claimant.kind === 'enterprise' && claim.claimant.id === scope.enterpriseId;
  if (actor.role === 'training_provider') return claim.claimant.kind === 'provider' && claim.claimant.id === scope.providerId;
  return false;
}

const view = ({ _position, id, ...claim }: StoredDocument<SubsidyClaimDocument>) => ({ ...claim, id });

/** `nextCursor`: the last claim of a page, as its submission day and id (`2021-03-01~<id>`). */
const CURSOR = /^(\d{4}-\d{2}-\d{2})~([A-Za-z0-9_-]{1,64})$/;
const cursorOf = (claim: StoredDocument<SubsidyClaimDocument>): string => `${claim.submittedOn}~${claim.id}`;

@ApiTags('subsidy-claims')
@ApiBearerAuth()
@Controller('subsidy-claims')
export class SubsidyClaimsQueryController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @Roles('enterprise_admin', 'training_provider', 'em_officer', 'hrss_officer', 'enforcement_officer', 'auditor')
  @ApiOperation({ summary: 'Subsidy claims by county and status, newest submission first (a claimant sees its own); `nextCursor` pages on, null on the last page' })
  @ApiQueryResponses(QUERY_SCHEMAS.subsidyClaims)
  @ApiQueryParameters(['countyCode', 'status', 'limit', 'cursor'], { status: SUBSIDY_CLAIM_STATUSES })
  async list(@Query() query: Record<string, unknown>, @CurrentActor() actor: AuthenticatedActor) {
    const countyCode = patternParam(query, 'countyCode', COUNTY_CODE_PATTERN);
    const status = oneOfParam(query, 'status', SUBSIDY_CLAIM_STATUSES);
    const limit = integerParam(query, 'limit', 1, 500) ?? 100;
    const cursor = patternParam(query, 'cursor', CURSOR)?.match(CURSOR);
    const scope = actor.scope ?? {};
    const filter: DocumentFilter = {};
    if (COUNTY_OFFICERS.includes(actor.role)) {
      if (countyCode && countyCode !== scope.countyCode) throw forbidden('This county is outside your scope.');
      filter['countyCode'] = scope.countyCode ?? null;
    } else if (countyCode) filter['countyCode'] = countyCode;
    if (actor.role === 'enterprise_admin') Object.assign(filter, { 'claimant.kind': 'enterprise', 'claimant.id': scope.enterpriseId ?? null });
    if (actor.role === 'training_provider') Object.assign(filter, { 'claimant.kind': 'provider', 'claimant.id': scope.providerId ?? null });
    if (status) filter['status'] = status;
    // Newest submission first, then by id: after a cursor, the rest of its day, then the days before it.
    const sort = { submittedOn: -1, id: -1 } as const;
    const claims = cursor
      ? await this.readModels.find<SubsidyClaimDocument>('subsidy_claims', 'claims', { filter: { ...filter, submittedOn: cursor[1]!, id: { $lt: cursor[2]! } }, sort, limit: limit + 1 })
      : await this.readModels.find<SubsidyClaimDocument>('subsidy_claims', 'claims', { filter, sort, limit: limit + 1 });
    if (cursor && claims.length <= limit) {
      claims.push(...(await this.readModels.find<SubsidyClaimDocument>('subsidy_claims', 'claims', { filter: { ...filter, submittedOn: { $lt: cursor[1]! } }, sort, limit: limit + 1 - claims.length })));
    }
    const page = claims.slice(0, limit);
    return { items: page.map(view), nextCursor: claims.length > limit ? cursorOf(page.at(-1)!) : null };
  }

  @Get(':id')
  @Roles('enterprise_admin', 'training_provider', 'em_officer', 'hrss_officer', 'enforcement_officer', 'auditor')
  @ApiOperation({ summary: 'A subsidy claim: state, trainees, amounts, each step with its actor and day' })
  @ApiQueryResponses(QUERY_SCHEMAS.subsidyClaim, { notFound: true })
  async get(@IdParam() id: string, @CurrentActor() actor: AuthenticatedActor) {
    const claim = await this.readModels.get<SubsidyClaimDocument>('subsidy_claims', 'claims', id);
    if (!claim?.claimId) throw notFound('The subsidy claim');
    if (!maySee(actor, claim)) throw forbidden('This subsidy claim is outside your scope.');
    return view(claim);
  }
}
