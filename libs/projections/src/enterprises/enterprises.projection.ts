import { ENTERPRISE_EVENT_TYPES, type EnterpriseEvent } from '#libs/domain';
import type { Projection } from '../engine/projection.js';
import type { Recorded } from '../read-models/domain-event.js';
import type { EnterpriseDocument } from './enterprise-document.js';

export type EnterprisesProjectionEvent = Recorded<EnterpriseEvent>;

/** `enterprises`: one document per enterprise, indexed by county and sector for grouping and scope. */
export const enterprisesProjection: Projection<EnterprisesProjectionEvent> = {
  name: 'enterprises',
  version: 2,
  collections: ['enterprises'],
  indexes: { enterprises: [['countyCode'], ['sector']] },
  eventTypes: ENTERPRISE_EVENT_TYPES,
  reads: (event) => (event.type === 'EnterpriseRegistered' ? [] : [{ collection: 'enterprises', id: event.data.enterpriseId }]),
  apply: (event, documents) => {
    if (event.type === 'EnterpriseRegistered') {
      const d = event.data;
      const set: Omit<EnterpriseDocument, 'trainingPlans' | 'firstTrainingPlanOn' | 'firstSummaryOn'> = {
        enterpriseId: d.enterpriseId,
        name: d.name,
        creditCode: d.creditCode,
        sector: d.sector,
        subsector: d.subsector ?? null,
        countyCode: d.countyCode,
        registeredOn: d.registeredOn,
        recordedAt: event.recordedAt,
      };
      return [{ type: 'patch', collection: 'enterprises', id: d.enterpriseId, set }];
    }
    if (event.type === 'EnterpriseSummarySubmitted') {
      const { enterpriseId, submittedOn } = event.data;
      const first = documents.get<EnterpriseDocument>('enterprises', enterpriseId)?.firstSummaryOn ?? null;
      return [{ type: 'patch', collection: 'enterprises', id: enterpriseId, set: { firstSummaryOn: first === null || submittedOn < first ? submittedOn : first } }];
    }
    const { enterpriseId, year, submittedOn } = event.data;
    const current = documents.get<EnterpriseDocument>('enterprises', enterpriseId);
    const trainingPlans = [...(current?.trainingPlans ?? []), { year, submittedOn, recordedAt: event.recordedAt }];
    const firstTrainingPlanOn = trainingPlans.map((plan) => plan.submittedOn).reduce((a, b) => (a < b ? a : b));
    return [{ type: 'patch', collection: 'enterprises', id: enterpriseId, set: { trainingPlans, firstTrainingPlanOn } }];
  },
};
