import { loadReferenceData } from '../testing/reference-data.js';
import { specialOperationCertificate } from '../testing/certificate-fixtures.js';
import { specFor } from '../testing/given-when-then.js';
import type { EducationLevel } from '../reference/reference-data.js';
import type { ExamFailed, ExamPassed, ExamResult, PostAssigned, WorkerEnrolled, WorkerEvent } from './worker.js';
import { workerDecider, type AssignToPost, type EnrollWorker, type RecordEducation, type RecordExam } from './worker.decide.js';

const given = specFor(workerDecider(loadReferenceData()));

const BIRTH = '1990-06-15';
const sealed = { v: 1 as const, keyId: 'k1', iv: 'aXY=', ciphertext: 'Y2lwaGVy', tag: 'dGFn' };
const enrolment: EnrollWorker['data'] = {
  personId: 'w1', employmentId: 'm1', enterpriseId: 'e1', employmentType: 'employee', hireType: 'new_hire',
  enrolledOn: '2020-04-01', educationLevel: 'senior_high', personal: sealed,
};
const enrolled: WorkerEnrolled = { type: 'WorkerEnrolled', data: enrolment };
const withoutEducation = (): Omit<EnrollWorker['data'], 'educationLevel'> => {
  const { educationLevel: _education, ...rest } = enrolment;
  return rest;
};
const enroll = (data: Partial<EnrollWorker['data']> = {}, birthDate = BIRTH): EnrollWorker => ({ type: 'EnrollWorker', data: { ...enrolment, ...data }, context: { birthDate } });

const exam = (result: Partial<ExamResult> & { passed: boolean }): ExamPassed | ExamFailed => {
  const { passed, ...rest } = result;
  const data: ExamResult = { personId: 'w1', examId: 'x0', kind: 'pre_post', theoryScore: 90, keySafetySkillsPassed: true, examinedOn: '2020-04-20', attempt: 1, ...rest };
  return passed ? { type: 'ExamPassed', data } : { type: 'ExamFailed', data };
};
const safetyPassed = exam({ passed: true });

const post: AssignToPost['data'] = { personId: 'w1', postId: 'p1', enterpriseId: 'e1', title: '低压电工', startsOn: '2020-05-01', specialOperationCode: '1.2' };
const assign = (data: Partial<AssignToPost['data']> = {}, context: Partial<AssignToPost['context']> = {}): AssignToPost => ({
  type: 'AssignToPost', data: { ...post, ...data }, context: { birthDate: BIRTH, certificates: [], ...context },
});
const assigned = (data: Partial<PostAssigned['data']> = {}): PostAssigned => ({
  type: 'PostAssigned',
  data: { ...post, employmentId: 'm1', teamLeader: false, keyPosition: false, trainedBeforePost: true, certifiedAtStart: true, ...data },
});

const soExam: RecordExam['data'] = {
  personId: 'w1', examId: 'x1', kind: 'special_operation', specialOperationCode: '1.2', theoryScore: 85, practicalScore: 90, keySafetySkillsPassed: true, examinedOn: '2020-06-01',
};
const sit = (data: Partial<RecordExam['data']> = {}, context: Partial<RecordExam['context']> = {}): RecordExam => ({
  type: 'RecordExam', data: { ...soExam, ...data }, context: { birthDate: BIRTH, trainingCompletedOn: null, ...context },
});

describe('worker: enrolment (lifelong account)', () => {
  it('creates the account with the first enrolment, personal data sealed', () => {
    const spec = given().when(enroll());
    spec.then([enrolled]);
    expect(JSON.stringify(spec.events())).not.toContain(BIRTH);
    expect(spec.stateAfter()).toMatchObject({ personId: 'w1', educationLevel: 'senior_high' });
  });

  it('adds an employment at another enterprise to the same account', () => {
    const spec = given([enrolled]).when(enroll({ employmentId: 'm2', enterpriseId: 'e2', employmentType: 'dispatched' }));
    expect(spec.stateAfter().employments.map((e) => e.enterpriseId)).toEqual(['e1', 'e2']);
  });

  it("does not change a person's recorded education when another enterprise enrols them (an attacker's 'primary' is dropped)", () => {
    const spec = given([enrolled]).when(enroll({ employmentId: 'm2', enterpriseId: 'e2', educationLevel: 'primary' }));
    spec.then([{ type: 'WorkerEnrolled', data: { ...withoutEducation(), employmentId: 'm2', enterpriseId: 'e2' } }]);
    expect(spec.stateAfter().educationLevel).toBe('senior_high');
  });

  it('records the education given by a later enrolment when the person has none yet', () => {
    const spec = given([{ type: 'WorkerEnrolled', data: withoutEducation() }]).when(enroll({ employmentId: 'm2', enterpriseId: 'e2', educationLevel: 'junior_middle' }));
    expect(spec.stateAfter().educationLevel).toBe('junior_middle');
  });

  it('refuses an enrolment on an erased person, as a retry that lost the race to the erasure would decide it', () => {
    const erased: WorkerEvent = { type: 'PersonErased', data: { personId: 'w1', erasedOn: '2021-01-10' } };
    given([enrolled, erased]).when(enroll({ employmentId: 'm2', enterpriseId: 'e2', enrolledOn: '2021-03-01' })).thenRejects('already_erased', 'rule');
    given([enrolled, erased]).when(assign()).thenRejects('already_erased', 'rule');
    given([enrolled, erased]).when(sit()).thenRejects('already_erased', 'rule');
  });

  it('still ends the employment of an erased person (it closes a record and adds nothing about them)', () => {
    const erased: WorkerEvent = { type: 'PersonErased', data: { personId: 'w1', erasedOn: '2021-01-10' } };
    given([enrolled, erased])
      .when({ type: 'EndEmployment', data: { personId: 'w1', enterpriseId: 'e1', endsOn: '2021-01-31' } })
      .then([{ type: 'EmploymentEnded', data: { personId: 'w1', enterpriseId: 'e1', endsOn: '2021-01-31', employmentId: 'm1' } }]);
  });

  it('refuses enrolling again where the person is still employed (409)', () => {
    given([enrolled]).when(enroll({ employmentId: 'm2' })).thenRejects('already_employed', 'conflict');
  });

  it('enrols again where the earlier employment has ended', () => {
    given([enrolled, { type: 'EmploymentEnded', data: { personId: 'w1', employmentId: 'm1', enterpriseId: 'e1', endsOn: '2020-12-31' } }])
      .when(enroll({ employmentId: 'm2', enrolledOn: '2021-03-01' }))
      // The education is the person's, recorded already: the new enrolment does not repeat it.
      .then([{ type: 'WorkerEnrolled', data: { ...withoutEducation(), employmentId: 'm2', enrolledOn: '2021-03-01' } }]);
  });

  it.each([
    ['not_eligible', enroll({}, '2005-01-01'), 'rule'],
    ['invalid_employment_type', enroll({ employmentType: 'volunteer' as never }), 'invalid'],
    ['invalid_hire_type', enroll({ hireType: 'temp' as never }), 'invalid'],
    ['invalid_education_level', enroll({ educationLevel: 'phd' as never }), 'invalid'],
    ['invalid_day', enroll({ enrolledOn: '2020-02-31' }), 'invalid'],
  ] as const)('refuses %s', (code, command, kind) => {
    given().when(command).thenRejects(code, kind);
  });

  it('refuses another person on this stream and a reused employment id', () => {
    given([enrolled]).when(enroll({ personId: 'w2', enterpriseId: 'e2' })).thenRejects('person_mismatch', 'conflict');
    given([enrolled]).when(enroll({ enterpriseId: 'e2' })).thenRejects('employment_already_exists', 'conflict');
  });
});

describe('worker: employment end', () => {
  it('ends the employment and the posts still open in it', () => {
    given([enrolled, assigned()])
      .when({ type: 'EndEmployment', data: { personId: 'w1', enterpriseId: 'e1', endsOn: '2021-01-31', reason: 'resigned' } })
      .then([
        { type: 'PostEnded', data: { personId: 'w1', postId: 'p1', endsOn: '2021-01-31' } },
        { type: 'EmploymentEnded', data: { personId: 'w1', employmentId: 'm1', enterpriseId: 'e1', endsOn: '2021-01-31', reason: 'resigned' } },
      ]);
  });

  it('refuses ending an employment that is not active (invalid_transition)', () => {
    given([enrolled]).when({ type: 'EndEmployment', data: { personId: 'w1', enterpriseId: 'e9', endsOn: '2021-01-31' } }).thenRejects('invalid_transition');
  });

  it('refuses an end before the start, and an unknown worker', () => {
    given([enrolled]).when({ type: 'EndEmployment', data: { personId: 'w1', enterpriseId: 'e1', endsOn: '2020-03-01' } }).thenRejects('ends_before_start', 'invalid');
    given([enrolled, assigned()]).when({ type: 'EndEmployment', data: { personId: 'w1', enterpriseId: 'e1', endsOn: '2020-04-15' } }).thenRejects('ends_before_start', 'invalid');
    given().when({ type: 'EndEmployment', data: { personId: 'w1', enterpriseId: 'e1', endsOn: '2021-01-31' } }).thenRejects('worker_not_found', 'not_found');
  });
});

describe('worker: posts', () => {
  const validCertificate = specialOperationCertificate();

  it('assigns a trained and certified worker without warnings', () => {
    given([enrolled, safetyPassed]).when(assign({}, { certificates: [validCertificate] })).then([assigned()]).thenWarnings([]);
  });

  it('records an enrolment in the new apprenticeship (企业新型学徒制) with the post, and leaves it out when not enrolled', () => {
    given([enrolled, safetyPassed]).when(assign({ apprenticeship: true }, { certificates: [validCertificate] })).then([assigned({ apprenticeship: true })]);
    given([enrolled, safetyPassed]).when(assign({ apprenticeship: false }, { certificates: [validCertificate] })).then([assigned()]);
  });

  it('records an untrained worker on post with the warning not_trained_before_post', () => {
    given([enrolled]).when(assign({}, { certificates: [validCertificate] })).then([assigned({ trainedBeforePost: false })]).thenWarnings(['not_trained_before_post']);
  });

  it('warns for on_post hires too while no assessment has passed yet', () => {
    given([{ ...enrolled, data: { ...enrolment, hireType: 'on_post' } }])
      .when(assign({ specialOperationCode: undefined, title: '操作工' }))
      .thenWarnings(['not_trained_before_post']);
  });

  it('does not count an assessment passed after the start', () => {
    given([enrolled, exam({ passed: true, examinedOn: '2020-05-02' })]).when(assign({}, { certificates: [validCertificate] })).thenWarnings(['not_trained_before_post']);
  });

  it('does not count a failed assessment', () => {
    given([enrolled, exam({ passed: false })]).when(assign({}, { certificates: [validCertificate] })).thenWarnings(['not_trained_before_post']);
  });

  it('warns no_valid_certificate on a special-operation post without a valid certificate of that code', () => {
    given([enrolled, safetyPassed]).when(assign()).then([assigned({ certifiedAtStart: false })]).thenWarnings(['no_valid_certificate']);
    given([enrolled, safetyPassed]).when(assign({}, { certificates: [specialOperationCertificate({ specialOperationCode: '1.1' })] })).thenWarnings(['no_valid_certificate']);
    given([enrolled, safetyPassed]).when(assign({ startsOn: '2023-02-01' }, { certificates: [validCertificate] })).thenWarnings(['no_valid_certificate']);
    given([enrolled, safetyPassed]).when(assign({}, { certificates: [specialOperationCertificate({ issuedOn: '2020-06-01' })] })).thenWarnings(['no_valid_certificate']);
  });

  it('gives both warnings together', () => {
    given([enrolled]).when(assign()).thenWarnings(['not_trained_before_post', 'no_valid_certificate']);
  });

  it('keeps team leader, key position and role flags', () => {
    given([enrolled, safetyPassed])
      .when(assign({ specialOperationCode: undefined, teamLeader: true, keyPosition: true, role: 'safety_manager' }))
      .then([assigned({ specialOperationCode: undefined, teamLeader: true, keyPosition: true, role: 'safety_manager' })]);
  });

  it('refuses a special-operation post under 18 or past retirement age (not_eligible)', () => {
    given([enrolled]).when(assign({}, { birthDate: '2003-05-02' })).thenRejects('not_eligible');
    given([enrolled]).when(assign({}, { birthDate: '1960-01-01' })).thenRejects('not_eligible');
    given([enrolled]).when(assign({}, { birthDate: '1966-01-01', sex: 'female' })).thenRejects('not_eligible');
    given([enrolled, safetyPassed]).when(assign({}, { birthDate: '2002-05-01', certificates: [validCertificate] })).thenWarnings([]);
  });

  it('does not check age for ordinary posts', () => {
    given([enrolled, safetyPassed]).when(assign({ specialOperationCode: undefined }, { birthDate: '1955-01-01' })).thenWarnings([]);
  });

  it('refuses posts outside an active employment at that enterprise (not_employed)', () => {
    given([enrolled]).when(assign({ enterpriseId: 'e2' })).thenRejects('not_employed');
    given([enrolled]).when(assign({ startsOn: '2020-03-01' })).thenRejects('not_employed');
  });

  it.each([
    ['unknown_special_operation_code', assign({ specialOperationCode: '11.1' }), 'invalid'],
    ['invalid_day', assign({ startsOn: '2020-5-1' }), 'invalid'],
  ] as const)('refuses %s', (code, command, kind) => {
    given([enrolled]).when(command).thenRejects(code, kind);
  });

  it('warns practical_reexam_required when back on a special-operation code after 6 months or more away', () => {
    const endedPost = { type: 'PostEnded' as const, data: { personId: 'w1', postId: 'p1', endsOn: '2021-01-31' } };
    const certificate = { certificates: [specialOperationCertificate()] };
    const history = [enrolled, safetyPassed, assigned(), endedPost];
    given(history).when(assign({ postId: 'p2', startsOn: '2021-07-31' }, certificate)).thenWarnings(['practical_reexam_required']);
    given(history).when(assign({ postId: 'p2', startsOn: '2021-07-30' }, certificate)).thenWarnings([]);
    given(history).when(assign({ postId: 'p2', startsOn: '2021-08-15', specialOperationCode: '1.1' }, { certificates: [specialOperationCertificate({ specialOperationCode: '1.1' })] })).thenWarnings([]);
    const reexam = exam({ passed: true, kind: 'special_operation', specialOperationCode: '1.2', practicalScore: 90, examinedOn: '2021-08-01', examId: 'x9' });
    given([...history, reexam]).when(assign({ postId: 'p2', startsOn: '2021-08-15' }, certificate)).thenWarnings([]);
  });

  it('refuses a reused post id and an unknown worker', () => {
    given([enrolled, assigned()]).when(assign()).thenRejects('post_already_exists', 'conflict');
    given().when(assign()).thenRejects('worker_not_found', 'not_found');
  });

  it('ends a post once, not before it started', () => {
    const end = (endsOn: string, postId = 'p1') => ({ type: 'EndPost' as const, data: { personId: 'w1', postId, endsOn } });
    given([enrolled, assigned()]).when(end('2020-09-30')).then([{ type: 'PostEnded', data: { personId: 'w1', postId: 'p1', endsOn: '2020-09-30' } }]);
    given([enrolled, assigned(), { type: 'PostEnded', data: { personId: 'w1', postId: 'p1', endsOn: '2020-09-30' } }]).when(end('2020-10-30')).thenRejects('invalid_transition');
    given([enrolled, assigned()]).when(end('2020-04-30')).thenRejects('ends_before_start', 'invalid');
    given([enrolled]).when(end('2020-09-30', 'p9')).thenRejects('post_not_found', 'not_found');
    given().when(end('2020-09-30')).thenRejects('worker_not_found', 'not_found');
  });
});

describe('worker: exams', () => {
  const passedEvent = (data: Partial<ExamResult> = {}): WorkerEvent => ({ type: 'ExamPassed', data: { ...soExam, attempt: 1, ...data } });
  const failedEvent = (data: Partial<ExamResult> = {}): WorkerEvent => ({ type: 'ExamFailed', data: { ...soExam, attempt: 1, ...data } });

  it('passes with 80 or more on theory and practical', () => {
    given([enrolled]).when(sit({ theoryScore: 80, practicalScore: 80 })).then([passedEvent({ theoryScore: 80, practicalScore: 80 })]);
  });

  it.each([
    ['theory below 80', { theoryScore: 79 }],
    ['practical below 80', { practicalScore: 79.5 }],
    ['a failed key safety skill, whatever the score', { theoryScore: 100, practicalScore: 100, keySafetySkillsPassed: false }],
  ])('fails with %s', (_label, change) => {
    given([enrolled]).when(sit(change)).then([failedEvent(change)]);
  });

  it('scores assessments without a practical part on theory alone', () => {
    const data = { examId: 'x2', kind: 'pre_post' as const, specialOperationCode: undefined, practicalScore: undefined, theoryScore: 81 };
    given([enrolled]).when(sit(data)).then([{ type: 'ExamPassed', data: { ...soExam, ...data, attempt: 1 } }]);
  });

  it('allows one resit, then requires training again (training_required)', () => {
    const firstFail = failedEvent({ examId: 'x1', theoryScore: 60 });
    given([enrolled, firstFail]).when(sit({ examId: 'x2', examinedOn: '2020-06-20' })).then([passedEvent({ examId: 'x2', examinedOn: '2020-06-20', attempt: 2 })]);
    const secondFail = failedEvent({ examId: 'x2', theoryScore: 70, examinedOn: '2020-06-20', attempt: 2 });
    given([enrolled, firstFail, secondFail]).when(sit({ examId: 'x3', examinedOn: '2020-07-01' })).thenRejects('training_required');
    given([enrolled, firstFail, secondFail]).when(sit({ examId: 'x3', examinedOn: '2020-07-01' }, { trainingCompletedOn: '2020-06-10' })).thenRejects('training_required');
    given([enrolled, firstFail, secondFail])
      .when(sit({ examId: 'x3', examinedOn: '2020-08-01' }, { trainingCompletedOn: '2020-07-20' }))
      .then([passedEvent({ examId: 'x3', examinedOn: '2020-08-01', attempt: 1 })]);
  });

  it('counts attempts per kind and code', () => {
    const fails = [failedEvent({ examId: 'x1' }), failedEvent({ examId: 'x2', attempt: 2 })];
    given([enrolled, ...fails]).when(sit({ examId: 'x3', specialOperationCode: '1.1' })).then([passedEvent({ examId: 'x3', specialOperationCode: '1.1' })]);
  });

  it('refuses a special-operation exam under 18 or without the education (not_eligible)', () => {
    given([enrolled]).when(sit({}, { birthDate: '2003-01-01' })).thenRejects('not_eligible');
    given([{ ...enrolled, data: { ...enrolment, educationLevel: 'primary' } }]).when(sit()).thenRejects('not_eligible');
    given([{ ...enrolled, data: { ...enrolment, educationLevel: undefined } }]).when(sit()).thenRejects('not_eligible');
    given([{ ...enrolled, data: { ...enrolment, educationLevel: 'junior_middle' } }]).when(sit({ specialOperationCode: '9.3' })).thenRejects('not_eligible');
    given([{ ...enrolled, data: { ...enrolment, educationLevel: 'secondary_vocational' } }]).when(sit({ specialOperationCode: '9.3' })).then([passedEvent({ specialOperationCode: '9.3' })]);
  });

  it.each([
    ['invalid_score', sit({ theoryScore: 101 }), 'invalid'],
    ['invalid_score', sit({ practicalScore: -1 }), 'invalid'],
    ['invalid_exam_kind', sit({ kind: 'driving' as never }), 'invalid'],
    ['special_operation_code_required', sit({ specialOperationCode: undefined }), 'invalid'],
    ['practical_score_required', sit({ practicalScore: undefined }), 'invalid'],
    ['unknown_special_operation_code', sit({ specialOperationCode: '4.9' }), 'invalid'],
    ['invalid_day', sit({ examinedOn: '20200601' }), 'invalid'],
    ['no_rules_in_force', sit({ examinedOn: '2014-06-01' }), 'rule'],
  ] as const)('refuses %s', (code, command, kind) => {
    given([enrolled]).when(command).thenRejects(code, kind);
  });

  it('refuses a reused exam id and an unknown worker', () => {
    given([enrolled, passedEvent()]).when(sit()).thenRejects('exam_already_recorded', 'conflict');
    given().when(sit()).thenRejects('worker_not_found', 'not_found');
  });
});

describe('worker: education recorded after enrolment (M4)', () => {
  const study = (data: Partial<RecordEducation['data']> = {}): RecordEducation => ({
    type: 'RecordEducation', data: { personId: 'w1', enterpriseId: 'e1', level: 'secondary_vocational', since: '2021-06-01', ...data },
  });

  it('records the level and the day it counts from, without the enterprise', () => {
    given([enrolled]).when(study()).then([{ type: 'EducationRecorded', data: { personId: 'w1', level: 'secondary_vocational', since: '2021-06-01' } }]);
  });

  it('refuses a level outside the education levels, naming level (400)', () => {
    expect(given([enrolled]).when(study({ level: 'doctorate' as EducationLevel })).thenRejects('invalid_education_level', 'invalid').path).toBe('level');
  });

  it('refuses a day that is not a calendar day, naming since', () => {
    expect(given([enrolled]).when(study({ since: '2021-02-30' })).thenRejects('invalid_day', 'invalid').path).toBe('since');
  });

  it('refuses an unknown person (404)', () => {
    given().when(study()).thenRejects('worker_not_found', 'not_found');
  });

  it('refuses an erased person (422)', () => {
    given([enrolled, { type: 'PersonErased', data: { personId: 'w1', erasedOn: '2021-01-10' } }]).when(study()).thenRejects('already_erased', 'rule');
  });

  it('refuses an enterprise that does not employ the person now (422)', () => {
    given([enrolled]).when(study({ enterpriseId: 'e2' })).thenRejects('not_employed', 'rule');
    given([enrolled, { type: 'EmploymentEnded', data: { personId: 'w1', employmentId: 'm1', enterpriseId: 'e1', endsOn: '2020-12-31' } }]).when(study()).thenRejects('not_employed', 'rule');
  });
});
