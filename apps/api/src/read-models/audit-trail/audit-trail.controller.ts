import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isValidDay } from '#libs/domain';
import type { AuditEntryDocument } from '#libs/projections';
import type { DocumentFilter, FieldOperators } from '#libs/read-store';
import { Roles } from '../../auth/auth.decorators.js';
import { ReadModels } from '../shared/read-models.js';
import { instantParam, integerParam, patternParam } from '../shared/query-params.js';
import { ApiQueryParameters, ApiQueryResponses } from '../../http/openapi/api-responses.js';
import { QUERY_SCHEMAS } from '../../http/openapi/query-schemas.js';

/** Stream names as the event store allows them (`<category>-<id>`). */
const STREAM_ID = /^[a-z][a-z0-9_]*-[A-Za-z0-9_.:-]{1,100}$/;
const ACTOR = /^[^\s]{1,200}$/;
const CURSOR = /^\d{1,16}$/;

/** A day for `from` means its start, for `to` its end (China time): both bounds inclusive. */
const startOfDay = (value: unknown): string | undefined => (isValidDay(value) ? new Date(`${value}T00:00:00+08:00`).toISOString() : undefined);

@ApiTags('audit-trail')
@ApiBearerAuth()
@Controller('audit-trail')
export class AuditTrailController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({ summary: 'Events across streams, newest first, by stream, actor and record time; `nextCursor` pages on' })
  @ApiQueryResponses(QUERY_SCHEMAS.auditTrail)
  @ApiQueryParameters(['streamId', 'actor', 'from', 'to', 'limit', 'cursor'])
  async list(@Query() query: Record<string, unknown>) {
    const streamId = patternParam(query, 'streamId', STREAM_ID);
    const actor = patternParam(query, 'actor', ACTOR);
    const from = startOfDay(query['from']) ?? instantParam(query, 'from');
    const to = instantParam(query, 'to');
    const limit = integerParam(query, 'limit', 1, 500) ?? 50;
    const cursor = patternParam(query, 'cursor', CURSOR);

    const filter: DocumentFilter = {};
    if (streamId) filter['streamId'] = streamId;
    if (actor) filter['actorSub'] = actor;
    const recordedAt: FieldOperators = {};
    if (from) recordedAt.$gte = from;
    if (to) recordedAt.$lte = to;
    if (from || to) filter['recordedAt'] = recordedAt;
    if (cursor) filter['position'] = { $lt: Number(cursor) };
    const entries = await this.readModels.find<AuditEntryDocument>('audit_trail', 'entries', { filter, sort: { position: -1 }, limit: limit + 1 });
    const page = entries.slice(0, limit).map(({ _position, id: _id, position, ...entry }) => ({ ...entry, position: String(position) }));
    return { items: page, nextCursor: entries.length > limit ? page.at(-1)!.position : null };
  }
}
