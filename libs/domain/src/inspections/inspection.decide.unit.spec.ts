import { specFor } from '../testing/given-when-then.js';
import type { InspectionEvent } from './inspection.js';
import { inspectionDecider, type OpenInspection } from './inspection.decide.js';

const given = specFor(inspectionDecider);
const request: OpenInspection['data'] = {
  inspectionId: 'i1', enterpriseId: 'e1', inspectedOn: '2021-06-01', checks: ['training_plan', 'certificates', 'onsite_quiz'],
  findings: [{ kind: 'untrained_on_post', workerId: 'w1' }, { kind: 'uncertified_special_operation', workerId: 'w2', detail: '1.2' }],
};
const opened: InspectionEvent = {
  type: 'InspectionOpened',
  data: { ...request, findings: [{ kind: 'untrained_on_post', workerId: 'w1', findingId: 'f1' }, { kind: 'uncertified_special_operation', workerId: 'w2', detail: '1.2', findingId: 'f2' }] },
};
const confirmed = (findingId: string): InspectionEvent => ({ type: 'FindingConfirmed', data: { inspectionId: 'i1', findingId, on: '2021-06-01' } });
const dropped = (findingId: string): InspectionEvent => ({ type: 'FindingDropped', data: { inspectionId: 'i1', findingId, on: '2021-06-02', reason: 'certificate shown' } });

describe('inspection', () => {
  it('opens with proposed findings, numbering those without an id', () => {
    const spec = given().when({ type: 'OpenInspection', data: request });
    spec.then([opened]);
    expect(spec.stateAfter().findings.map((f) => f.status)).toEqual(['proposed', 'proposed']);
  });

  it.each([
    ['no_checks', { checks: [] }],
    ['invalid_check', { checks: ['paint'] }],
    ['invalid_finding_kind', { findings: [{ kind: 'rude' }] }],
    ['duplicate_finding', { findings: [{ kind: 'other', findingId: 'x' }, { kind: 'other', findingId: 'x' }] }],
    ['invalid_day', { inspectedOn: '2021-06-31' }],
  ] as const)('refuses %s', (code, change) => {
    given().when({ type: 'OpenInspection', data: { ...request, ...change } as never }).thenRejects(code, 'invalid');
  });

  it('confirms and drops findings once each, then closes', () => {
    given([opened]).when({ type: 'ConfirmFinding', data: confirmed('f1').data as never }).then([confirmed('f1')]);
    given([opened, confirmed('f1')]).when({ type: 'DropFinding', data: dropped('f2').data as never }).then([dropped('f2')]);
    given([opened, confirmed('f1')]).when({ type: 'DropFinding', data: { ...dropped('f1').data } as never }).thenRejects('invalid_transition');
    given([opened, confirmed('f1'), dropped('f2')]).when({ type: 'CloseInspection', data: { inspectionId: 'i1', closedOn: '2021-06-03' } })
      .then([{ type: 'InspectionClosed', data: { inspectionId: 'i1', closedOn: '2021-06-03' } }]);
  });

  it('refuses to close with findings pending, or twice, and to decide after closing', () => {
    const close = { type: 'CloseInspection' as const, data: { inspectionId: 'i1', closedOn: '2021-06-03' } };
    given([opened, confirmed('f1')]).when(close).thenRejects('findings_pending');
    const closed: InspectionEvent = { type: 'InspectionClosed', data: { inspectionId: 'i1', closedOn: '2021-06-03' } };
    given([opened, confirmed('f1'), dropped('f2'), closed]).when(close).thenRejects('invalid_transition');
    given([{ ...opened, data: { ...opened.data, findings: [] } } as InspectionEvent, closed]).when({ type: 'ConfirmFinding', data: confirmed('f1').data as never }).thenRejects('invalid_transition');
  });

  it('refuses unknown findings and inspections, and days before the inspection', () => {
    given([opened]).when({ type: 'ConfirmFinding', data: { inspectionId: 'i1', findingId: 'f9', on: '2021-06-01' } }).thenRejects('finding_not_found', 'not_found');
    given().when({ type: 'ConfirmFinding', data: { inspectionId: 'i1', findingId: 'f1', on: '2021-06-01' } }).thenRejects('inspection_not_found', 'not_found');
    given().when({ type: 'CloseInspection', data: { inspectionId: 'i1', closedOn: '2021-06-01' } }).thenRejects('inspection_not_found', 'not_found');
    given([opened]).when({ type: 'ConfirmFinding', data: { inspectionId: 'i1', findingId: 'f1', on: '2021-05-01' } }).thenRejects('before_inspection', 'invalid');
    given([opened, confirmed('f1'), dropped('f2')]).when({ type: 'CloseInspection', data: { inspectionId: 'i1', closedOn: '2021-05-01' } }).thenRejects('before_inspection', 'invalid');
    given([opened]).when({ type: 'OpenInspection', data: request }).thenRejects('inspection_already_exists', 'conflict');
  });
});
