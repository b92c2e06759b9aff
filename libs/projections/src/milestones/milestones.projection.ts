import { COUNTY_EVENT_TYPES, DEMONSTRATION_SITE_EVENT_TYPES, type CountyEvent, type DemonstrationSiteEvent } from '#libs/domain';
import type { Projection } from '../engine/projection.js';
import type { Recorded } from '../read-models/domain-event.js';
import type { CountyDocument } from './milestone-documents.js';

export type MilestonesProjectionEvent = Recorded<CountyEvent | DemonstrationSiteEvent>;

/**
 * `milestones`: the evidence of the plan's milestones that is not elsewhere: counties' plans and
 * summaries, and demonstration sites. (Enterprises' training plans are in `enterprises`.)
 */
export const milestonesProjection: Projection<MilestonesProjectionEvent> = {
  name: 'milestones',
  version: 1,
  collections: ['counties', 'demonstration_sites'],
  indexes: { demonstration_sites: [['countyCode'], ['kind']] },
  eventTypes: [...COUNTY_EVENT_TYPES, ...DEMONSTRATION_SITE_EVENT_TYPES],
  reads: (event) => (event.type === 'DemonstrationSiteEstablished' ? [] : [{ collection: 'counties', id: event.data.countyCode }]),
  apply: (event, documents) => {
    if (event.type === 'DemonstrationSiteEstablished') {
      const set = { ...event.data, sector: event.data.sector ?? null, recordedAt: event.recordedAt };
      return [{ type: 'patch', collection: 'demonstration_sites', id: event.data.siteId, set }];
    }
    const { countyCode, submittedOn } = event.data;
    const current = documents.get<CountyDocument>('counties', countyCode);
    // The first submission counts for the milestone; later ones are revisions.
    const [dayField, recordedField] =
      event.type === 'ImplementationPlanSubmitted'
        ? (['implementationPlanSubmittedOn', 'implementationPlanRecordedAt'] as const)
        : (['summarySubmittedOn', 'summaryRecordedAt'] as const);
    if (current?.[dayField]) return [];
    return [{ type: 'patch', collection: 'counties', id: countyCode, set: { countyCode, [dayField]: submittedOn, [recordedField]: event.recordedAt } }];
  },
};
