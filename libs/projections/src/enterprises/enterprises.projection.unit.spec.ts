import { givenEvents, recorded } from '../read-models/testing/given-events.js';
import { enterprisesProjection } from './enterprises.projection.js';

describe('enterprises projection', () => {
  it('given a registration and two plans submitted out of order, then the plans and the first plan day', () => {
    const docs = givenEvents(enterprisesProjection, [
      recorded('enterprise-e1', 'EnterpriseRegistered', { enterpriseId: 'e1', name: 'n', creditCode: 'c', sector: 'fireworks', countyCode: '430921', registeredOn: '2020-01-02' }),
      recorded('enterprise-e1', 'TrainingPlanSubmitted', { enterpriseId: 'e1', year: 2021, submittedOn: '2021-01-10' }),
      recorded('enterprise-e1', 'TrainingPlanSubmitted', { enterpriseId: 'e1', year: 2020, submittedOn: '2020-05-20' }),
    ]);
    expect(docs.get('enterprises')!.get('e1')).toMatchObject({ countyCode: '430921', sector: 'fireworks', subsector: null, firstTrainingPlanOn: '2020-05-20', trainingPlans: [{ year: 2021 }, { year: 2020 }] });
  });
});
