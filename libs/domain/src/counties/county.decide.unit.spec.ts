import { loadReferenceData } from '../testing/reference-data.js';
import { specFor } from '../testing/given-when-then.js';
import { countyDecider } from './county.decide.js';

const given = specFor(countyDecider(loadReferenceData()));

describe('county', () => {
  it('records the implementation plan and keeps the first submission day', () => {
    const first = { countyCode: '430923', submittedOn: '2020-03-20' };
    const spec = given([{ type: 'ImplementationPlanSubmitted', data: first }])
      .when({ type: 'SubmitImplementationPlan', data: { ...first, submittedOn: '2020-04-10' } });
    spec.then([{ type: 'ImplementationPlanSubmitted', data: { ...first, submittedOn: '2020-04-10' } }]);
    expect(spec.stateAfter().implementationPlanSubmittedOn).toBe('2020-03-20');
  });

  it('records the summary', () => {
    const data = { countyCode: '430902', submittedOn: '2021-11-29' };
    expect(given().when({ type: 'SubmitSummary', data }).then([{ type: 'SummarySubmitted', data }]).stateAfter().summarySubmittedOn).toBe('2021-11-29');
  });

  it('refuses an unknown county and a bad day', () => {
    given().when({ type: 'SubmitSummary', data: { countyCode: '430100', submittedOn: '2021-11-29' } }).thenRejects('unknown_county', 'not_found');
    given().when({ type: 'SubmitSummary', data: { countyCode: '430902', submittedOn: '2021-11-31' } }).thenRejects('invalid_day', 'invalid');
  });
});
