import type { DomainEvent } from '../shared/decision.js';
import type { Day } from '../shared/day.js';

/** Stream `training_provider-<providerId>`: 培训机构, 职业院校 or 企业培训中心. */

/** 培训机构, 职业院校 or 企业培训中心. */
export const TRAINING_PROVIDER_KINDS = ['institution', 'vocational_school', 'enterprise_center'] as const;
export type TrainingProviderKind = (typeof TRAINING_PROVIDER_KINDS)[number];

export type TrainingProviderRegistered = DomainEvent<'TrainingProviderRegistered', {
  providerId: string;
  name: string;
  kind: TrainingProviderKind;
  countyCode: string;
  creditCode?: string;
  registeredOn: Day;
}>;

export type TrainingProviderEvent = TrainingProviderRegistered;

export interface TrainingProviderState {
  registered: TrainingProviderRegistered['data'] | null;
}

export const initialTrainingProviderState = (): TrainingProviderState => ({ registered: null });

export const evolveTrainingProvider = (_state: TrainingProviderState, event: TrainingProviderEvent): TrainingProviderState => ({
  registered: event.data,
});
