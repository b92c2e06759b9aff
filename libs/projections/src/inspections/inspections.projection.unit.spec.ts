import { givenEvents, recorded } from '../read-models/testing/given-events.js';
import { inspectionsProjection } from './inspections.projection.js';

describe('inspections projection', () => {
  it('given an inspection with findings, a confirmation and an order completed, then findings with status and the order', () => {
    const docs = givenEvents(inspectionsProjection, [
      recorded('inspection-i1', 'InspectionOpened', {
        inspectionId: 'i1', enterpriseId: 'e1', inspectedOn: '2021-06-01', checks: ['certificates'],
        findings: [{ findingId: 'f1', kind: 'uncertified_special_operation', workerId: 'w1' }, { findingId: 'f2', kind: 'other' }],
      }, { actor: { sub: 'insp', role: 'enforcement_officer' } }),
      recorded('inspection-i1', 'FindingConfirmed', { inspectionId: 'i1', findingId: 'f1', on: '2021-06-01' }),
      recorded('rectification_order-o1', 'RectificationOrdered', { orderId: 'o1', inspectionId: 'i1', enterpriseId: 'e1', orderedOn: '2021-06-02', deadline: '2021-07-02' }),
      recorded('rectification_order-o1', 'RectificationCompleted', { orderId: 'o1', completedOn: '2021-06-30' }),
    ]);
    expect(docs.get('inspections')!.get('i1')).toMatchObject({ inspector: { sub: 'insp' }, findings: [{ findingId: 'f1', status: 'confirmed', statusOn: '2021-06-01' }, { findingId: 'f2', status: 'proposed' }] });
    expect(docs.get('rectification_orders')!.get('o1')).toMatchObject({ deadline: '2021-07-02', fine: null, completedOn: '2021-06-30' });
  });
});
