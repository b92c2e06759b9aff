import { addDays, type Day } from '#libs/domain';

/** A stream's events in the order they are appended. */
export interface StreamEvents {
  streamId: string;
  events: Array<{ type: string; data: unknown }>;
}

/** A small deterministic generator (mulberry32): the same seed gives the same world. */
class Random {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  day(from: Day, days: number): Day {
    return addDays(from, this.int(days));
  }
}

export const WORLD_ENTERPRISES = [
  { enterpriseId: 'e01', countyCode: '430902', sector: 'hazardous_chemicals' },
  { enterpriseId: 'e02', countyCode: '430902', sector: 'non_coal_mining', subsector: 'underground_metal_nonmetal_mine' },
  { enterpriseId: 'e03', countyCode: '430902', sector: 'metal_smelting' },
  { enterpriseId: 'e04', countyCode: '430903', sector: 'hazardous_chemicals' },
  { enterpriseId: 'e05', countyCode: '430903', sector: 'metal_smelting' },
  { enterpriseId: 'e06', countyCode: '430903', sector: 'non_coal_mining' },
  { enterpriseId: 'e07', countyCode: '430921', sector: 'fireworks' },
  { enterpriseId: 'e08', countyCode: '430921', sector: 'hazardous_chemicals' },
  // Registered, and nobody works there: a group with nothing to measure.
  { enterpriseId: 'e09', countyCode: '430923', sector: 'non_coal_mining' },
] as const;

const CODES = ['1.2', '9.3', '8.1', '3.1'];
const EDUCATION = ['junior_middle', 'senior_high', 'secondary_vocational', 'bachelor'];

/**
 * Workers with one or two employments (some in two enterprises of a county), posts that start, end
 * and overlap, passed and failed exams, educations recorded after enrolment, classes of every kind that count or not, certificates issued,
 * reviewed, lapsed, revoked and cancelled, and a few people erased: every fact M1–M7 read.
 */
export function complianceWorld(seed: number, workers: number): StreamEvents[] {
  const random = new Random(seed);
  const streams: StreamEvents[] = WORLD_ENTERPRISES.map((e) => ({
    streamId: `enterprise-${e.enterpriseId}`,
    events: [{ type: 'EnterpriseRegistered', data: { ...e, name: e.enterpriseId, creditCode: `91430900MA${e.enterpriseId.toUpperCase()}00000X`, registeredOn: '2019-06-01' } }],
  }));
  const classes: Array<{ classId: string; kind: string; endsOn: Day; trainees: StreamEvents['events'] }> = ['team_leader', 'skill_upgrade', 'refresher', 'team_leader'].map((kind, i) => ({
    classId: `class_${i}`, kind, endsOn: random.day('2020-03-01', 700), trainees: [],
  }));
  const certificates: StreamEvents[] = [];
  const staffed = WORLD_ENTERPRISES.slice(0, -1);

  for (let w = 0; w < workers; w++) {
    const personId = `w${String(w).padStart(4, '0')}`;
    const events: StreamEvents['events'] = [];
    const first = random.pick(staffed);
    const second = random.chance(0.25) ? random.pick(random.chance(0.6) ? staffed.filter((e) => e.countyCode === first.countyCode) : staffed) : null;
    const jobs = [first, ...(second && second !== first ? [second] : [])];
    const codes: string[] = [];
    jobs.forEach((enterprise, j) => {
      const employmentId = `${personId}_m${j}`;
      const enrolledOn = random.day('2019-09-01', 900);
      events.push({
        type: 'WorkerEnrolled',
        data: {
          personId, idNumberHash: `hash_${personId}_${j}`, personal: { sealed: personId }, employmentId, enterpriseId: enterprise.enterpriseId, employmentType: 'employee',
          hireType: random.chance(0.3) ? 'on_post' : 'new_hire', enrolledOn, ...(random.chance(0.6) ? { educationLevel: random.pick(EDUCATION) } : {}),
        },
      });
      for (let p = 0; p < 1 + random.int(2); p++) {
        const postId = `${employmentId}_p${p}`;
        const code = random.chance(0.4) ? random.pick(CODES) : undefined;
        if (code) codes.push(code);
        events.push({
          type: 'PostAssigned',
          data: {
            personId, postId, employmentId, enterpriseId: enterprise.enterpriseId, title: 'operator', startsOn: random.day(enrolledOn, 200), ...(code ? { specialOperationCode: code } : {}),
            teamLeader: random.chance(0.3), keyPosition: random.chance(0.3), trainedBeforePost: true, certifiedAtStart: true,
          },
        });
        if (random.chance(0.3)) events.push({ type: 'PostEnded', data: { personId, postId, endsOn: random.day('2020-06-01', 700) } });
      }
      if (random.chance(0.15)) events.push({ type: 'EmploymentEnded', data: { personId, employmentId, enterpriseId: enterprise.enterpriseId, endsOn: random.day('2020-09-01', 600) } });
    });
    for (let x = 0; x < random.int(3); x++) {
      const kind = random.pick(['pre_post', 'refresher', 'team_leader', 'principal_safety_manager', 'special_operation']);
      events.push({
        type: random.chance(0.75) ? 'ExamPassed' : 'ExamFailed',
        data: { personId, examId: `${personId}_x${x}`, kind, theoryScore: 85, keySafetySkillsPassed: true, examinedOn: random.day('2019-10-01', 900), attempt: 1 },
      });
    }
    // Study started or a diploma obtained after enrolment: M4 counts it from its day.
    if (random.chance(0.2)) events.push({ type: 'EducationRecorded', data: { personId, level: random.pick(EDUCATION), since: random.day('2019-12-01', 800) } });
    if (random.chance(0.05)) events.push({ type: 'PersonErased', data: { personId, erasedOn: '2022-01-10' } });
    streams.push({ streamId: `worker-${personId}`, events });

    if (random.chance(0.35)) {
      const klass = random.pick(classes);
      klass.trainees.push({ type: 'TraineeCompleted', data: { classId: klass.classId, workerId: personId, hoursAttended: 24, completedOn: klass.endsOn } });
    }
    for (let c = 0; c < random.int(3); c++) {
      const certificateId = `${personId}_k${c}`;
      const special = random.chance(0.6);
      const issuedOn = random.day('2019-01-01', 1000);
      const reviewDueOn = special ? addDays(issuedOn, 700 + random.int(300)) : null;
      const facts: StreamEvents['events'] = [
        {
          type: 'CertificateIssued',
          data: {
            certificateId, personId, type: special ? 'special_operation' : random.pick(['skill_level', 'vocational_qualification']), ...(special ? { specialOperationCode: codes.length && random.chance(0.8) ? random.pick(codes) : random.pick(CODES) } : {}),
            number: certificateId, issuedOn, issuer: 'x', validUntil: special || random.chance(0.5) ? addDays(issuedOn, 2000) : null, reviewDueOn,
          },
        },
      ];
      if (reviewDueOn && random.chance(0.5)) {
        const passed = random.chance(0.8);
        facts.push({ type: 'CertificateReviewed', data: { certificateId, reviewedOn: addDays(reviewDueOn, -20), passed, reviewTrainingHours: 8, nextReviewDueOn: passed ? addDays(reviewDueOn, 1000) : null, validUntil: addDays(issuedOn, 2000) } });
        if (!passed) facts.push({ type: 'CertificateLapsed', data: { certificateId, lapsedOn: addDays(reviewDueOn, 1), reason: 'review_refused' } });
      }
      if (random.chance(0.1)) facts.push({ type: 'CertificateRevoked', data: { certificateId, revokedOn: random.day(issuedOn, 600), reason: 'fraud' } });
      else if (random.chance(0.05)) facts.push({ type: 'CertificateCancelled', data: { certificateId, cancelledOn: random.day(issuedOn, 600), reason: 'request' } });
      certificates.push({ streamId: `certificate-${certificateId}`, events: facts });
    }
  }
  const classStreams = classes.map((klass) => ({
    streamId: `training_class-${klass.classId}`,
    events: [
      {
        type: 'TrainingClassOpened',
        data: { classId: klass.classId, countyCode: '430902', kind: klass.kind, title: klass.kind, content: 'x', theoryHours: 16, practicalHours: 8, startsOn: addDays(klass.endsOn, -20), endsOn: klass.endsOn, enterpriseId: 'e01' },
      },
      ...klass.trainees,
    ],
  }));
  return [...streams, ...classStreams, ...certificates];
}
