import type { CertificateState } from '../certificates/certificate.js';
import { isValidOn } from '../certificates/certificate-status.js';
import { ageOn } from '../identity/resident-id.js';
import type { EducationLevel, ReferenceData } from '../reference/reference-data.js';
import { EDUCATION_LEVELS } from '../reference/reference-tables.js';
import { findSpecialOperation } from '../reference/reference-lookups.js';
import { checkDays } from '../shared/check-days.js';
import { accept, reject, type Decider, type Decision } from '../shared/decision.js';
import { addMonths, type Day } from '../shared/day.js';
import { invalidInput, invalidTransition, noRulesInForce, notFound } from '../shared/rejections.js';
import { isExamPassed } from './exam-scoring.js';
import type { SealedPersonalData } from './sealed-personal-data.js';
import { checkSpecialOperationAge, checkSpecialOperationEducation, type Sex } from './special-operation-eligibility.js';
import {
  activeEmploymentAt,
  EMPLOYMENT_TYPES,
  EXAM_KINDS,
  evolveWorker,
  hasSafetyAssessmentBy,
  HIRE_TYPES,
  initialWorkerState,
  RISK_POSTS,
  type EmploymentType,
  type ExamKind,
  type ExamResult,
  type HireType,
  type ManagementRole,
  type RiskPost,
  type WorkerEvent,
  type WorkerState,
} from './worker.js';

export type EnrollWorker = {
  type: 'EnrollWorker';
  data: {
    personId: string;
    employmentId: string;
    enterpriseId: string;
    employmentType: EmploymentType;
    hireType: HireType;
    enrolledOn: Day;
    educationLevel?: EducationLevel;
    personal: SealedPersonalData;
  };
  /** Derived from the ID number by the application; used for the checks, never put in an event. */
  context: { birthDate: Day };
};

export type EndEmployment = {
  type: 'EndEmployment';
  data: { personId: string; enterpriseId: string; endsOn: Day; reason?: string };
};

export type AssignToPost = {
  type: 'AssignToPost';
  data: {
    personId: string;
    postId: string;
    enterpriseId: string;
    title: string;
    startsOn: Day;
    specialOperationCode?: string;
    teamLeader?: boolean;
    keyPosition?: boolean;
    role?: ManagementRole;
    apprenticeship?: boolean;
    riskPost?: RiskPost;
  };
  /** `certificates`: the person's certificates, folded from their streams. */
  context: { birthDate: Day; sex?: Sex; certificates: CertificateState[] };
};

export type EndPost = { type: 'EndPost'; data: { personId: string; postId: string; endsOn: Day } };

export type RecordExam = {
  type: 'RecordExam';
  data: Omit<ExamResult, 'attempt'>;
  /** `trainingCompletedOn`: the person's latest completion of a class of the same kind and code, if any. */
  context: { birthDate: Day; sex?: Sex; trainingCompletedOn: Day | null };
};

/** An education started or obtained after enrolment, recorded by an enterprise employing the person (or the city). */
export type RecordEducation = { type: 'RecordEducation'; data: { personId: string; enterpriseId: string; level: EducationLevel; since: Day } };

export type WorkerCommand = EnrollWorker | EndEmployment | AssignToPost | EndPost | RecordExam | RecordEducation;

const enroll = (ref: ReferenceData, { data, context }: EnrollWorker, state: WorkerState): Decision<WorkerEvent> => {
  const badDay = checkDays({ enrolledOn: data.enrolledOn, birthDate: context.birthDate });
  if (badDay) return badDay;
  if (!EMPLOYMENT_TYPES.includes(data.employmentType)) return invalidInput('invalid_employment_type', `employmentType must be one of ${EMPLOYMENT_TYPES.join(', ')}`, 'employmentType');
  if (!HIRE_TYPES.includes(data.hireType)) return invalidInput('invalid_hire_type', `hireType must be one of ${HIRE_TYPES.join(', ')}`, 'hireType');
  if (data.educationLevel !== undefined && !EDUCATION_LEVELS.includes(data.educationLevel)) {
    return invalidInput('invalid_education_level', `educationLevel must be one of ${EDUCATION_LEVELS.join(', ')}`, 'educationLevel');
  }
  if (state.personId !== null && state.personId !== data.personId) {
    return reject('person_mismatch', 'the stream belongs to another person', { kind: 'conflict' });
  }
  if (activeEmploymentAt(state, data.enterpriseId)) {
    return reject('already_employed', 'the person is already employed at this enterprise', { kind: 'conflict' });
  }
  if (state.employments.some((e) => e.employmentId === data.employmentId)) return reject('employment_already_exists', 'an employment with that id already exists', { kind: 'conflict' });
  const ages = ref.workingAges.find(data.enrolledOn);
  if (!ages) return noRulesInForce('working-age', data.enrolledOn);
  if (ageOn(context.birthDate, data.enrolledOn) < ages.minimumWorkingAge) {
    return reject('not_eligible', `no one under ${ages.minimumWorkingAge} may be employed`);
  }
  // The person's education is recorded once, by the first enrolment that gives it: a later employer
  // (anyone who knows the ID number and the name) cannot change what eligibility and M4 read for everyone.
  const { educationLevel, ...rest } = data;
  const recorded = educationLevel !== undefined && state.educationLevel === null ? { ...rest, educationLevel } : rest;
  return accept([{ type: 'WorkerEnrolled', data: recorded }]);
};

const endEmployment = ({ data }: EndEmployment, state: WorkerState): Decision<WorkerEvent> => {
  if (state.personId === null) return notFound('worker');
  const badDay = checkDays({ endsOn: data.endsOn });
  if (badDay) return badDay;
  const employment = activeEmploymentAt(state, data.enterpriseId);
  if (!employment) return invalidTransition('the person has no active employment at this enterprise');
  if (data.endsOn < employment.enrolledOn) return invalidInput('ends_before_start', 'endsOn is before the enrolment', 'endsOn');
  // Posts cannot outlive the employment they belong to.
  const openPosts = state.posts.filter((p) => p.employmentId === employment.employmentId && p.endedOn === null);
  if (openPosts.some((p) => data.endsOn < p.startsOn)) return invalidInput('ends_before_start', 'endsOn is before a post of this employment started', 'endsOn');
  return accept([
    ...openPosts.map((p): WorkerEvent => ({ type: 'PostEnded', data: { personId: data.personId, postId: p.postId, endsOn: data.endsOn } })),
    { type: 'EmploymentEnded', data: { ...data, employmentId: employment.employmentId } },
  ]);
};

const assignToPost = (ref: ReferenceData, { data, context }: AssignToPost, state: WorkerState): Decision<WorkerEvent> => {
  if (state.personId === null) return notFound('worker');
  const badDay = checkDays({ startsOn: data.startsOn, birthDate: context.birthDate });
  if (badDay) return badDay;
  if (state.posts.some((p) => p.postId === data.postId)) return reject('post_already_exists', 'a post with that id already exists', { kind: 'conflict' });
  const employment = activeEmploymentAt(state, data.enterpriseId);
  if (!employment || employment.enrolledOn > data.startsOn) {
    return reject('not_employed', 'posts are assigned only within an active employment at that enterprise');
  }
  const code = data.specialOperationCode;
  if (code !== undefined) {
    if (!findSpecialOperation(ref, code, data.startsOn)) return invalidInput('unknown_special_operation_code', 'not a code of the special-operation catalogue', 'specialOperationCode');
    const ineligible = checkSpecialOperationAge(ref, context.birthDate, data.startsOn, context.sex);
    if (ineligible) return ineligible;
  }
  // Recorded, not refused: M1 and M2 must be able to show the violation (DOMAIN.md).
  if (data.riskPost !== undefined && !RISK_POSTS.includes(data.riskPost)) {
    return invalidInput('unknown_risk_post', `riskPost is one of ${RISK_POSTS.join(', ')}`, 'riskPost');
  }
  const { apprenticeship, riskPost, ...withoutApprenticeship } = data;
  const trainedBeforePost = hasSafetyAssessmentBy(state.exams, data.startsOn);
  const certifiedAtStart =
    code === undefined ||
    context.certificates.some((c) => c.issued?.type === 'special_operation' && c.issued.specialOperationCode === code && isValidOn(c, data.startsOn));
  const warnings = [
    ...(trainedBeforePost ? [] : ['not_trained_before_post']),
    ...(certifiedAtStart ? [] : ['no_valid_certificate']),
    ...(code !== undefined && needsPracticalReexam(ref, state, code, data.startsOn) ? ['practical_reexam_required'] : []),
  ];
  return accept(
    [{
      type: 'PostAssigned',
      data: {
        ...withoutApprenticeship,
        // Recorded only when true: events before it was recorded and "not enrolled" read alike.
        ...(apprenticeship === true ? { apprenticeship } : {}),
        ...(riskPost !== undefined ? { riskPost } : {}),
        employmentId: employment.employmentId,
        teamLeader: data.teamLeader ?? false,
        keyPosition: data.keyPosition ?? false,
        trainedBeforePost,
        certifiedAtStart,
      },
    }],
    warnings,
  );
};

/**
 * Back on a special-operation post after ≥ 6 months away from that code (Order 30): a practical
 * exam is due again. Warned, like the other gaps, so the post is still recorded.
 */
const needsPracticalReexam = (ref: ReferenceData, state: WorkerState, code: string, startsOn: Day): boolean => {
  const months = ref.specialOperationRules.find(startsOn)?.certificate.absenceMonthsBeforePracticalReexam;
  const samePosts = state.posts.filter((p) => p.specialOperationCode === code && p.startsOn <= startsOn);
  if (months === undefined || samePosts.length === 0 || samePosts.some((p) => p.endedOn === null || p.endedOn >= startsOn)) return false;
  const lastEnded = samePosts.map((p) => p.endedOn!).reduce((a, b) => (a > b ? a : b));
  const reexamined = state.exams.some((e) => e.passed && e.specialOperationCode === code && e.examinedOn > lastEnded && e.examinedOn <= startsOn);
  return addMonths(lastEnded, months) <= startsOn && !reexamined;
};

const endPost = ({ data }: EndPost, state: WorkerState): Decision<WorkerEvent> => {
  if (state.personId === null) return notFound('worker');
  const badDay = checkDays({ endsOn: data.endsOn });
  if (badDay) return badDay;
  const post = state.posts.find((p) => p.postId === data.postId);
  if (!post) return notFound('post');
  if (post.endedOn !== null) return invalidTransition('the post has already ended');
  if (data.endsOn < post.startsOn) return invalidInput('ends_before_start', 'endsOn is before the post started', 'endsOn');
  return accept([{ type: 'PostEnded', data }]);
};

const scoreInRange = (value: number | undefined, max: number) => value === undefined || (Number.isFinite(value) && value >= 0 && value <= max);

const recordExam = (ref: ReferenceData, { data, context }: RecordExam, state: WorkerState): Decision<WorkerEvent> => {
  if (state.personId === null) return notFound('worker');
  const badDay = checkDays({ examinedOn: data.examinedOn, birthDate: context.birthDate, trainingCompletedOn: context.trainingCompletedOn ?? undefined });
  if (badDay) return badDay;
  if (!EXAM_KINDS.includes(data.kind)) return invalidInput('invalid_exam_kind', `kind must be one of ${EXAM_KINDS.join(', ')}`, 'kind');
  if (state.exams.some((e) => e.examId === data.examId)) return reject('exam_already_recorded', 'an exam with that id is already recorded', { kind: 'conflict' });
  const rules = ref.specialOperationRules.find(data.examinedOn);
  if (!rules) return noRulesInForce('special-operation rules', data.examinedOn);
  if (!scoreInRange(data.theoryScore, rules.exam.scoreMax)) return invalidInput('invalid_score', `scores are 0 to ${rules.exam.scoreMax}`, 'theoryScore');
  if (!scoreInRange(data.practicalScore, rules.exam.scoreMax)) return invalidInput('invalid_score', `scores are 0 to ${rules.exam.scoreMax}`, 'practicalScore');

  const code = data.specialOperationCode;
  if (data.kind === 'special_operation') {
    if (code === undefined) return invalidInput('special_operation_code_required', 'a special-operation exam needs its catalogue code', 'specialOperationCode');
    if (data.practicalScore === undefined) return invalidInput('practical_score_required', 'a special-operation exam has a practical part', 'practicalScore');
    const ineligible =
      checkSpecialOperationAge(ref, context.birthDate, data.examinedOn, context.sex) ??
      checkSpecialOperationEducation(ref, state.educationLevel, code, data.examinedOn);
    if (ineligible) return ineligible;
  }
  if (code !== undefined && !findSpecialOperation(ref, code, data.examinedOn)) {
    return invalidInput('unknown_special_operation_code', 'not a code of the special-operation catalogue', 'specialOperationCode');
  }

  const attempt = nextAttempt(state, data.kind, code, context.trainingCompletedOn, 1 + rules.exam.resits);
  if (attempt === 'training_required') {
    return reject('training_required', 'the resit was failed too: the worker must complete the training again before another exam');
  }
  const result: ExamResult = { ...data, attempt };
  return accept([{ type: isExamPassed(rules.exam, data) ? 'ExamPassed' : 'ExamFailed', data: result }]);
};

/**
 * One resit (补考一次): after the allowed attempts fail in a row for the same kind and code, another
 * attempt needs a training completed after the last failure; that training starts the count again.
 */
const nextAttempt = (state: WorkerState, kind: ExamKind, code: string | undefined, trainedOn: Day | null, allowed: number): number | 'training_required' => {
  const last = state.exams.filter((e) => e.kind === kind && e.specialOperationCode === code).at(-1);
  if (!last || last.passed) return 1;
  if (trainedOn !== null && trainedOn > last.examinedOn) return 1;
  return last.attempt >= allowed ? 'training_required' : last.attempt + 1;
};

const recordEducation = ({ data }: RecordEducation, state: WorkerState): Decision<WorkerEvent> => {
  if (state.personId === null) return notFound('worker');
  const badDay = checkDays({ since: data.since });
  if (badDay) return badDay;
  if (!EDUCATION_LEVELS.includes(data.level)) return invalidInput('invalid_education_level', `level must be one of ${EDUCATION_LEVELS.join(', ')}`, 'level');
  if (!activeEmploymentAt(state, data.enterpriseId)) return reject('not_employed', 'education is recorded only by an enterprise currently employing the person');
  const { personId, level, since } = data;
  return accept([{ type: 'EducationRecorded', data: { personId, level, since } }]);
};

export const workerDecider = (ref: ReferenceData): Decider<WorkerState, WorkerCommand, WorkerEvent> => ({
  initialState: initialWorkerState,
  evolve: evolveWorker,
  decide: (command, state) => {
    // An erased person is gone for good: nothing is enrolled, assigned or examined under their id again
    // (a retried enrolment that lost the race to the erasure must not revive them). Ending an employment
    // or a post only closes what the employer had open, and adds nothing about the person.
    if (state.erasedOn !== null && command.type !== 'EndEmployment' && command.type !== 'EndPost') {
      return reject('already_erased', "The person's personal data has been erased.");
    }
    switch (command.type) {
      case 'EnrollWorker':
        return enroll(ref, command, state);
      case 'EndEmployment':
        return endEmployment(command, state);
      case 'AssignToPost':
        return assignToPost(ref, command, state);
      case 'EndPost':
        return endPost(command, state);
      case 'RecordExam':
        return recordExam(ref, command, state);
      case 'RecordEducation':
        return recordEducation(command, state);
    }
  },
});
