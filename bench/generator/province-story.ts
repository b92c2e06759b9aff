import { addDays, type Day, type DomainEvent } from '#libs/domain';
import type { Actor } from '#libs/event-store';
import { riskPostOf } from './enrol-enterprise.js';
import type { Random } from './random.js';
import { enterpriseSpec, postTitle, SECTOR_OPERATIONS } from './yiyang-world.js';

/** One command's worth of appends: the aggregate's events and the reservations written with it. */
export interface Command {
  actor: Actor;
  occurredAt: Day;
  streams: Array<{ streamId: string; events: DomainEvent[] }>;
}

/** Share of the workforce per county (the urban districts and Anhua's mines employ most). */
export const COUNTY_WEIGHTS: Record<string, number> = {
  '430902': 0.12, '430903': 0.2, '430921': 0.1, '430922': 0.13, '430923': 0.17, '430981': 0.13, '430971': 0.05, '430972': 0.1,
};

const EDUCATION: Array<[string, number]> = [
  ['primary', 0.06], ['junior_middle', 0.42], ['senior_high', 0.26], ['secondary_vocational', 0.14], ['junior_college', 0.08], ['bachelor', 0.04],
];
const EMPLOYMENT: Array<[string, number]> = [['employee', 0.8], ['dispatched', 0.12], ['outsourced', 0.05], ['intern', 0.03]];
const SUBSIDY_PER_CERTIFICATE = 800;
const CLASS_TITLES: Record<string, string> = { team_leader: '班组长安全技能培训班', skill_upgrade: '职业技能晋级培训班', refresher: '安全生产再培训班' };
/** Trainees per special-operation class at most; the training base of the first enterprise runs one big class. */
const CLASS_SIZE = 50;
const BIG_CLASS_SIZE = 170;

const weighted = (random: Random, table: Array<[string, number]>): string => {
  let u = random.next();
  for (const [value, weight] of table) if ((u -= weight) < 0) return value;
  return table[table.length - 1]![0];
};

/** Workers of an enterprise: log-normal, median ~25, mean ~45, as the province's registry looks. */
export const enterpriseSize = (random: Random): number => {
  const normal = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  return Math.max(3, Math.min(5000, Math.round(Math.exp(3.2 + 1.1 * normal))));
};

export const pickCounty = (random: Random): string => weighted(random, Object.entries(COUNTY_WEIGHTS));

/** Ids: 32 hex from a kind letter and a sequence number (stream ids may not hold `-`). */
const idOf = (kind: string, n: number) => `${kind}${n.toString(16).padStart(31, '0')}`;
const hex = (random: Random, length: number) => Array.from({ length }, () => Math.floor(random.next() * 16).toString(16)).join('');
const base64 = (random: Random, bytes: number) => Buffer.from(Array.from({ length: bytes }, () => Math.floor(random.next() * 256))).toString('base64');

interface Worker {
  personId: string;
  employmentId: string;
  hireType: 'new_hire' | 'on_post';
  enrolledOn: Day;
  educationLevel: string;
  code?: string;
  trainedOn?: Day;
  certificate?: { certificateId: string; code: string; issuedOn: Day };
  teamLeader?: boolean;
  keyPosition?: boolean;
}

export interface EnterpriseStory {
  commands: Command[];
  /** Subsidy claims written, with their trainee counts (the query benchmark picks a large one). */
  claims: Array<{ claimId: string; trainees: number }>;
  workers: string[];
}

/**
 * The life of one enterprise over the plan (2020–2024), command by command in the order the bureau
 * would see them: registration, training plan, enrolments, the pre-post class and its exams, posts,
 * some new hires in the new apprenticeship, special-operation classes by the county's provider, exams with
 * resits, certificates and their reviews, subsidy claims through their steps, team leaders' classes, skill
 * upgrade for key positions, skill-level certificates, refresher training, people leaving.
 */
export function enterpriseStory(random: Random, index: number, size: number, countyCode: string, providerId: string, firstWorker: number): EnterpriseStory {
  const spec = enterpriseSpec(random, index, countyCode);
  const enterpriseId = idOf('e', index);
  const enterpriseAdmin: Actor = { sub: `ea${index}`, role: 'enterprise_admin', scope: { enterpriseId } };
  const provider: Actor = { sub: `tp${providerId.slice(-4)}`, role: 'training_provider', scope: { providerId } };
  const officer: Actor = { sub: `em${countyCode}`, role: 'em_officer', scope: { countyCode } };
  const hrss: Actor = { sub: `hr${countyCode}`, role: 'hrss_officer', scope: { countyCode } };
  const commands: Command[] = [];
  const claims: EnterpriseStory['claims'] = [];
  const command = (actor: Actor, occurredAt: Day, ...streams: Command['streams']) => commands.push({ actor, occurredAt, streams });
  const one = (streamId: string, type: string, data: object) => ({ streamId, events: [{ type, data }] });
  const registeredOn = random.day('2019-06-01', '2020-03-31');

  command({ sub: 'city', role: 'city_admin', scope: {} }, registeredOn,
    one(`enterprise-${enterpriseId}`, 'EnterpriseRegistered', { enterpriseId, ...spec, registeredOn }),
    one(`enterprise_credit_code-${spec.creditCode}`, 'CreditCodeReserved', { creditCode: spec.creditCode, enterpriseId }));
  for (const year of [2020, 2021, 2022]) {
    if (random.chance(year === 2020 ? 0.9 : 0.75)) {
      const submittedOn = random.day(`${year}-01-10`, `${year}-04-30`);
      command(enterpriseAdmin, submittedOn, one(`enterprise-${enterpriseId}`, 'TrainingPlanSubmitted', { enterpriseId, year, submittedOn }));
    }
  }

  const operations = SECTOR_OPERATIONS[spec.sector]!;
  const workers: Worker[] = Array.from({ length: size }, (_, i) => {
    const n = firstWorker + i;
    const hireType = random.chance(0.6) ? 'on_post' : 'new_hire';
    const enrolledOn = hireType === 'on_post' ? random.day('2020-01-02', '2020-04-30') : random.day('2020-03-01', '2022-06-30');
    const special = random.chance(0.35);
    return {
      personId: idOf('a', n),
      employmentId: idOf('b', n),
      hireType,
      enrolledOn,
      educationLevel: weighted(random, EDUCATION),
      ...(special ? { code: random.pick(operations) } : {}),
    };
  });

  for (const worker of workers) {
    const idNumberHash = hex(random, 64);
    command(enterpriseAdmin, worker.enrolledOn,
      one(`worker-${worker.personId}`, 'WorkerEnrolled', {
        personId: worker.personId, idNumberHash,
        personal: { v: 1, keyId: worker.personId, iv: base64(random, 12), ciphertext: base64(random, 96), tag: base64(random, 16) },
        employmentId: worker.employmentId, enterpriseId, employmentType: weighted(random, EMPLOYMENT), hireType: worker.hireType,
        enrolledOn: worker.enrolledOn, educationLevel: worker.educationLevel,
      }),
      one(`person_id-${idNumberHash}`, 'PersonIdReserved', { personId: worker.personId }));
  }

  // Pre-post safety training (岗前培训) in the enterprise's own classes, one per quarter of hiring.
  const byQuarter = new Map<string, Worker[]>();
  for (const worker of workers) {
    if (!random.chance(0.9)) continue; // a shortfall: never trained
    const quarter = `${worker.enrolledOn.slice(0, 4)}-${String(Math.floor(Number(worker.enrolledOn.slice(5, 7)) / 4) * 3 + 1).padStart(2, '0')}`;
    byQuarter.set(quarter, [...(byQuarter.get(quarter) ?? []), worker]);
  }
  let classes = 0;
  /** Exams and certificates, numbered within the enterprise. */
  let serial = 0;
  const classId = () => idOf('c', index * 4096 + classes++);
  for (const cohort of byQuarter.values()) {
    const startsOn = cohort.reduce((latest, w) => (w.enrolledOn > latest ? w.enrolledOn : latest), cohort[0]!.enrolledOn);
    trainingClass(classId(), 'pre_post', undefined, addDays(startsOn, 3), cohort, enterpriseAdmin, { enterpriseId });
  }

  for (const [i, worker] of workers.entries()) {
    const startsOn = worker.trainedOn && worker.hireType === 'new_hire' ? addDays(worker.trainedOn, random.int(1, 10)) : worker.enrolledOn;
    worker.teamLeader = i % 15 === 0;
    worker.keyPosition = random.chance(0.1);
    // A third of the new hires enrolled in the enterprise new apprenticeship (企业新型学徒制), for M7.
    const apprenticeship = worker.hireType === 'new_hire' && random.chance(0.35);
    const title = postTitle(random, spec.sector);
    const riskPost = riskPostOf(spec.sector, i, { title, specialOperationCode: worker.code });
    command(enterpriseAdmin, startsOn, one(`worker-${worker.personId}`, 'PostAssigned', {
      personId: worker.personId, postId: idOf('d', firstWorker + i), employmentId: worker.employmentId, enterpriseId,
      title, startsOn, ...(worker.code ? { specialOperationCode: worker.code } : {}),
      teamLeader: worker.teamLeader, keyPosition: worker.keyPosition, ...(apprenticeship ? { apprenticeship } : {}),
      ...(riskPost ? { riskPost } : {}),
      trainedBeforePost: Boolean(worker.trainedOn && worker.trainedOn <= startsOn), certifiedAtStart: !worker.code,
    }));
  }

  // Special-operation classes (特种作业) by the county's provider, grouped by code.
  const capacity = index === 0 ? BIG_CLASS_SIZE : CLASS_SIZE;
  for (const code of operations) {
    const trainees = workers.filter((w) => w.code === code);
    for (let from = 0; from < trainees.length; from += capacity) {
      const cohort = trainees.slice(from, from + capacity);
      const id = classId();
      const endsOn = trainingClass(id, 'special_operation', code, random.day('2020-04-01', '2022-09-30'), cohort, provider, { providerId });
      certify(cohort, code);
      claim(id, cohort, endsOn);
    }
  }

  // Team leaders through their class (班组长安全技能培训) by the county's provider; some never go (M3).
  const leaders = workers.filter((w) => w.teamLeader && random.chance(0.85));
  for (let from = 0; from < leaders.length; from += CLASS_SIZE) {
    trainingClass(classId(), 'team_leader', undefined, random.day('2020-09-01', '2021-10-15'), leaders.slice(from, from + CLASS_SIZE), provider, { providerId });
  }

  // Key positions through skill upgrade (职业技能晋级) in seven enterprises of ten (M6), a skill-level
  // certificate (level 4, 中级工) for those who pass its exam.
  if (random.chance(0.7)) {
    const upgraded = workers.filter((w) => w.keyPosition && random.chance(0.4));
    for (let from = 0; from < upgraded.length; from += CLASS_SIZE) {
      trainingClass(classId(), 'skill_upgrade', undefined, random.day('2020-10-01', '2021-07-31'), upgraded.slice(from, from + CLASS_SIZE), provider, { providerId },
        (worker, examinedOn) => skillCertificate(worker, addDays(examinedOn, 20), 4));
    }
  }

  // Skill-level certificates (职业技能等级证书) the provider records for about a quarter of the workforce,
  // a third of them from before the plan (M4, M5).
  for (const worker of workers) {
    if (random.chance(0.25)) skillCertificate(worker, random.chance(0.35) ? random.day('2018-03-01', '2019-12-20') : random.day('2020-03-01', '2021-10-15'), random.pick([5, 4, 4, 3]));
  }

  // Annual refresher training (再培训) for half of those still employed in 2021.
  const refreshed = workers.filter((w) => w.trainedOn && w.trainedOn < '2021-06-01' && random.chance(0.5));
  for (let from = 0; from < refreshed.length; from += CLASS_SIZE) {
    trainingClass(classId(), 'refresher', undefined, random.day('2021-06-01', '2021-12-15'), refreshed.slice(from, from + CLASS_SIZE), enterpriseAdmin, { enterpriseId });
  }

  for (const [i, worker] of workers.entries()) {
    if (!random.chance(0.12)) continue;
    const endsOn = random.day('2021-01-01', '2022-12-31');
    command(enterpriseAdmin, endsOn, {
      streamId: `worker-${worker.personId}`,
      events: [
        { type: 'PostEnded', data: { personId: worker.personId, postId: idOf('d', firstWorker + i), endsOn } },
        { type: 'EmploymentEnded', data: { personId: worker.personId, employmentId: worker.employmentId, enterpriseId, endsOn } },
      ],
    });
  }
  return { commands, claims, workers: workers.map((w) => w.personId) };

  /** Opens a class, adds its trainees, records completions and the exams after it; returns its last day. */
  function trainingClass(
    id: string, kind: string, code: string | undefined, startsOn: Day, cohort: Worker[], owner: Actor, ownerField: object,
    onPassed?: (worker: Worker, examinedOn: Day) => void,
  ): Day {
    const special = kind === 'special_operation';
    const endsOn = addDays(startsOn, special ? 20 : kind === 'refresher' ? 3 : 10);
    const stream = `training_class-${id}`;
    command(owner, startsOn, one(stream, 'TrainingClassOpened', {
      classId: id, countyCode, kind, ...(code ? { specialOperationCode: code } : {}), title: special ? `特种作业${code}培训班` : CLASS_TITLES[kind] ?? '安全生产培训班',
      content: '安全生产法律法规、岗位操作规程、应急处置', theoryHours: special ? 40 : kind === 'refresher' ? 20 : 48, practicalHours: special ? 32 : kind === 'refresher' ? 0 : 24,
      startsOn, endsOn, ...ownerField,
    }));
    for (const worker of cohort) command(owner, startsOn, one(stream, 'TraineeAdded', { classId: id, workerId: worker.personId }));
    for (const worker of cohort) {
      if (!random.chance(0.95)) continue;
      command(owner, endsOn, one(stream, 'TraineeCompleted', { classId: id, workerId: worker.personId, hoursAttended: special ? 72 : 48, completedOn: endsOn }));
      if (kind === 'pre_post') worker.trainedOn ??= endsOn;
      if (exam(worker, kind, code, id, addDays(endsOn, 2), 1, owner)) onPassed?.(worker, addDays(endsOn, 2));
    }
    return endsOn;
  }

  function exam(worker: Worker, kind: string, code: string | undefined, klass: string, examinedOn: Day, attempt: number, actor: Actor): boolean {
    const passed = random.chance(attempt === 1 ? 0.86 : 0.7);
    const theoryScore = passed ? random.int(80, 99) : random.int(55, 95);
    command(actor, examinedOn, one(`worker-${worker.personId}`, passed ? 'ExamPassed' : 'ExamFailed', {
      personId: worker.personId, examId: idOf('x', index * 2 ** 20 + serial++), kind, classId: klass, ...(code ? { specialOperationCode: code } : {}),
      theoryScore, ...(code ? { practicalScore: passed ? random.int(80, 99) : random.int(50, 79) } : {}), keySafetySkillsPassed: passed || random.chance(0.5), examinedOn, attempt,
    }));
    if (!passed && attempt === 1 && code) return exam(worker, kind, code, klass, addDays(examinedOn, 30), 2, actor);
    if (passed && code) worker.certificate = { certificateId: idOf('k', index * 2 ** 20 + serial++), code, issuedOn: addDays(examinedOn, 15) };
    return passed;
  }

  function skillCertificate(worker: Worker, issuedOn: Day, level: number): void {
    const certificateId = idOf('k', index * 2 ** 20 + serial++);
    command(provider, issuedOn,
      one(`certificate-${certificateId}`, 'CertificateIssued', {
        certificateId, personId: worker.personId, type: 'skill_level', number: `S${countyCode}${certificateId.slice(-12)}`, issuedOn,
        issuer: '益阳市职业技能鉴定中心', occupation: postTitle(random, spec.sector), level, validUntil: null, reviewDueOn: null,
      }),
      one(`certificate_number-${hex(random, 64)}`, 'CertificateNumberReserved', { certificateId }));
  }

  function certify(cohort: Worker[], code: string): void {
    for (const worker of cohort) {
      const certificate = worker.certificate;
      if (!certificate || certificate.code !== code) continue;
      const { certificateId, issuedOn } = certificate;
      const number = `T${worker.personId.slice(-12)}${code.replace('.', '')}`;
      command(officer, issuedOn,
        one(`certificate-${certificateId}`, 'CertificateIssued', {
          certificateId, personId: worker.personId, type: 'special_operation', specialOperationCode: code, number, issuedOn,
          issuer: '益阳市应急管理局', validUntil: addDays(issuedOn, 6 * 365 + 1), reviewDueOn: addDays(issuedOn, 3 * 365),
        }),
        one(`certificate_number-${hex(random, 64)}`, 'CertificateNumberReserved', { certificateId }));
      if (random.chance(0.6)) {
        const reviewedOn = addDays(issuedOn, 3 * 365 - random.int(1, 55));
        command(officer, reviewedOn, one(`certificate-${certificateId}`, 'CertificateReviewed', {
          certificateId, reviewedOn, passed: true, reviewTrainingHours: 8, nextReviewDueOn: addDays(issuedOn, 6 * 365), validUntil: addDays(issuedOn, 6 * 365 + 1),
        }));
      }
    }
  }

  /** A claim for the certified trainees of a class, with its reservations, through its steps. */
  function claim(klass: string, cohort: Worker[], endsOn: Day): void {
    const certified = cohort.filter((w) => w.certificate?.certificateId && w.certificate.issuedOn);
    if (certified.length === 0 || !random.chance(0.8)) return;
    const claimId = idOf('s', index * 4096 + classes);
    const claimant = random.chance(0.7) ? { kind: 'provider', id: providerId } : { kind: 'enterprise', id: enterpriseId };
    const submittedOn = addDays(certified.reduce((latest, w) => (w.certificate!.issuedOn > latest ? w.certificate!.issuedOn : latest), endsOn), random.int(5, 40));
    const year = Number(endsOn.slice(0, 4));
    const trainees = certified.map((w) => ({
      workerId: w.personId, enterpriseId, certificateId: w.certificate!.certificateId, certificateType: 'special_operation', subsidyCode: w.certificate!.code,
      subsidyYear: year, laborContract: { fileName: `劳动合同-${w.personId.slice(-6)}.pdf`, sha256: hex(random, 64) }, amount: SUBSIDY_PER_CERTIFICATE,
    }));
    const total = trainees.length * SUBSIDY_PER_CERTIFICATE;
    const stream = `subsidy_claim-${claimId}`;
    const submitter = claimant.kind === 'provider' ? provider : enterpriseAdmin;
    command(submitter, submittedOn,
      one(stream, 'SubsidyClaimSubmitted', { claimId, classId: klass, claimant, submittedOn, countyCode, trainees, total }),
      one(`subsidy_class-${klass}`, 'ClassClaimed', { claimId, claimant }),
      ...trainees.flatMap((t) => [
        one(`subsidy_reservation-${t.workerId}_${t.subsidyCode}`, 'SubsidyReserved', { claimId }),
        one(`subsidy_year-${t.workerId}_${year}`, 'SubsidyYearSlotTaken', { claimId }),
      ]));
    claims.push({ claimId, trainees: trainees.length });
    const outcome = random.next();
    if (outcome < 0.05) return; // still waiting for the bureau
    const verifiedOn = addDays(submittedOn, random.int(3, 30));
    command(officer, verifiedOn, one(stream, 'SubsidyClaimVerified', { claimId, verifiedOn, stampRef: `益应急审〔${year}〕${random.int(1, 999)}号` }));
    if (outcome < 0.08) {
      const rejectedOn = addDays(verifiedOn, random.int(3, 20));
      command(hrss, rejectedOn, one(stream, 'SubsidyClaimRejected', { claimId, rejectedOn, reason: '劳动合同与参训人员不符', department: 'hr_social_security' }));
      // A rejection frees what the claim held, so that a corrected claim can take it again.
      command(hrss, rejectedOn,
        one(`subsidy_class-${klass}`, 'ClassClaimReleased', { claimId }),
        ...trainees.flatMap((t) => [
          one(`subsidy_reservation-${t.workerId}_${t.subsidyCode}`, 'SubsidyReservationReleased', { claimId, reason: 'claim_rejected' }),
          one(`subsidy_year-${t.workerId}_${year}`, 'SubsidyYearSlotReleased', { claimId }),
        ]));
      return;
    }
    const approvedOn = addDays(verifiedOn, random.int(5, 30));
    command(hrss, approvedOn, one(stream, 'SubsidyClaimApproved', { claimId, approvedOn, amount: total }));
    if (outcome < 0.15) return;
    const paidOn = addDays(approvedOn, random.int(5, 45));
    command(hrss, paidOn, one(stream, 'SubsidyClaimPaid', { claimId, paidOn, amount: total, reference: `YYCZ${paidOn.replaceAll('-', '')}${random.int(1000, 9999)}` }));
  }
}
