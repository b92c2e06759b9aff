import type { CertificateState } from '../certificates/certificate.js';
import { certificateStatusOn } from '../certificates/certificate-status.js';
import type { ReferenceData } from '../reference/reference-data.js';
import { isKnownCounty } from '../reference/reference-lookups.js';
import { checkDays } from '../shared/check-days.js';
import { accept, reject, type Decider, type Decision } from '../shared/decision.js';
import { addMonths, yearOf, type Day } from '../shared/day.js';
import { alreadyExists, invalidInput, invalidTransition, noRulesInForce, notFound, unknownCounty } from '../shared/rejections.js';
import type { TrainingClassState } from '../training-classes/training-class.js';
import { traineeOf } from '../training-classes/training-class.js';
import { hoursBelowMinimum } from '../training-classes/training-hours.js';
import type { ExamRecord } from '../workers/worker.js';
import {
  evolveSubsidyClaim,
  initialSubsidyClaimState,
  type Claimant,
  type ClaimDepartment,
  type ClaimedTrainee,
  type LaborContract,
  type SubsidyClaimEvent,
  type SubsidyClaimState,
  type SubsidyClaimStatus,
} from './subsidy-claim.js';
import { subsidyCodeOf } from './subsidy-code.js';

/** What the application reads from other streams about one trainee before deciding. */
export interface ClaimedTraineeContext {
  /** The person's exam results (their worker stream). */
  exams: ExamRecord[];
  /** The certificate named in the claim, folded from its stream; null when there is none. */
  certificate: CertificateState | null;
  /** The enterprise employing the trainee when the class ran; null when none. */
  employerId: string | null;
  /** The person+code reservation is held by another claim. */
  subsidisedBefore: boolean;
  /** Subsidised trainings already counted for the person in the training's year, by other claims. */
  subsidisedThatYear: number;
}

export type SubmitSubsidyClaim = {
  type: 'SubmitSubsidyClaim';
  data: {
    claimId: string;
    classId: string;
    claimant: Claimant;
    submittedOn: Day;
    /** The county whose emergency-management department verifies: where the enterprise is. */
    countyCode: string;
    trainees: Array<{ workerId: string; certificateId: string; laborContract?: Partial<LaborContract> }>;
  };
  context: {
    trainingClass: TrainingClassState;
    /** Who holds the class's `subsidy_class` reservation, if anyone. */
    classClaim: { claimId: string; claimant: Claimant } | null;
    trainees: Record<string, ClaimedTraineeContext>;
  };
};

export type VerifySubsidyClaim = { type: 'VerifySubsidyClaim'; data: { claimId: string; verifiedOn: Day; stampRef: string } };
export type ApproveSubsidyClaim = { type: 'ApproveSubsidyClaim'; data: { claimId: string; approvedOn: Day; amount: number } };
export type RejectSubsidyClaim = { type: 'RejectSubsidyClaim'; data: { claimId: string; rejectedOn: Day; reason: string; department: ClaimDepartment } };
export type PaySubsidyClaim = { type: 'PaySubsidyClaim'; data: { claimId: string; paidOn: Day; amount: number; reference: string } };
export type ClawBackSubsidyClaim = { type: 'ClawBackSubsidyClaim'; data: { claimId: string; on: Day; reason: string } };

export type SubsidyClaimCommand =
  | SubmitSubsidyClaim
  | VerifySubsidyClaim
  | ApproveSubsidyClaim
  | RejectSubsidyClaim
  | PaySubsidyClaim
  | ClawBackSubsidyClaim;

const SHA256 = /^[0-9a-f]{64}$/i;

const submit = (ref: ReferenceData, { data, context }: SubmitSubsidyClaim, state: SubsidyClaimState): Decision<SubsidyClaimEvent> => {
  if (state.submitted) return alreadyExists('subsidy_claim');
  const badDay = checkDays({ submittedOn: data.submittedOn });
  if (badDay) return badDay;
  const klass = context.trainingClass.opened;
  if (!klass || klass.classId !== data.classId) return notFound('training_class');
  if (data.claimant.kind !== 'enterprise' && data.claimant.kind !== 'provider') return invalidInput('invalid_claimant', 'claimant.kind is enterprise or provider', 'claimant.kind');
  if (data.claimant.kind === 'provider' && klass.providerId !== data.claimant.id) {
    return reject('not_class_owner', 'a provider claims only for its own classes', { path: 'claimant.id' });
  }
  if (!isKnownCounty(ref, data.countyCode, data.submittedOn)) return unknownCounty();
  const held = context.classClaim;
  if (held && held.claimId !== data.claimId) {
    return held.claimant.kind !== data.claimant.kind
      ? reject('claimed_by_other_claimant', `this class is already claimed by the ${held.claimant.kind}`, { path: 'classId' })
      : reject('class_already_claimed', 'this class is already claimed', { kind: 'conflict', path: 'classId' });
  }
  if (klass.kind !== 'special_operation') {
    return reject(
      'class_not_subsidised',
      'only special-operation classes are subsidised through this procedure; refresher, vocational-qualification and skill-level training belong to the HR & social-security programmes',
      { path: 'classId' },
    );
  }
  if (data.trainees.length === 0) return invalidInput('no_trainees', 'a claim lists at least one trainee', 'trainees');
  const amounts = ref.subsidyAmounts.find(data.submittedOn);
  const limits = ref.subsidyLimits.find(data.submittedOn);
  const rules = ref.specialOperationRules.find(data.submittedOn);
  if (!amounts || !limits || !rules) return noRulesInForce('subsidy', data.submittedOn);

  const trainees: ClaimedTrainee[] = [];
  for (const [i, trainee] of data.trainees.entries()) {
    const at = (field: string) => ({ path: `trainees[${i}].${field}` });
    const refuse = (code: string, message: string, field: string) => reject(code, message, at(field));
    if (data.trainees.findIndex((t) => t.workerId === trainee.workerId) !== i) {
      return invalidInput('duplicate_trainee', 'the trainee is listed twice', `trainees[${i}].workerId`);
    }
    const facts = context.trainees[trainee.workerId];
    if (!facts) return reject('worker_not_found', 'no worker with that id', { kind: 'not_found', ...at('workerId') });
    const completion = traineeOf(context.trainingClass, trainee.workerId)?.completion;
    if (!completion) return refuse('not_completed', 'the trainee did not complete the class', 'workerId');
    // Only the exam of that class (DOMAIN.md, subsidy 1): a resit of it carries the class id too; an exam recorded outside the class never counts.
    const classExams = facts.exams.filter((e) => e.passed && e.classId === klass.classId);
    if (classExams.length === 0) return refuse('no_passed_exam', 'the trainee has no passed exam for this class', 'workerId');
    const certificate = facts.certificate?.issued;
    if (!certificate || certificate.certificateId !== trainee.certificateId) return refuse('no_certificate', 'no such certificate', 'certificateId');
    if (certificate.personId !== trainee.workerId || certificate.type !== 'special_operation' || certificate.specialOperationCode !== klass.specialOperationCode) {
      return refuse('certificate_mismatch', "the certificate is not the trainee's special-operation certificate of the class's code", 'certificateId');
    }
    const contract = trainee.laborContract;
    if (!contract?.fileName?.trim() || !SHA256.test(contract.sha256 ?? '')) {
      return refuse('no_labor_contract', 'a copy of the labour contract (file name and SHA-256) is required', 'laborContract');
    }
    if (data.claimant.kind === 'enterprise' && facts.employerId !== data.claimant.id) {
      return refuse('not_employed_by_claimant', 'the trainee was not employed by the claiming enterprise', 'workerId');
    }
    if (facts.employerId === null) {
      return refuse('no_employer', 'the trainee was not a worker of a registered high-risk enterprise while the class ran', 'workerId');
    }
    if (facts.subsidisedBefore) return refuse('already_subsidised', 'the person was already subsidised for this certificate code', 'workerId');
    if (facts.subsidisedThatYear >= limits.maxPerPersonPerYear) {
      return refuse('yearly_limit_reached', `at most ${limits.maxPerPersonPerYear} subsidised trainings per person and calendar year`, 'workerId');
    }
    // The certificate comes from this class: issued after the trainee completed it, on a pass of its exam still usable then.
    const fromClass = certificate.issuedOn >= completion.completedOn
      && classExams.some((e) => e.examinedOn <= certificate.issuedOn && certificate.issuedOn <= addMonths(e.examinedOn, rules.exam.passUsableMonths));
    if (!fromClass) {
      return refuse('certificate_not_from_class', "the certificate was not issued after this class's completion on a pass of this class's exam", 'certificateId');
    }
    const status = certificateStatusOn(facts.certificate!, data.submittedOn);
    if (status !== 'valid') return refuse('certificate_not_valid', `the certificate is ${status} on ${data.submittedOn}`, 'certificateId');
    const short = hoursBelowMinimum(ref, klass, completion.hoursAttended);
    if (short) return refuse('training_hours_below_minimum', short, 'workerId');
    trainees.push({
      workerId: trainee.workerId,
      enterpriseId: facts.employerId,
      certificateId: trainee.certificateId,
      certificateType: certificate.type,
      subsidyCode: subsidyCodeOf(certificate),
      subsidyYear: yearOf(completion.completedOn),
      laborContract: { fileName: contract.fileName, sha256: contract.sha256!.toLowerCase() },
      amount: amounts.amounts.special_operation,
    });
  }
  const total = trainees.reduce((sum, t) => sum + t.amount, 0);
  const { trainees: _requested, ...rest } = data;
  return accept([{ type: 'SubsidyClaimSubmitted', data: { ...rest, trainees, total } }]);
};

/** One step of the state machine: it must come from `from`, and not be dated before the previous step. */
const step = (state: SubsidyClaimState, from: SubsidyClaimStatus[], day: Day, path: string) => {
  if (!state.submitted) return notFound('subsidy_claim');
  const badDay = checkDays({ [path]: day });
  if (badDay) return badDay;
  if (!from.includes(state.status)) return invalidTransition(`a ${state.status} claim cannot go there; allowed from ${from.join(' or ')}`);
  if (state.lastStepOn !== null && day < state.lastStepOn) return invalidInput('before_previous_step', `${path} is before the previous step (${state.lastStepOn})`, path);
  return undefined;
};

const required = (value: string | undefined, path: string) =>
  value?.trim() ? undefined : invalidInput(`${path}_required`, `${path} is required`, path);

const isAmount = (value: number) => Number.isFinite(value) && value > 0;

const decide = (ref: ReferenceData, command: SubsidyClaimCommand, state: SubsidyClaimState): Decision<SubsidyClaimEvent> => {
  switch (command.type) {
    case 'SubmitSubsidyClaim':
      return submit(ref, command, state);
    case 'VerifySubsidyClaim': {
      const { data } = command;
      return step(state, ['submitted'], data.verifiedOn, 'verifiedOn') ?? required(data.stampRef, 'stampRef') ?? accept([{ type: 'SubsidyClaimVerified', data }]);
    }
    case 'ApproveSubsidyClaim': {
      const { data } = command;
      const refused = step(state, ['em_verified'], data.approvedOn, 'approvedOn');
      if (refused) return refused;
      if (!isAmount(data.amount)) return invalidInput('invalid_amount', 'the amount must be more than zero', 'amount');
      if (data.amount > state.submitted!.total) return reject('amount_exceeds_total', `the claim totals ${state.submitted!.total}`, { path: 'amount' });
      return accept([{ type: 'SubsidyClaimApproved', data }]);
    }
    case 'RejectSubsidyClaim': {
      const { data } = command;
      const refused = step(state, ['submitted', 'em_verified'], data.rejectedOn, 'rejectedOn') ?? required(data.reason, 'reason');
      if (refused) return refused;
      // Emergency management rejects instead of stamping; HR & social security only after the stamp (DOMAIN.md, subsidy steps 2–3).
      if (data.department === 'hr_social_security' && state.status === 'submitted') {
        return reject('not_verified', 'HR & social security decides on a claim only after emergency management has verified and stamped it');
      }
      if (data.department === 'emergency_management' && state.status === 'em_verified') {
        return invalidTransition('a verified claim is for HR & social security to approve or reject');
      }
      return accept([{ type: 'SubsidyClaimRejected', data }]);
    }
    case 'PaySubsidyClaim': {
      const { data } = command;
      const refused = step(state, ['approved'], data.paidOn, 'paidOn') ?? required(data.reference, 'reference');
      if (refused) return refused;
      if (data.amount !== state.approvedAmount) return reject('amount_mismatch', `the approved amount is ${state.approvedAmount}`, { path: 'amount' });
      return accept([{ type: 'SubsidyClaimPaid', data }]);
    }
    case 'ClawBackSubsidyClaim': {
      const { data } = command;
      return step(state, ['paid'], data.on, 'on') ?? required(data.reason, 'reason') ?? accept([{ type: 'SubsidyClaimClawedBack', data }]);
    }
  }
};

export const subsidyClaimDecider = (ref: ReferenceData): Decider<SubsidyClaimState, SubsidyClaimCommand, SubsidyClaimEvent> => ({
  initialState: initialSubsidyClaimState,
  evolve: evolveSubsidyClaim,
  decide: (command, state) => decide(ref, command, state),
});
