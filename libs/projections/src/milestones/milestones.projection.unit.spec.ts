import { givenEvents, recorded } from '../read-models/testing/given-events.js';
import { milestonesProjection } from './milestones.projection.js';

describe('milestones projection', () => {
  it('given two implementation plans of a county, then the first counts; sites are kept by county and kind', () => {
    const docs = givenEvents(milestonesProjection, [
      recorded('county-430903', 'ImplementationPlanSubmitted', { countyCode: '430903', submittedOn: '2020-03-20' }),
      recorded('county-430903', 'ImplementationPlanSubmitted', { countyCode: '430903', submittedOn: '2020-06-01' }),
      recorded('county-430903', 'SummarySubmitted', { countyCode: '430903', submittedOn: '2021-12-02' }),
      recorded('demonstration_site-d1', 'DemonstrationSiteEstablished', { siteId: 'd1', kind: 'training_base', countyCode: '430923', sector: 'non_coal_mining', name: '安化实训基地', establishedOn: '2020-09-30' }),
    ]);
    expect(docs.get('counties')!.get('430903')).toMatchObject({ implementationPlanSubmittedOn: '2020-03-20', summarySubmittedOn: '2021-12-02' });
    expect(docs.get('demonstration_sites')!.get('d1')).toMatchObject({ kind: 'training_base', countyCode: '430923', establishedOn: '2020-09-30' });
  });
});
