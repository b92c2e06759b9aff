import type { DomainEvent } from '../shared/decision.js';
import type { Day } from '../shared/day.js';

/**
 * Stream `inspection-<inspectionId>`: an enforcement inspection of an enterprise's training
 * (安全培训执法检查). Findings are proposed when it opens, then each confirmed or dropped on site.
 */

export type InspectionCheck = 'training_plan' | 'certificates' | 'training_archive' | 'onsite_quiz';
export type FindingKind =
  | 'untrained_on_post'
  | 'uncertified_special_operation'
  | 'uncertified_manager'
  | 'no_training_plan'
  | 'false_training_records'
  | 'other';

export const INSPECTION_CHECKS: readonly InspectionCheck[] = ['training_plan', 'certificates', 'training_archive', 'onsite_quiz'];
export const FINDING_KINDS: readonly FindingKind[] = [
  'untrained_on_post', 'uncertified_special_operation', 'uncertified_manager', 'no_training_plan', 'false_training_records', 'other',
];

export interface Finding {
  findingId: string;
  kind: FindingKind;
  workerId?: string;
  postId?: string;
  detail?: string;
}

export type InspectionOpened = DomainEvent<'InspectionOpened', {
  inspectionId: string;
  enterpriseId: string;
  inspectedOn: Day;
  checks: InspectionCheck[];
  findings: Finding[];
}>;
export type FindingConfirmed = DomainEvent<'FindingConfirmed', { inspectionId: string; findingId: string; on: Day }>;
export type FindingDropped = DomainEvent<'FindingDropped', { inspectionId: string; findingId: string; on: Day; reason?: string }>;
export type InspectionClosed = DomainEvent<'InspectionClosed', { inspectionId: string; closedOn: Day }>;

export type InspectionEvent = InspectionOpened | FindingConfirmed | FindingDropped | InspectionClosed;

export const FINDING_STATUSES = ['proposed', 'confirmed', 'dropped'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export interface InspectionState {
  opened: Omit<InspectionOpened['data'], 'findings'> | null;
  findings: Array<Finding & { status: FindingStatus }>;
  closedOn: Day | null;
}

export const initialInspectionState = (): InspectionState => ({ opened: null, findings: [], closedOn: null });

const setStatus = (state: InspectionState, findingId: string, status: FindingStatus): InspectionState => ({
  ...state,
  findings: state.findings.map((f) => (f.findingId === findingId ? { ...f, status } : f)),
});

export const evolveInspection = (state: InspectionState, event: InspectionEvent): InspectionState => {
  switch (event.type) {
    case 'InspectionOpened': {
      const { findings, ...opened } = event.data;
      return { ...state, opened, findings: findings.map((f) => ({ ...f, status: 'proposed' })) };
    }
    case 'FindingConfirmed':
      return setStatus(state, event.data.findingId, 'confirmed');
    case 'FindingDropped':
      return setStatus(state, event.data.findingId, 'dropped');
    case 'InspectionClosed':
      return { ...state, closedOn: event.data.closedOn };
  }
};
