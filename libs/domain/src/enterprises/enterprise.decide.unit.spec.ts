import { loadReferenceData } from '../testing/reference-data.js';
import { specFor } from '../testing/given-when-then.js';
import type { EnterpriseRegistered } from './enterprise.js';
import { enterpriseDecider, type RegisterEnterprise } from './enterprise.decide.js';

const given = specFor(enterpriseDecider(loadReferenceData()));

const registration: RegisterEnterprise['data'] = {
  enterpriseId: 'e1',
  name: '桃江某化工有限公司',
  creditCode: '91110108551385082Q',
  sector: 'non_coal_mining',
  subsector: 'underground_metal_nonmetal_mine',
  countyCode: '430922',
  registeredOn: '2020-03-02',
};
const registered: EnterpriseRegistered = { type: 'EnterpriseRegistered', data: { ...registration, sector: 'non_coal_mining' } };

describe('enterprise', () => {
  it('registers an enterprise, normalising the credit code', () => {
    given()
      .when({ type: 'RegisterEnterprise', data: { ...registration, creditCode: '91110108551385082q' } })
      .then([registered]);
  });

  it.each([
    ['invalid_credit_code', { creditCode: '91110108551385082R' }, 'invalid'],
    ['unknown_sector', { sector: 'banking' }, 'invalid'],
    ['unknown_subsector', { sector: 'fireworks' }, 'invalid'],
    ['unknown_county', { countyCode: '430100' }, 'not_found'],
    ['invalid_day', { registeredOn: '2020-02-30' }, 'invalid'],
  ] as const)('refuses %s', (code, change, kind) => {
    given().when({ type: 'RegisterEnterprise', data: { ...registration, ...change } }).thenRejects(code, kind);
  });

  it('refuses to register twice', () => {
    given([registered]).when({ type: 'RegisterEnterprise', data: registration }).thenRejects('enterprise_already_exists', 'conflict');
  });

  it('records training plans, revisions included', () => {
    const plan = { enterpriseId: 'e1', year: 2020, submittedOn: '2020-05-20' };
    const spec = given([registered, { type: 'TrainingPlanSubmitted', data: plan }]).when({ type: 'SubmitTrainingPlan', data: { ...plan, submittedOn: '2020-06-01', summary: 'revised' } });
    spec.then([{ type: 'TrainingPlanSubmitted', data: { ...plan, submittedOn: '2020-06-01', summary: 'revised' } }]);
    expect(spec.stateAfter().trainingPlans).toEqual([{ year: 2020, submittedOn: '2020-05-20' }, { year: 2020, submittedOn: '2020-06-01' }]);
  });

  it('records the enterprise\'s summary (2021-11-30 milestone), refusing a day that does not exist or an unknown enterprise', () => {
    const summary = { type: 'SubmitEnterpriseSummary' as const, data: { enterpriseId: 'e1', submittedOn: '2021-11-20' } };
    given([registered]).when(summary).then([{ type: 'EnterpriseSummarySubmitted', data: { enterpriseId: 'e1', submittedOn: '2021-11-20' } }]);
    given([registered]).when({ ...summary, data: { ...summary.data, submittedOn: '2021-11-31' } }).thenRejects('invalid_day', 'invalid');
    given().when(summary).thenRejects('enterprise_not_found', 'not_found');
  });

  it('refuses a plan for an unknown enterprise or a far-off year', () => {
    const plan = { enterpriseId: 'e1', year: 2020, submittedOn: '2020-05-20' };
    given().when({ type: 'SubmitTrainingPlan', data: plan }).thenRejects('enterprise_not_found', 'not_found');
    given([registered]).when({ type: 'SubmitTrainingPlan', data: { ...plan, year: 2030 } }).thenRejects('invalid_plan_year', 'invalid');
  });
});
