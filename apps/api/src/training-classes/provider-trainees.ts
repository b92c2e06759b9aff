import type { ProviderTraineeLinked } from '#libs/domain';
import type { AggregateType } from '../commands/event-writer.js';

export type { ProviderTraineeLinked };

/** Stream `provider_trainee-<providerId>_<workerId>`: the provider has had the person on a roster. */
export const providerTraineeAggregate: AggregateType<{ linked: boolean }, ProviderTraineeLinked> = {
  category: 'provider_trainee',
  label: 'Provider trainee',
  initialState: () => ({ linked: false }),
  evolve: () => ({ linked: true }),
};

export const providerTraineeId = (providerId: string, workerId: string): string => `${providerId}_${workerId}`;
