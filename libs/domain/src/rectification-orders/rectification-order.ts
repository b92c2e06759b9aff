import type { DomainEvent } from '../shared/decision.js';
import type { Day } from '../shared/day.js';
import type { FineBand } from '../reference/reference-data.js';

/** Stream `rectification_order-<orderId>`: 责令限期改正, with a fine within the 安全生产法 band. */

export interface Fine {
  amount: number;
  band: FineBand;
}

export type RectificationOrdered = DomainEvent<'RectificationOrdered', {
  orderId: string;
  inspectionId: string;
  enterpriseId: string;
  orderedOn: Day;
  deadline: Day;
  fine?: Fine;
}>;
export type RectificationCompleted = DomainEvent<'RectificationCompleted', { orderId: string; completedOn: Day }>;
export type RectificationOrderEvent = RectificationOrdered | RectificationCompleted;

export interface RectificationOrderState {
  ordered: RectificationOrdered['data'] | null;
  completedOn: Day | null;
}

export const initialRectificationOrderState = (): RectificationOrderState => ({ ordered: null, completedOn: null });

export const evolveRectificationOrder = (state: RectificationOrderState, event: RectificationOrderEvent): RectificationOrderState =>
  event.type === 'RectificationOrdered' ? { ...state, ordered: event.data } : { ...state, completedOn: event.data.completedOn };

/** The statuses of an order given; before it, `not_ordered`. */
export const ORDER_STATUSES = ['open', 'overdue', 'completed', 'completed_late'] as const;
export type OrderStatus = 'not_ordered' | (typeof ORDER_STATUSES)[number];

/** Status as of a day: completion counts from its day on; after the deadline an open order is overdue. */
export const orderStatusOn = (state: RectificationOrderState, day: Day): OrderStatus => {
  const order = state.ordered;
  if (!order || day < order.orderedOn) return 'not_ordered';
  if (state.completedOn !== null && state.completedOn <= day) return state.completedOn <= order.deadline ? 'completed' : 'completed_late';
  return day > order.deadline ? 'overdue' : 'open';
};
