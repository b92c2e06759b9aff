import { loadReferenceData } from '../testing/reference-data.js';
import { specFor } from '../testing/given-when-then.js';
import type { TrainingProviderRegistered } from './training-provider.js';
import { trainingProviderDecider } from './training-provider.decide.js';

const given = specFor(trainingProviderDecider(loadReferenceData()));
const data: TrainingProviderRegistered['data'] = {
  providerId: 'p1', name: '益阳某职业技术学院', kind: 'vocational_school', countyCode: '430903', registeredOn: '2020-04-01',
};

describe('training provider', () => {
  it('registers a provider, with or without a credit code', () => {
    given().when({ type: 'RegisterTrainingProvider', data }).then([{ type: 'TrainingProviderRegistered', data }]);
    given()
      .when({ type: 'RegisterTrainingProvider', data: { ...data, creditCode: '9144030071526726xg' } })
      .then([{ type: 'TrainingProviderRegistered', data: { ...data, creditCode: '9144030071526726XG' } }]);
  });

  it.each([
    ['invalid_credit_code', { creditCode: '123' }, 'invalid'],
    ['invalid_provider_kind', { kind: 'school' }, 'invalid'],
    ['unknown_county', { countyCode: '999999' }, 'not_found'],
    ['invalid_day', { registeredOn: '2020/04/01' }, 'invalid'],
  ] as const)('refuses %s', (code, change, kind) => {
    given().when({ type: 'RegisterTrainingProvider', data: { ...data, ...change } as never }).thenRejects(code, kind);
  });

  it('refuses to register twice', () => {
    given([{ type: 'TrainingProviderRegistered', data }])
      .when({ type: 'RegisterTrainingProvider', data })
      .thenRejects('training_provider_already_exists', 'conflict');
  });
});
