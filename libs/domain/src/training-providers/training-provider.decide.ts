import { checkCreditCode } from '../identity/credit-code.js';
import type { ReferenceData } from '../reference/reference-data.js';
import { isKnownCounty } from '../reference/reference-lookups.js';
import { checkDays } from '../shared/check-days.js';
import { accept, type Decider } from '../shared/decision.js';
import { alreadyExists, invalidInput, unknownCounty } from '../shared/rejections.js';
import {
  evolveTrainingProvider,
  initialTrainingProviderState,
  TRAINING_PROVIDER_KINDS,
  type TrainingProviderEvent,
  type TrainingProviderRegistered,
  type TrainingProviderState,
} from './training-provider.js';

export type RegisterTrainingProvider = { type: 'RegisterTrainingProvider'; data: TrainingProviderRegistered['data'] };
export type TrainingProviderCommand = RegisterTrainingProvider;

export const trainingProviderDecider = (
  ref: ReferenceData,
): Decider<TrainingProviderState, TrainingProviderCommand, TrainingProviderEvent> => ({
  initialState: initialTrainingProviderState,
  evolve: evolveTrainingProvider,
  decide: ({ data }, state) => {
    if (state.registered) return alreadyExists('training_provider');
    const badDay = checkDays({ registeredOn: data.registeredOn });
    if (badDay) return badDay;
    if (!TRAINING_PROVIDER_KINDS.includes(data.kind)) {
      return invalidInput('invalid_provider_kind', `kind must be one of ${TRAINING_PROVIDER_KINDS.join(', ')}`, 'kind');
    }
    if (data.creditCode !== undefined) {
      const check = checkCreditCode(data.creditCode);
      if (!check.ok) return invalidInput(check.code, check.message, 'creditCode');
    }
    if (!isKnownCounty(ref, data.countyCode, data.registeredOn)) return unknownCounty();
    const creditCode = data.creditCode?.trim().toUpperCase();
    return accept([{ type: 'TrainingProviderRegistered', data: { ...data, ...(creditCode ? { creditCode } : {}) } }]);
  },
});
