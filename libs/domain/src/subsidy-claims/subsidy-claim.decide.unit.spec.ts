import { loadReferenceData } from '../testing/reference-data.js';
import { specialOperationCertificate } from '../testing/certificate-fixtures.js';
import { specFor } from '../testing/given-when-then.js';
import { evolveTrainingClass, initialTrainingClassState, type TrainingClassEvent } from '../training-classes/training-class.js';
import type { ExamRecord } from '../workers/worker.js';
import type { SubsidyClaimEvent, SubsidyClaimSubmitted } from './subsidy-claim.js';
import { subsidyClaimDecider, type ClaimedTraineeContext, type SubmitSubsidyClaim } from './subsidy-claim.decide.js';

const given = specFor(subsidyClaimDecider(loadReferenceData()));

const classEvents: TrainingClassEvent[] = [
  { type: 'TrainingClassOpened', data: { classId: 'k1', countyCode: '430903', kind: 'special_operation', specialOperationCode: '1.2', title: '低压电工作业', content: '理论与实操', theoryHours: 56, practicalHours: 24, startsOn: '2020-05-06', endsOn: '2020-05-20', providerId: 'p1' } },
  { type: 'TraineeAdded', data: { classId: 'k1', workerId: 'w1' } },
  { type: 'TraineeCompleted', data: { classId: 'k1', workerId: 'w1', hoursAttended: 80, completedOn: '2020-05-20' } },
  { type: 'TraineeAdded', data: { classId: 'k1', workerId: 'w2' } },
  { type: 'TraineeCompleted', data: { classId: 'k1', workerId: 'w2', hoursAttended: 80, completedOn: '2020-05-20' } },
  { type: 'TraineeAdded', data: { classId: 'k1', workerId: 'w3' } },
];
const trainingClass = classEvents.reduce(evolveTrainingClass, initialTrainingClassState());

const passedExam = (personId: string): ExamRecord => ({
  personId, examId: `x-${personId}`, kind: 'special_operation', classId: 'k1', specialOperationCode: '1.2', theoryScore: 90, practicalScore: 88, keySafetySkillsPassed: true, examinedOn: '2020-05-25', attempt: 1, passed: true,
});
const facts = (personId: string, change: Partial<ClaimedTraineeContext> = {}): ClaimedTraineeContext => ({
  exams: [passedExam(personId)],
  certificate: specialOperationCertificate({ certificateId: `c-${personId}`, personId, issuedOn: '2020-06-10' }),
  employerId: 'e1',
  subsidisedBefore: false,
  subsidisedThatYear: 0,
  ...change,
});
const contract = { fileName: '劳动合同.pdf', sha256: 'A'.repeat(64) };
const request: SubmitSubsidyClaim['data'] = {
  claimId: 'sc1', classId: 'k1', claimant: { kind: 'provider', id: 'p1' }, submittedOn: '2020-07-01', countyCode: '430903',
  trainees: [
    { workerId: 'w1', certificateId: 'c-w1', laborContract: contract },
    { workerId: 'w2', certificateId: 'c-w2', laborContract: contract },
  ],
};
const submit = (data: Partial<SubmitSubsidyClaim['data']> = {}, context: Partial<SubmitSubsidyClaim['context']> = {}): SubmitSubsidyClaim => ({
  type: 'SubmitSubsidyClaim',
  data: { ...request, ...data },
  context: { trainingClass, classClaim: null, trainees: { w1: facts('w1'), w2: facts('w2'), w3: facts('w3') }, ...context },
});
const trainee = (workerId: string) => ({
  workerId, enterpriseId: 'e1', certificateId: `c-${workerId}`, certificateType: 'special_operation' as const, subsidyCode: '1.2', subsidyYear: 2020,
  laborContract: { fileName: '劳动合同.pdf', sha256: 'a'.repeat(64) }, amount: 800,
});
const submitted: SubsidyClaimSubmitted = {
  type: 'SubsidyClaimSubmitted',
  data: { claimId: 'sc1', classId: 'k1', claimant: { kind: 'provider', id: 'p1' }, submittedOn: '2020-07-01', countyCode: '430903', trainees: [trainee('w1'), trainee('w2')], total: 1600 },
};

describe('subsidy claim: submission', () => {
  it('records each trainee with the amount from reference data and the total', () => {
    given().when(submit()).then([submitted]);
  });

  it('lets the employing enterprise claim', () => {
    const spec = given().when(submit({ claimant: { kind: 'enterprise', id: 'e1' } }));
    expect(spec.events()[0]!.data).toMatchObject({ claimant: { kind: 'enterprise', id: 'e1' }, total: 1600 });
  });

  const withTrainee = (workerId: string, change: Partial<ClaimedTraineeContext>) => ({ trainees: { w1: facts('w1'), w2: facts('w2'), w3: facts('w3'), [workerId]: facts(workerId, change) } });

  it.each([
    ['not_completed', submit({ trainees: [{ workerId: 'w3', certificateId: 'c-w3', laborContract: contract }] }), 'trainees[0].workerId'],
    ['no_passed_exam', submit({}, withTrainee('w2', { exams: [] })), 'trainees[1].workerId'],
    ['no_passed_exam', submit({}, withTrainee('w2', { exams: [{ ...passedExam('w2'), passed: false }] })), 'trainees[1].workerId'],
    ['no_certificate', submit({}, withTrainee('w2', { certificate: null })), 'trainees[1].certificateId'],
    ['no_certificate', submit({ trainees: [{ workerId: 'w1', certificateId: 'c-other', laborContract: contract }] }), 'trainees[0].certificateId'],
    ['certificate_mismatch', submit({}, withTrainee('w2', { certificate: specialOperationCertificate({ certificateId: 'c-w2', personId: 'w1' }) })), 'trainees[1].certificateId'],
    ['certificate_mismatch', submit({}, withTrainee('w2', { certificate: specialOperationCertificate({ certificateId: 'c-w2', personId: 'w2', specialOperationCode: '1.1' }) })), 'trainees[1].certificateId'],
    ['no_labor_contract', submit({ trainees: [{ workerId: 'w1', certificateId: 'c-w1' }] }), 'trainees[0].laborContract'],
    ['no_labor_contract', submit({ trainees: [{ workerId: 'w1', certificateId: 'c-w1', laborContract: { fileName: 'a.pdf', sha256: 'abc' } }] }), 'trainees[0].laborContract'],
    ['no_labor_contract', submit({ trainees: [{ workerId: 'w1', certificateId: 'c-w1', laborContract: { fileName: ' ', sha256: 'a'.repeat(64) } }] }), 'trainees[0].laborContract'],
    ['already_subsidised', submit({}, withTrainee('w2', { subsidisedBefore: true })), 'trainees[1].workerId'],
    ['yearly_limit_reached', submit({}, withTrainee('w1', { subsidisedThatYear: 3 })), 'trainees[0].workerId'],
    ['not_employed_by_claimant', submit({ claimant: { kind: 'enterprise', id: 'e1' } }, withTrainee('w2', { employerId: 'e2' })), 'trainees[1].workerId'],
    ['duplicate_trainee', submit({ trainees: [request.trainees[0]!, request.trainees[0]!] }), 'trainees[1].workerId'],
  ] as const)('refuses a trainee: %s at the trainee path', (code, command, path) => {
    const rejection = given().when(command).thenRejects(code);
    expect(rejection.path).toBe(path);
  });

  describe('the certificate comes from this class and is valid on the claim day', () => {
    const certificateOf = (over: Parameters<typeof specialOperationCertificate>[0], later: Parameters<typeof specialOperationCertificate>[1] = []) =>
      withTrainee('w2', { certificate: specialOperationCertificate({ certificateId: 'c-w2', personId: 'w2', ...over }, later) });

    it.each([
      ['issued before the class was completed', { issuedOn: '2020-05-15' }],
      ['issued before the exam of the class', { issuedOn: '2020-05-22' }],
      ['issued more than 12 months after the pass', { issuedOn: '2021-05-26', validUntil: '2027-05-26', reviewDueOn: '2024-05-26' }],
    ] as const)('refuses certificate_not_from_class: %s', (_label, over) => {
      const rejection = given().when(submit({ submittedOn: '2021-06-01' }, certificateOf(over))).thenRejects('certificate_not_from_class');
      expect(rejection.path).toBe('trainees[1].certificateId');
    });

    it('accepts a certificate issued on the day of the pass, or within its 12 months', () => {
      given().when(submit({}, certificateOf({ issuedOn: '2020-05-25' }))).then([submitted]);
      const late = given().when(submit({ submittedOn: '2021-06-01' }, certificateOf({ issuedOn: '2021-05-25', validUntil: '2027-05-25', reviewDueOn: '2024-05-25' })));
      expect(late.events()).toHaveLength(1);
    });

    it.each([
      ['revoked', [{ type: 'CertificateRevoked', data: { certificateId: 'c-w2', revokedOn: '2020-06-20', reason: 'fraud' } }]],
      ['cancelled', [{ type: 'CertificateCancelled', data: { certificateId: 'c-w2', cancelledOn: '2020-06-20', reason: 'request' } }]],
      ['lapsed', [{ type: 'CertificateLapsed', data: { certificateId: 'c-w2', lapsedOn: '2020-06-20', reason: 'review_refused' } }]],
    ] as const)('refuses certificate_not_valid: %s before the claim day', (status, later) => {
      const rejection = given().when(submit({}, certificateOf({ issuedOn: '2020-06-10' }, [...later] as never))).thenRejects('certificate_not_valid');
      expect(rejection).toMatchObject({ path: 'trainees[1].certificateId', message: `the certificate is ${status} on 2020-07-01` });
    });

    it('accepts a certificate revoked only after the claim day', () => {
      const later = [{ type: 'CertificateRevoked', data: { certificateId: 'c-w2', revokedOn: '2020-07-02', reason: 'fraud' } }];
      given().when(submit({}, certificateOf({ issuedOn: '2020-06-10' }, later as never))).then([submitted]);
    });

    it('refuses certificate_not_valid past its last valid day', () => {
      given().when(submit({ submittedOn: '2021-06-01' }, certificateOf({ issuedOn: '2020-06-10', validUntil: '2021-05-31' }))).thenRejects('certificate_not_valid');
    });
  });

  it('refuses class_not_subsidised: a refresher or skill-upgrade class, even of the same code', () => {
    for (const kind of ['refresher', 'skill_upgrade'] as const) {
      const klass = { ...trainingClass, opened: { ...trainingClass.opened!, kind } };
      const rejection = given().when(submit({}, { trainingClass: klass })).thenRejects('class_not_subsidised');
      expect(rejection.path).toBe('classId');
    }
  });

  it('refuses no_employer: a provider claiming for a trainee no registered enterprise employed during the class', () => {
    const rejection = given().when(submit({}, withTrainee('w2', { employerId: null }))).thenRejects('no_employer');
    expect(rejection.path).toBe('trainees[1].workerId');
  });

  describe('training hours (reference/training-hours.json)', () => {
    const classWith = (change: object, hoursAttended = 80) => ({
      trainingClass: {
        opened: { ...trainingClass.opened!, ...change },
        trainees: trainingClass.trainees.map((t) => (t.completion ? { ...t, completion: { ...t.completion, hoursAttended } } : t)),
      },
    });

    it.each([
      ['theory hours below 40', classWith({ theoryHours: 30, practicalHours: 50 })],
      ['practical hours below 24', classWith({ theoryHours: 70, practicalHours: 10 })],
      ['attendance below 64 hours', classWith({}, 63)],
    ] as const)('refuses training_hours_below_minimum: %s', (_label, context) => {
      const rejection = given().when(submit({}, context)).thenRejects('training_hours_below_minimum');
      expect(rejection.path).toBe('trainees[0].workerId');
    });

    it('accepts exactly the minimum: 40 theory, 24 practical, 64 attended', () => {
      given().when(submit({}, classWith({ theoryHours: 40, practicalHours: 24 }, 64))).then([submitted]);
    });
  });

  it('accepts a trainee with 2 subsidised trainings that year', () => {
    given().when(submit({}, withTrainee('w1', { subsidisedThatYear: 2 }))).then([submitted]);
  });

  it('counts only an exam of that class: a passed exam of the same code without class id is refused (no_passed_exam)', () => {
    const { classId: _c, ...exam } = passedExam('w2');
    given().when(submit({}, withTrainee('w2', { exams: [{ ...exam }] }))).thenRejects('no_passed_exam', 'rule');
    given().when(submit({}, withTrainee('w2', { exams: [{ ...exam, classId: 'k9' }] }))).thenRejects('no_passed_exam', 'rule');
  });

  it('refuses a failed class exam followed by a pass recorded outside the class (no_passed_exam), and accepts a resit of the class exam', () => {
    const failed = { ...passedExam('w2'), passed: false };
    const { classId: _c, ...outside } = { ...passedExam('w2'), examId: 'x-w2-2', examinedOn: '2020-05-28', attempt: 2 };
    given().when(submit({}, withTrainee('w2', { exams: [failed, outside] }))).thenRejects('no_passed_exam', 'rule');
    given().when(submit({}, withTrainee('w2', { exams: [failed, { ...outside, classId: 'k1' }] }))).then([submitted]);
  });

  it('refuses a class already claimed by the other claimant kind, or by another claim', () => {
    given().when(submit({}, { classClaim: { claimId: 'sc0', claimant: { kind: 'enterprise', id: 'e1' } } })).thenRejects('claimed_by_other_claimant');
    given().when(submit({}, { classClaim: { claimId: 'sc0', claimant: { kind: 'provider', id: 'p1' } } })).thenRejects('class_already_claimed', 'conflict');
    given().when(submit({}, { classClaim: { claimId: 'sc1', claimant: { kind: 'provider', id: 'p1' } } })).then([submitted]);
  });

  it.each([
    ['not_class_owner', submit({ claimant: { kind: 'provider', id: 'p2' } }), 'rule'],
    ['invalid_claimant', submit({ claimant: { kind: 'school' as never, id: 'p1' } }), 'invalid'],
    ['unknown_county', submit({ countyCode: '430000' }), 'not_found'],
    ['no_trainees', submit({ trainees: [] }), 'invalid'],
    ['training_class_not_found', submit({ classId: 'k2' }), 'not_found'],
    ['worker_not_found', submit({ trainees: [{ workerId: 'w9', certificateId: 'c', laborContract: contract }] }), 'not_found'],
    ['invalid_day', submit({ submittedOn: '2020-07-32' }), 'invalid'],
  ] as const)('refuses %s', (code, command, kind) => {
    given().when(command).thenRejects(code, kind);
  });

  it('refuses submitting twice', () => {
    given([submitted]).when(submit()).thenRejects('subsidy_claim_already_exists', 'conflict');
  });
});

describe('subsidy claim: state machine', () => {
  const verified: SubsidyClaimEvent = { type: 'SubsidyClaimVerified', data: { claimId: 'sc1', verifiedOn: '2020-07-10', stampRef: '赫应急核〔2020〕12号' } };
  const approved: SubsidyClaimEvent = { type: 'SubsidyClaimApproved', data: { claimId: 'sc1', approvedOn: '2020-07-20', amount: 1500 } };
  const paid: SubsidyClaimEvent = { type: 'SubsidyClaimPaid', data: { claimId: 'sc1', paidOn: '2020-08-01', amount: 1500, reference: 'PAY-2020-001' } };
  const rejected: SubsidyClaimEvent = { type: 'SubsidyClaimRejected', data: { claimId: 'sc1', rejectedOn: '2020-07-10', reason: '材料不全', department: 'emergency_management' } };
  const rejectedByHr: SubsidyClaimEvent = { type: 'SubsidyClaimRejected', data: { claimId: 'sc1', rejectedOn: '2020-07-10', reason: '材料不全', department: 'hr_social_security' } };
  const clawedBack: SubsidyClaimEvent = { type: 'SubsidyClaimClawedBack', data: { claimId: 'sc1', on: '2020-12-01', reason: '虚假劳动合同' } };
  const verify = { type: 'VerifySubsidyClaim' as const, data: verified.data as never };
  const approve = (amount = 1500, approvedOn = '2020-07-20') => ({ type: 'ApproveSubsidyClaim' as const, data: { claimId: 'sc1', approvedOn, amount } });
  const reject = { type: 'RejectSubsidyClaim' as const, data: rejected.data as never };
  const rejectByHr = { type: 'RejectSubsidyClaim' as const, data: rejectedByHr.data as never };
  const pay = (amount = 1500) => ({ type: 'PaySubsidyClaim' as const, data: { claimId: 'sc1', paidOn: '2020-08-01', amount, reference: 'PAY-2020-001' } });
  const clawBack = { type: 'ClawBackSubsidyClaim' as const, data: clawedBack.data as never };

  it('goes submitted → em_verified → approved → paid → clawed_back', () => {
    given([submitted]).when(verify).then([verified]);
    given([submitted, verified]).when(approve()).then([approved]);
    given([submitted, verified, approved]).when(pay()).then([paid]);
    expect(given([submitted, verified, approved, paid]).when(clawBack).then([clawedBack]).stateAfter().status).toBe('clawed_back');
  });

  it('lets emergency management reject instead of stamping, and HR & social security only after the stamp', () => {
    given([submitted]).when(reject).then([rejected]);
    given([submitted, verified]).when(rejectByHr).then([rejectedByHr]);
    given([submitted]).when(rejectByHr).thenRejects('not_verified', 'rule');
    given([submitted, verified]).when(reject).thenRejects('invalid_transition');
    given([submitted, verified, approved]).when(rejectByHr).thenRejects('invalid_transition');
    given([submitted, rejected]).when(reject).thenRejects('invalid_transition');
    given([submitted, rejected]).when(rejectByHr).thenRejects('invalid_transition');
  });

  it.each([
    ['approve before verification', [submitted], approve()],
    ['verify twice', [submitted, verified], verify],
    ['pay before approval', [submitted, verified], pay()],
    ['pay a rejected claim', [submitted, rejected], pay()],
    ['claw back an unpaid claim', [submitted, verified, approved], clawBack],
  ] as const)('refuses to %s (invalid_transition)', (_label, history, command) => {
    given([...history]).when(command).thenRejects('invalid_transition');
  });

  it('keeps amounts honest', () => {
    given([submitted, verified]).when(approve(1601)).thenRejects('amount_exceeds_total');
    given([submitted, verified]).when(approve(1600)).then([{ ...approved, data: { ...approved.data, amount: 1600 } } as SubsidyClaimEvent]);
    given([submitted, verified]).when(approve(0)).thenRejects('invalid_amount', 'invalid');
    given([submitted, verified, approved]).when(pay(1600)).thenRejects('amount_mismatch');
  });

  it('refuses steps dated before the previous one and missing evidence', () => {
    given([submitted, verified]).when(approve(1500, '2020-07-09')).thenRejects('before_previous_step', 'invalid');
    given([submitted]).when({ type: 'VerifySubsidyClaim', data: { claimId: 'sc1', verifiedOn: '2020-07-10', stampRef: '' } }).thenRejects('stampRef_required', 'invalid');
    given([submitted]).when({ type: 'RejectSubsidyClaim', data: { claimId: 'sc1', rejectedOn: '2020-07-10', reason: ' ', department: 'hr_social_security' } }).thenRejects('reason_required', 'invalid');
    given([submitted, verified, approved]).when({ type: 'PaySubsidyClaim', data: { claimId: 'sc1', paidOn: '2020-08-01', amount: 1500, reference: '' } }).thenRejects('reference_required', 'invalid');
    given().when(verify).thenRejects('subsidy_claim_not_found', 'not_found');
  });
});
