import { checkDays } from '../shared/check-days.js';
import { accept, reject, type Decider, type Decision } from '../shared/decision.js';
import type { Day } from '../shared/day.js';
import { alreadyExists, invalidInput, invalidTransition, notFound } from '../shared/rejections.js';
import {
  evolveInspection,
  FINDING_KINDS,
  INSPECTION_CHECKS,
  initialInspectionState,
  type Finding,
  type InspectionCheck,
  type InspectionEvent,
  type InspectionState,
} from './inspection.js';

export type OpenInspection = {
  type: 'OpenInspection';
  /** Findings without an id get `f1`, `f2`… in order. */
  data: { inspectionId: string; enterpriseId: string; inspectedOn: Day; checks: InspectionCheck[]; findings: Array<Omit<Finding, 'findingId'> & { findingId?: string }> };
};
export type ConfirmFinding = { type: 'ConfirmFinding'; data: { inspectionId: string; findingId: string; on: Day } };
export type DropFinding = { type: 'DropFinding'; data: { inspectionId: string; findingId: string; on: Day; reason?: string } };
export type CloseInspection = { type: 'CloseInspection'; data: { inspectionId: string; closedOn: Day } };
export type InspectionCommand = OpenInspection | ConfirmFinding | DropFinding | CloseInspection;

const open = ({ data }: OpenInspection, state: InspectionState): Decision<InspectionEvent> => {
  if (state.opened) return alreadyExists('inspection');
  const badDay = checkDays({ inspectedOn: data.inspectedOn });
  if (badDay) return badDay;
  if (data.checks.length === 0) return invalidInput('no_checks', 'an inspection lists what it checked', 'checks');
  const badCheck = data.checks.findIndex((c) => !INSPECTION_CHECKS.includes(c));
  if (badCheck >= 0) return invalidInput('invalid_check', `checks are ${INSPECTION_CHECKS.join(', ')}`, `checks[${badCheck}]`);
  const badKind = data.findings.findIndex((f) => !FINDING_KINDS.includes(f.kind));
  if (badKind >= 0) return invalidInput('invalid_finding_kind', `finding kinds are ${FINDING_KINDS.join(', ')}`, `findings[${badKind}].kind`);
  const findings = data.findings.map((f, i) => ({ ...f, findingId: f.findingId ?? `f${i + 1}` }));
  const duplicate = findings.findIndex((f, i) => findings.findIndex((g) => g.findingId === f.findingId) !== i);
  if (duplicate >= 0) return invalidInput('duplicate_finding', 'finding ids are unique', `findings[${duplicate}].findingId`);
  return accept([{ type: 'InspectionOpened', data: { ...data, findings } }]);
};

/** Findings are decided once, while the inspection is open, not before its day. */
const decideFinding = ({ data }: ConfirmFinding | DropFinding, state: InspectionState) => {
  if (!state.opened) return notFound('inspection');
  const badDay = checkDays({ on: data.on });
  if (badDay) return badDay;
  if (state.closedOn) return invalidTransition('the inspection is closed');
  const finding = state.findings.find((f) => f.findingId === data.findingId);
  if (!finding) return notFound('finding');
  if (finding.status !== 'proposed') return invalidTransition(`the finding is already ${finding.status}`);
  if (data.on < state.opened.inspectedOn) return invalidInput('before_inspection', 'the day is before the inspection', 'on');
  return undefined;
};

const close = ({ data }: CloseInspection, state: InspectionState): Decision<InspectionEvent> => {
  if (!state.opened) return notFound('inspection');
  const badDay = checkDays({ closedOn: data.closedOn });
  if (badDay) return badDay;
  if (state.closedOn) return invalidTransition('the inspection is already closed');
  if (state.findings.some((f) => f.status === 'proposed')) return reject('findings_pending', 'confirm or drop every finding before closing');
  if (data.closedOn < state.opened.inspectedOn) return invalidInput('before_inspection', 'the day is before the inspection', 'closedOn');
  return accept([{ type: 'InspectionClosed', data }]);
};

export const inspectionDecider: Decider<InspectionState, InspectionCommand, InspectionEvent> = {
  initialState: initialInspectionState,
  evolve: evolveInspection,
  decide: (command, state) => {
    switch (command.type) {
      case 'OpenInspection':
        return open(command, state);
      case 'ConfirmFinding':
        return decideFinding(command, state) ?? accept([{ type: 'FindingConfirmed', data: command.data }]);
      case 'DropFinding':
        return decideFinding(command, state) ?? accept([{ type: 'FindingDropped', data: command.data }]);
      case 'CloseInspection':
        return close(command, state);
    }
  },
};
