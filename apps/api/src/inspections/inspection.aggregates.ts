import {
  evolveInspection,
  evolveRectificationOrder,
  initialInspectionState,
  initialRectificationOrderState,
  type InspectionEvent,
  type InspectionState,
  type RectificationOrderEvent,
  type RectificationOrderState,
} from '#libs/domain';
import type { AggregateType } from '../commands/event-writer.js';

export const inspectionAggregate: AggregateType<InspectionState, InspectionEvent> = {
  category: 'inspection',
  label: 'Inspection',
  initialState: initialInspectionState,
  evolve: evolveInspection,
};

export const rectificationOrderAggregate: AggregateType<RectificationOrderState, RectificationOrderEvent> = {
  category: 'rectification_order',
  label: 'Rectification order',
  initialState: initialRectificationOrderState,
  evolve: evolveRectificationOrder,
};
