import type { DomainEvent } from '../shared/decision.js';

/**
 * Stream `provider_trainee-<providerId>_<workerId>`: the provider has had the person on a roster. A
 * provider adds by `workerId` only those; a new person joins its classes from the roster (ID number
 * and name matched to the account), so that knowing an id is not enough to reach someone's record.
 */
export type ProviderTraineeLinked = DomainEvent<'ProviderTraineeLinked', { providerId: string; workerId: string }>;
