import { addDays, type Day } from '#libs/domain';
import type { components } from '#libs/api-client';
import { randomFor } from './random.js';
import { idNumber, personName, postTitle, SECTOR_OPERATIONS } from './yiyang-world.js';

/** The quarters in which the training providers run classes (pre-post, then special operations three weeks later). */
export const QUARTERS: Day[] = ['2020-03-02', '2020-05-11', '2020-08-03', '2020-10-12', '2021-01-11', '2021-04-06', '2021-07-05', '2021-09-06'];

export interface ExamAttempt {
  theoryScore: number;
  practicalScore: number;
  keySafetySkillsPassed: boolean;
}

/**
 * Everything one worker's two years will be, drawn at once from the worker's own generator, so that
 * the story does not depend on the order in which parallel requests answer.
 */
export interface WorkerPlan {
  index: number;
  enrolment: Omit<components['schemas']['EnrollWorkerDto'], 'enterpriseId'> & { enrolledOn: Day };
  title: string;
  specialOperationCode?: string;
  teamLeader: boolean;
  keyPosition: boolean;
  /** The quarter of the pre-post class, or null for a worker on post never trained (a shortfall). */
  trainingStart: Day | null;
  /** Below 80 fails the pre-post assessment. */
  prePostScore: number;
  /** A new hire put on the post two days after hiring, before any assessment (recorded, warned). */
  postedEarly: boolean;
  /** Days between the assessment (or the certificate) and the new hire's first day on the post. */
  postDelay: number;
  /** The quarter whose special-operation class the worker joins. */
  specialCohort: Day;
  /** Never sent to the special-operation class: an uncertified special-operation post. */
  skipsSpecialClass: boolean;
  /** The exam and, when it fails, the one resit the rules allow. */
  specialAttempts: [ExamAttempt, ExamAttempt];
  certificateDelay: number;
  /** A special-operation certificate revoked some months after its issue (事故责任, 健康原因): M2 drops that day. */
  revocation?: { daysAfterIssue: number; reason: 'accident_responsibility' | 'unfit_health' };
  teamLeaderTrained: boolean;
  sentToSkillUpgrade: boolean;
  /** The skill-upgrade exam's theory score (pass 80). */
  upgradeScore: number;
  /** A skill-level certificate (职业技能等级证书), a third of them from before the plan. */
  qualification?: { issuedOn: Day; level: number; occupation: string };
  // What the commands answered.
  workerId?: string;
  passedPrePostOn?: Day;
  certificate?: { certificateId: string; issuedOn: Day };
}

const EDUCATION: Array<components['schemas']['EnrollWorkerDto']['educationLevel']> = ['senior_high', 'senior_high', 'secondary_vocational', 'junior_college', 'bachelor', 'junior_middle'];

export function planWorker(seed: number, index: number, countyCode: string, sector: string): WorkerPlan {
  const r = randomFor(seed, 1, index);
  const onPost = r.chance(0.7);
  const trainingStart = onPost ? (r.chance(0.92) ? r.pick(QUARTERS.slice(0, 6)) : null) : r.pick(QUARTERS);
  const birthDate = addDays('1966-01-01', Math.floor(index / 1000) * 400 + r.int(0, 399));
  const specialOperationCode = r.chance(0.15) ? r.pick(SECTOR_OPERATIONS[sector]!) : undefined;
  let educationLevel = r.pick(EDUCATION);
  // Special operations need senior high school or above for hazardous processes (Order 30): enterprises post accordingly.
  if (specialOperationCode && educationLevel === 'junior_middle') educationLevel = 'senior_high';
  const attempt = (): ExamAttempt => ({ theoryScore: r.int(77, 99), practicalScore: r.int(78, 99), keySafetySkillsPassed: r.chance(0.98) });
  const plan: WorkerPlan = {
    index,
    enrolment: {
      name: personName(r),
      idNumber: idNumber(countyCode, birthDate, index),
      employmentType: r.chance(0.9) ? 'employee' : r.pick(['dispatched', 'outsourced'] as const),
      hireType: onPost ? 'on_post' : 'new_hire',
      enrolledOn: onPost ? r.day('2015-09-01', '2019-11-30') : addDays(trainingStart!, -r.int(3, 25)),
      educationLevel,
    },
    title: postTitle(r, sector),
    ...(specialOperationCode ? { specialOperationCode } : {}),
    teamLeader: r.chance(0.08),
    keyPosition: r.chance(0.1),
    trainingStart,
    prePostScore: r.chance(0.06) ? r.int(55, 79) : r.int(80, 99),
    postedEarly: !onPost && r.chance(0.05),
    postDelay: r.int(4, 20),
    specialCohort: onPost ? r.pick(QUARTERS.slice(0, 4)) : trainingStart!,
    skipsSpecialClass: r.chance(0.04),
    specialAttempts: [attempt(), attempt()],
    certificateDelay: r.int(10, 40),
    teamLeaderTrained: r.chance(0.85),
    sentToSkillUpgrade: r.chance(0.3),
    upgradeScore: r.chance(0.1) ? r.int(60, 79) : r.int(80, 98),
  };
  if (r.chance(0.025)) plan.revocation = { daysAfterIssue: r.int(60, 420), reason: r.chance(0.6) ? 'accident_responsibility' : 'unfit_health' };
  if (r.chance(plan.teamLeader ? 0.45 : 0.3)) {
    plan.qualification = { issuedOn: r.chance(0.35) ? r.day('2018-03-01', '2019-12-20') : r.day('2020-03-01', '2021-10-15'), level: r.pick([5, 4, 4, 3]), occupation: postTitle(r, sector) };
  }
  return plan;
}

export const passes = (attempt: ExamAttempt): boolean => attempt.theoryScore >= 80 && attempt.practicalScore >= 80 && attempt.keySafetySkillsPassed;
