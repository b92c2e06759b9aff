import type { InspectionState } from '../inspections/inspection.js';
import type { FineBand, ReferenceData } from '../reference/reference-data.js';
import { FINE_BANDS } from '../reference/reference-tables.js';
import { checkDays } from '../shared/check-days.js';
import { accept, reject, type Decider, type Decision } from '../shared/decision.js';
import type { Day } from '../shared/day.js';
import { alreadyExists, invalidInput, invalidTransition, noRulesInForce, notFound } from '../shared/rejections.js';
import {
  evolveRectificationOrder,
  initialRectificationOrderState,
  type RectificationOrderEvent,
  type RectificationOrderState,
} from './rectification-order.js';

export type OrderRectification = {
  type: 'OrderRectification';
  /** `fine.band` defaults to `with_rectification` (the first-instance fine of Art. 97). */
  data: { orderId: string; inspectionId: string; orderedOn: Day; deadline: Day; fine?: { amount: number; band?: FineBand } };
  context: { inspection: InspectionState };
};
export type CompleteRectification = { type: 'CompleteRectification'; data: { orderId: string; completedOn: Day } };
export type RectificationOrderCommand = OrderRectification | CompleteRectification;

const order = (ref: ReferenceData, { data, context }: OrderRectification, state: RectificationOrderState): Decision<RectificationOrderEvent> => {
  if (state.ordered) return alreadyExists('rectification_order');
  const badDay = checkDays({ orderedOn: data.orderedOn, deadline: data.deadline });
  if (badDay) return badDay;
  const inspection = context.inspection.opened;
  if (!inspection || inspection.inspectionId !== data.inspectionId) return notFound('inspection');
  if (!context.inspection.findings.some((f) => f.status === 'confirmed')) return reject('no_confirmed_findings', 'an order needs at least one confirmed finding');
  if (data.orderedOn < inspection.inspectedOn) return invalidInput('before_inspection', 'orderedOn is before the inspection', 'orderedOn');
  if (data.deadline < data.orderedOn) return invalidInput('deadline_before_order', 'the deadline is before the order', 'deadline');
  const { fine: requested, ...rest } = data;
  if (!requested) return accept([{ type: 'RectificationOrdered', data: { ...rest, enterpriseId: inspection.enterpriseId } }]);
  const band = requested.band ?? 'with_rectification';
  if (!FINE_BANDS.includes(band)) return invalidInput('invalid_fine_band', `fine bands are ${FINE_BANDS.join(', ')}`, 'fine.band');
  const bands = ref.fineBands.find(data.orderedOn);
  if (!bands) return noRulesInForce('fine-band', data.orderedOn);
  const { min, max } = bands.bands[band];
  if (!Number.isFinite(requested.amount) || requested.amount <= 0 || requested.amount < min || requested.amount > max) {
    return reject('fine_out_of_range', `a ${band} fine is ¥${min}–¥${max} on ${data.orderedOn}`, { path: 'fine.amount' });
  }
  return accept([{ type: 'RectificationOrdered', data: { ...rest, enterpriseId: inspection.enterpriseId, fine: { amount: requested.amount, band } } }]);
};

const complete = ({ data }: CompleteRectification, state: RectificationOrderState): Decision<RectificationOrderEvent> => {
  if (!state.ordered) return notFound('rectification_order');
  const badDay = checkDays({ completedOn: data.completedOn });
  if (badDay) return badDay;
  if (state.completedOn) return invalidTransition('the order is already completed');
  if (data.completedOn < state.ordered.orderedOn) return invalidInput('before_order', 'completedOn is before the order', 'completedOn');
  return accept([{ type: 'RectificationCompleted', data }]);
};

export const rectificationOrderDecider = (ref: ReferenceData): Decider<RectificationOrderState, RectificationOrderCommand, RectificationOrderEvent> => ({
  initialState: initialRectificationOrderState,
  evolve: evolveRectificationOrder,
  decide: (command, state) => {
    switch (command.type) {
      case 'OrderRectification':
        return order(ref, command, state);
      case 'CompleteRectification':
        return complete(command, state);
    }
  },
});
