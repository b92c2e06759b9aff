import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { streamName, type EventStore, type RecordedEvent } from '#libs/event-store';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedActor } from '../auth/roles.js';
import { IdParam } from '../http/id-param.js';
import { invalidInput, notFound } from '#libs/runtime';
import { EVENT_STORE } from '../infrastructure/stores.module.js';
import { Clock } from '../shared/clock.js';
import { assertInScope } from '../shared/scope.js';
import { toCsv, toJsonExport } from './claim-history-export.js';
import { readClaimHistory, type ClaimHistory } from './claim-history.js';
import { ApiQueryResponses } from '../http/openapi/api-responses.js';
import { QUERY_SCHEMAS } from '../http/openapi/query-schemas.js';

/** The auditor's replay of a subsidy claim: who did what, when, on what evidence, and whether the log was edited. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('subsidy-claims')
@Roles('auditor', 'em_officer', 'hrss_officer', 'enforcement_officer')
export class ClaimHistoryController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  @Get(':id/history')
  @ApiOperation({ summary: "A subsidy claim's full history with each step's actor, the state after it, the evidence it relied on and the hash chain's verdict" })
  @ApiQueryResponses(QUERY_SCHEMAS.claimHistory, { notFound: true })
  async history(@IdParam() id: string, @CurrentActor() actor: AuthenticatedActor): Promise<ClaimHistory> {
    return this.load(id, actor);
  }

  @Get(':id/history/export')
  @ApiQuery({ name: 'format', enum: ['json', 'csv'], required: false })
  @ApiOperation({ summary: "The claim's history as a file an auditor can verify offline (JSON with the raw events and hashes) or read in a spreadsheet (CSV)" })
  @ApiQueryResponses(QUERY_SCHEMAS.claimHistoryExport, { notFound: true, alsoAs: { 'text/csv': { type: 'string' } } })
  async export(
    @IdParam() id: string,
    @Query('format') format: string | undefined,
    @CurrentActor() actor: AuthenticatedActor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const chosen = format ?? 'json';
    if (chosen !== 'json' && chosen !== 'csv') throw invalidInput([{ path: 'format', message: 'format must be json or csv' }]);
    const history = await this.load(id, actor);
    response.setHeader('Content-Disposition', `attachment; filename="subsidy-claim-${id}-history.${chosen}"`);
    if (chosen === 'csv') {
      response.type('text/csv; charset=utf-8');
      return toCsv(history);
    }
    const raw: RecordedEvent[] = [];
    for await (const event of this.store.readStream(streamName('subsidy_claim', id))) raw.push(event);
    response.type('application/json');
    return JSON.stringify(
      toJsonExport(
        history,
        raw.map((event) => ({ ...event, position: event.position.toString() })),
        this.clock.now().toISOString(),
      ),
      null,
      2,
    );
  }

  private async load(id: string, actor: AuthenticatedActor): Promise<ClaimHistory> {
    const history = await readClaimHistory(this.store, id);
    if (!history) throw notFound(`Subsidy claim ${id}`);
    if (actor.role !== 'auditor') assertInScope(actor, { countyCode: history.countyCode ?? undefined });
    return history;
  }
}
