/**
 * A synthetic history with the shapes the commands append: enterprises, enrolments, classes with
 * rosters and completions, exams, posts, certificates and reviews, subsidy claims with their steps,
 * some ends of posts and employments. Deterministic for a given size; streams and revisions are
 * consistent, so the projections fold it as they would the real log.
 */
const COUNTIES = ['430902', '430903', '430921', '430922', '430923', '430981', '430971', '430972'];
const SECTORS = ['hazardous_chemicals', 'non_coal_mining', 'metal_smelting', 'fireworks'] as const;
const CODES = ['1.1', '1.2', '2.1', '3.1', '9.3', '9.4', '8.1', '10.4'];
const CLASS_SIZE = 30;
const WORKERS_PER_ENTERPRISE = 400;

export interface SyntheticEvent {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  data: object;
  metadata: object;
  recordedAt: string;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const day = (offset: number) => new Date(Date.UTC(2020, 0, 1) + (offset % 700) * 86_400_000).toISOString().slice(0, 10);
const sealed = (person: string) => ({ v: 1, keyId: person, iv: 'q1w2e3r4t5y6u7i8', ciphertext: 'Zm9vYmFyYmF6cXV4'.repeat(6), tag: 'dGFndGFndGFndGFn' });

/** Yields events in append order until `total` have been produced. */
export function* syntheticHistory(total: number): Generator<SyntheticEvent> {
  const revisions = new Map<string, number>();
  let produced = 0;
  let sequence = 0;
  const event = (streamId: string, type: string, data: object, occurredAt: string, role: string): SyntheticEvent => {
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    sequence++;
    produced++;
    return {
      streamId,
      revision,
      eventId: `00000000-0000-4000-8000-${hex(sequence, 12)}`,
      type,
      data,
      metadata: {
        schemaVersion: 1,
        occurredAt,
        actor: { sub: `${role}-${sequence % 97}`, role },
        correlationId: `10000000-0000-4000-8000-${hex(sequence, 12)}`,
        causationId: null,
        prevHash: revision === 0 ? null : hex(sequence * 2654435761, 64).slice(-64),
      },
      recordedAt: new Date(Date.UTC(2020, 0, 1) + sequence * 1000).toISOString(),
    };
  };

  for (let batch = 0; produced < total; batch++) {
    const enterpriseIndex = Math.floor((batch * CLASS_SIZE) / WORKERS_PER_ENTERPRISE);
    const enterpriseId = `e${hex(enterpriseIndex, 8)}`;
    const countyCode = COUNTIES[enterpriseIndex % COUNTIES.length]!;
    const sector = SECTORS[enterpriseIndex % SECTORS.length]!;
    const start = batch * 3;
    if ((batch * CLASS_SIZE) % WORKERS_PER_ENTERPRISE < CLASS_SIZE) {
      yield event(`enterprise-${enterpriseId}`, 'EnterpriseRegistered', { enterpriseId, name: `企业${enterpriseIndex}`, creditCode: `91430900MA${hex(enterpriseIndex, 8)}`, sector, countyCode, registeredOn: day(start) }, day(start), 'city_admin');
      yield event(`enterprise-${enterpriseId}`, 'TrainingPlanSubmitted', { enterpriseId, year: 2020, submittedOn: day(start + 10) }, day(start + 10), 'enterprise_admin');
    }
    const classId = `c${hex(batch, 10)}`;
    const code = CODES[batch % CODES.length]!;
    yield event(`training_class-${classId}`, 'TrainingClassOpened', {
      classId, countyCode, kind: batch % 5 === 0 ? 'team_leader' : 'special_operation', specialOperationCode: code, title: '特种作业培训', content: '理论与实操', theoryHours: 40, practicalHours: 32, startsOn: day(start + 20), endsOn: day(start + 30), enterpriseId,
    }, day(start + 20), 'training_provider');
    const workers = Array.from({ length: CLASS_SIZE }, (_, i) => `w${hex(batch * CLASS_SIZE + i, 10)}`);
    for (const [i, personId] of workers.entries()) {
      yield event(`worker-${personId}`, 'WorkerEnrolled', {
        personId, idNumberHash: hex(batch * CLASS_SIZE + i, 64), personal: sealed(personId), employmentId: `m${personId}`, enterpriseId,
        employmentType: 'employee', hireType: i % 4 === 0 ? 'on_post' : 'new_hire', enrolledOn: day(start + 15), educationLevel: 'senior_high',
      }, day(start + 15), 'enterprise_admin');
      yield event(`training_class-${classId}`, 'TraineeAdded', { classId, workerId: personId }, day(start + 20), 'training_provider');
    }
    for (const [i, personId] of workers.entries()) {
      yield event(`training_class-${classId}`, 'TraineeCompleted', { classId, workerId: personId, hoursAttended: 72, completedOn: day(start + 30) }, day(start + 30), 'training_provider');
      yield event(`worker-${personId}`, i % 10 === 9 ? 'ExamFailed' : 'ExamPassed', {
        personId, examId: `x${personId}`, kind: 'special_operation', classId, specialOperationCode: code, theoryScore: 88, practicalScore: 90, keySafetySkillsPassed: true, examinedOn: day(start + 31), attempt: 1,
      }, day(start + 31), 'training_provider');
      yield event(`worker-${personId}`, 'PostAssigned', {
        personId, postId: `p${personId}`, employmentId: `m${personId}`, enterpriseId, title: '操作工', startsOn: day(start + 35), specialOperationCode: code,
        teamLeader: i === 0, keyPosition: i % 7 === 0, trainedBeforePost: i % 10 !== 9, certifiedAtStart: false,
      }, day(start + 35), 'enterprise_admin');
      if (i % 10 !== 9) {
        const certificateId = `k${personId}`;
        yield event(`certificate-${certificateId}`, 'CertificateIssued', {
          certificateId, personId, type: 'special_operation', specialOperationCode: code, number: `T${certificateId}`, issuedOn: day(start + 40), issuer: '益阳市应急管理局', validUntil: day(start + 40 + 2190), reviewDueOn: day(start + 40 + 1095),
        }, day(start + 40), 'em_officer');
        if (i % 3 === 0) {
          yield event(`certificate-${certificateId}`, 'CertificateReviewed', {
            certificateId, reviewedOn: day(start + 1100), passed: true, reviewTrainingHours: 8, nextReviewDueOn: day(start + 2190), validUntil: day(start + 2190),
          }, day(start + 1100), 'em_officer');
        }
      }
      if (i % 5 === 4) yield event(`worker-${personId}`, 'PostEnded', { personId, postId: `p${personId}`, endsOn: day(start + 400) }, day(start + 400), 'enterprise_admin');
      if (i % 10 === 4) yield event(`worker-${personId}`, 'EmploymentEnded', { personId, employmentId: `m${personId}`, enterpriseId, endsOn: day(start + 400) }, day(start + 400), 'enterprise_admin');
    }
    const claimId = `s${hex(batch, 10)}`;
    const trainees = workers.slice(0, 27).map((workerId) => ({
      workerId, enterpriseId, certificateId: `k${workerId}`, certificateType: 'special_operation', subsidyCode: `${workerId}:${code}`, subsidyYear: 2020, laborContract: { fileName: 'contract.pdf', sha256: hex(batch, 64) }, amount: 900,
    }));
    const claimStream = `subsidy_claim-${claimId}`;
    yield event(claimStream, 'SubsidyClaimSubmitted', { claimId, classId, claimant: { kind: 'enterprise', id: enterpriseId }, submittedOn: day(start + 45), countyCode, trainees, total: 27 * 900 }, day(start + 45), 'enterprise_admin');
    yield event(claimStream, 'SubsidyClaimVerified', { claimId, verifiedOn: day(start + 50), stampRef: `ST-${batch}` }, day(start + 50), 'em_officer');
    yield event(claimStream, 'SubsidyClaimApproved', { claimId, approvedOn: day(start + 60), amount: 27 * 900 }, day(start + 60), 'hrss_officer');
    yield event(claimStream, 'SubsidyClaimPaid', { claimId, paidOn: day(start + 70), amount: 27 * 900, reference: `PAY-${batch}` }, day(start + 70), 'hrss_officer');
  }
}
