import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TrainingClassDocument } from '#libs/projections';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import type { AuthenticatedActor } from '../../auth/roles.js';
import { IdParam } from '../../http/id-param.js';
import { notFound } from '#libs/runtime';
import { assertInScope } from '../../shared/scope.js';
import { ReadModels } from '../shared/read-models.js';
import { ApiQueryResponses } from '../../http/openapi/api-responses.js';
import { QUERY_SCHEMAS } from '../../http/openapi/query-schemas.js';

@ApiTags('training-classes')
@ApiBearerAuth()
@Controller('training-classes')
export class TrainingClassesQueryController {
  constructor(private readonly readModels: ReadModels) {}

  @Get(':id')
  @Roles('city_admin', 'enterprise_admin', 'training_provider', 'em_officer', 'hrss_officer', 'enforcement_officer', 'auditor')
  @ApiOperation({ summary: 'A training class (培训班): its content, hours, roster and completions' })
  @ApiQueryResponses(QUERY_SCHEMAS.trainingClass, { notFound: true })
  async get(@IdParam() id: string, @CurrentActor() actor: AuthenticatedActor) {
    const found = await this.readModels.get<TrainingClassDocument>('training_classes', 'classes', id);
    if (!found?.classId) throw notFound('The training class');
    const { _position, ...trainingClass } = found;
    // Its owner, the officers of its county, city-wide roles.
    assertInScope(actor, { countyCode: trainingClass.countyCode, providerId: trainingClass.providerId ?? undefined, enterpriseId: trainingClass.enterpriseId ?? undefined });
    // A class opened with no trainee yet has no roster in its document, and one that is not a special
    // operation's has no code: the answer carries every field the document names (an empty roster, null).
    return { ...trainingClass, specialOperationCode: trainingClass.specialOperationCode ?? null, trainees: trainingClass.trainees ?? [] };
  }
}
