import { evolveInspection, initialInspectionState, type InspectionEvent } from '../inspections/inspection.js';
import { loadReferenceData } from '../testing/reference-data.js';
import { specFor } from '../testing/given-when-then.js';
import { orderStatusOn, type RectificationOrderEvent } from './rectification-order.js';
import { rectificationOrderDecider, type OrderRectification } from './rectification-order.decide.js';

const given = specFor(rectificationOrderDecider(loadReferenceData()));
const inspectionEvents: InspectionEvent[] = [
  { type: 'InspectionOpened', data: { inspectionId: 'i1', enterpriseId: 'e1', inspectedOn: '2022-03-01', checks: ['certificates'], findings: [{ findingId: 'f1', kind: 'uncertified_special_operation', workerId: 'w1' }] } },
  { type: 'FindingConfirmed', data: { inspectionId: 'i1', findingId: 'f1', on: '2022-03-01' } },
];
const inspection = inspectionEvents.reduce(evolveInspection, initialInspectionState());
const order = (data: Partial<OrderRectification['data']> = {}, context = { inspection }): OrderRectification => ({
  type: 'OrderRectification', data: { orderId: 'o1', inspectionId: 'i1', orderedOn: '2022-03-02', deadline: '2022-04-01', ...data }, context,
});
const ordered: RectificationOrderEvent = { type: 'RectificationOrdered', data: { orderId: 'o1', inspectionId: 'i1', enterpriseId: 'e1', orderedOn: '2022-03-02', deadline: '2022-04-01' } };

describe('rectification order', () => {
  it('orders rectification, with or without a fine in the Art. 97 band', () => {
    given().when(order()).then([ordered]);
    given().when(order({ fine: { amount: 100000 } })).then([{ ...ordered, data: { ...ordered.data, fine: { amount: 100000, band: 'with_rectification' } } } as RectificationOrderEvent]);
    given().when(order({ fine: { amount: 150000, band: 'not_rectified' } })).then([{ ...ordered, data: { ...ordered.data, fine: { amount: 150000, band: 'not_rectified' } } } as RectificationOrderEvent]);
  });

  it.each([
    [{ amount: 100001 }],
    [{ amount: 0 }],
    [{ amount: 99999, band: 'not_rectified' as const }],
    [{ amount: 200001, band: 'not_rectified' as const }],
    [{ amount: 19999, band: 'responsible_person' as const }],
    [{ amount: 50001, band: 'responsible_person' as const }],
  ])('refuses a fine outside its band (fine_out_of_range): %j', (fine) => {
    given().when(order({ fine })).thenRejects('fine_out_of_range');
  });

  it('uses the band in force on the order day (2014 law before 2021-09-01)', () => {
    given().when(order({ orderedOn: '2021-08-01', deadline: '2021-09-01', fine: { amount: 60000 } }, { inspection: [{ ...inspectionEvents[0]!, data: { ...inspectionEvents[0]!.data, inspectedOn: '2021-07-30' } } as InspectionEvent, inspectionEvents[1]!].reduce(evolveInspection, initialInspectionState()) })).thenRejects('fine_out_of_range');
  });

  it.each([
    ['no_confirmed_findings', order({}, { inspection: [inspectionEvents[0]!].reduce(evolveInspection, initialInspectionState()) }), 'rule'],
    ['inspection_not_found', order({}, { inspection: initialInspectionState() }), 'not_found'],
    ['before_inspection', order({ orderedOn: '2022-02-28' }), 'invalid'],
    ['deadline_before_order', order({ deadline: '2022-03-01' }), 'invalid'],
    ['invalid_fine_band', order({ fine: { amount: 1000, band: 'huge' as never } }), 'invalid'],
    ['invalid_day', order({ deadline: '2022-02-30' }), 'invalid'],
  ] as const)('refuses %s', (code, command, kind) => {
    given().when(command).thenRejects(code, kind);
  });

  it('completes once, not before the order', () => {
    const complete = (completedOn: string) => ({ type: 'CompleteRectification' as const, data: { orderId: 'o1', completedOn } });
    given([ordered]).when(complete('2022-03-20')).then([{ type: 'RectificationCompleted', data: { orderId: 'o1', completedOn: '2022-03-20' } }]);
    given([ordered, { type: 'RectificationCompleted', data: { orderId: 'o1', completedOn: '2022-03-20' } }]).when(complete('2022-03-21')).thenRejects('invalid_transition');
    given([ordered]).when(complete('2022-03-01')).thenRejects('before_order', 'invalid');
    given().when(complete('2022-03-20')).thenRejects('rectification_order_not_found', 'not_found');
    given([ordered]).when(order()).thenRejects('rectification_order_already_exists', 'conflict');
  });

  it('answers the status as of a day', () => {
    const state = given([ordered]).when({ type: 'CompleteRectification', data: { orderId: 'o1', completedOn: '2022-04-05' } }).stateAfter();
    expect(orderStatusOn(state, '2022-03-01')).toBe('not_ordered');
    expect(orderStatusOn(state, '2022-04-01')).toBe('open');
    expect(orderStatusOn(state, '2022-04-02')).toBe('overdue');
    expect(orderStatusOn(state, '2022-04-05')).toBe('completed_late');
    const onTime = given([ordered]).when({ type: 'CompleteRectification', data: { orderId: 'o1', completedOn: '2022-04-01' } }).stateAfter();
    expect(orderStatusOn(onTime, '2022-04-01')).toBe('completed');
    expect(orderStatusOn(onTime, '2022-03-31')).toBe('open');
  });
});
