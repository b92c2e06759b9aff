import { addDays, type Day } from '#libs/domain';
import { DemoClient, eachLimited, type Scope } from './demo-client.js';
import { ProgressBar } from './progress-bar.js';
import { Random } from './random.js';
import { COUNTY_NAMES, enterpriseSpec, idNumber, personName, postTitle, SECTOR_OPERATIONS } from './yiyang-world.js';

export const DEMO_SIZES = {
  full: { enterprises: 200, workers: 20_000 },
  small: { enterprises: 20, workers: 1_000 },
} as const;
export type DemoSize = keyof typeof DEMO_SIZES;

export interface DemoOptions {
  baseUrl: string;
  size?: DemoSize;
  seed?: number;
  /** Enterprises seeded at the same time. */
  concurrency?: number;
  progress?: ProgressBar | null;
}

export interface DemoSummary {
  enterprises: number;
  workers: number;
  commands: number;
  refused: Record<string, number>;
}

const UNITS = Object.keys(COUNTY_NAMES);
const SUBSIDY_PER_CERTIFICATE = 800;
const CITY: [string, Scope] = ['city_admin', {}];
const em = (county: string): [string, Scope] => ['em_officer', { county }];
const hrss = (county: string): [string, Scope] => ['hrss_officer', { county }];
const enforcement = (county: string): [string, Scope] => ['enforcement_officer', { county }];

interface Enterprise {
  id: string;
  countyCode: string;
  sector: string;
  subsector?: string;
}

interface WorkerPlan {
  index: number;
  hireType: 'on_post' | 'new_hire';
  enrolledOn: Day;
  birthDate: Day;
  educationLevel: string;
  specialOperationCode?: string;
  teamLeader: boolean;
  keyPosition: boolean;
  /** The quarter of the pre-post class, or null for a worker never trained (a shortfall). */
  trainingStart: Day | null;
  workerId?: string;
  passed?: boolean;
  postStartsOn?: Day;
}

interface SpecialClass {
  classId: string;
  countyCode: string;
  providerId: string;
  certified: { workerId: string; certificateId: string; issuedOn: Day }[];
}

const QUARTERS: Day[] = ['2020-03-02', '2020-05-11', '2020-08-03', '2020-10-12', '2021-01-11', '2021-04-06', '2021-07-05', '2021-09-06'];

const id = (answer: { status: number; body: Record<string, unknown> }): string | undefined => (answer.status < 300 ? (answer.body.id as string) : undefined);

/**
 * Seeds a realistic Yiyang through the real commands over HTTP: eight units, enterprises in the four
 * sectors, workers hired before and during the plan, two years of classes, exams, certificates and
 * posts, subsidy claims at every step, inspections with orders, county documents and demonstration
 * sites — with the shortfalls a real city has (posted untrained, uncertified, certificates running
 * out, late counties). Deterministic for a seed.
 */
export async function seedDemo(options: DemoOptions): Promise<DemoSummary> {
  const size = DEMO_SIZES[options.size ?? 'full'];
  const random = new Random(options.seed ?? 20200331);
  const client = new DemoClient(options.baseUrl.replace(/\/$/, ''));
  const progress = options.progress === undefined ? new ProgressBar(size.workers + size.enterprises + 8) : options.progress;
  const post = (actor: [string, Scope], path: string, body: object) => client.post(actor[0], actor[1], path, body);

  // Training providers, one per unit; the vocational school of the city.
  const providers = new Map<string, string>();
  for (const county of UNITS) {
    const answer = await post(em(county), '/training-providers', { name: `益阳${COUNTY_NAMES[county]}安全生产培训中心`, kind: 'institution', countyCode: county });
    providers.set(county, id(answer)!);
  }

  // Counties' implementation plans: most on time, two late, one never (a milestone to chase).
  for (const [i, county] of UNITS.entries()) {
    if (i === 6) continue;
    await post(em(county), `/counties/${county}/implementation-plans`, { submittedOn: i < 5 ? random.day('2020-02-20', '2020-03-30') : random.day('2020-04-10', '2020-05-20') });
  }
  // Demonstration sites: Anhua's mine base on time, Taojiang's chemicals base late, a school on time.
  await post(CITY, '/demonstration-sites', { kind: 'training_base', countyCode: '430923', sector: 'non_coal_mining', name: '安化县非煤矿山安全技能实训基地', establishedOn: '2020-09-18' });
  await post(CITY, '/demonstration-sites', { kind: 'training_base', countyCode: '430922', sector: 'hazardous_chemicals', name: '桃江县危险化学品安全技能实训基地', establishedOn: '2020-12-08' });
  await post(CITY, '/demonstration-sites', { kind: 'vocational_school', countyCode: '430903', name: '益阳职业技术学院（示范职业院校）', establishedOn: '2020-10-16' });

  const enterprises: Enterprise[] = [];
  for (let i = 0; i < size.enterprises; i += 1) {
    const spec = enterpriseSpec(random, i, UNITS[i % UNITS.length]!);
    const answer = await post(CITY, '/enterprises', spec);
    if (answer.status < 300) enterprises.push({ id: id(answer)!, countyCode: spec.countyCode, sector: spec.sector, subsector: spec.subsector });
  }
  progress?.tick('counties, sites, enterprises', 8);

  const specialClasses: SpecialClass[] = [];
  const untrainedOnPost = new Map<string, string[]>();
  const perEnterprise = Math.floor(size.workers / enterprises.length);
  await eachLimited(enterprises, options.concurrency ?? 6, async (enterprise, e) => {
    const r = new Random((options.seed ?? 20200331) * 7919 + e);
    const scope = await seedEnterprise(client, r, enterprise, providers.get(enterprise.countyCode)!, e * perEnterprise, perEnterprise, specialClasses, untrainedOnPost, progress);
    progress?.tick(scope);
  });

  // Subsidy claims per special-operation class (培训班为批次), spread over every step of the procedure.
  for (const klass of specialClasses) {
    if (klass.certified.length === 0) continue;
    const provider: [string, Scope] = ['training_provider', { provider: klass.providerId }];
    const submittedOn = addDays(klass.certified.reduce((a, c) => (c.issuedOn > a ? c.issuedOn : a), '2000-01-01'), random.int(5, 30));
    const trainees = klass.certified.map((c) => ({ workerId: c.workerId, certificateId: c.certificateId, laborContract: { fileName: `劳动合同-${c.workerId.slice(0, 8)}.pdf`, sha256: sha256Like(random) } }));
    const claimId = id(await post(provider, '/subsidy-claims', { classId: klass.classId, claimant: { kind: 'provider', id: klass.providerId }, submittedOn, trainees }));
    if (!claimId) continue;
    const step = random.next();
    const amount = trainees.length * SUBSIDY_PER_CERTIFICATE;
    if (step < 0.08) continue;
    if (step < 0.14) {
      await post(em(klass.countyCode), `/subsidy-claims/${claimId}/rejection`, { rejectedOn: addDays(submittedOn, 12), reason: '劳动合同复印件与花名册不一致' });
      continue;
    }
    await post(em(klass.countyCode), `/subsidy-claims/${claimId}/verification`, { verifiedOn: addDays(submittedOn, 10), stampRef: `益应急核〔${submittedOn.slice(0, 4)}〕${random.int(1, 999)}号` });
    if (step < 0.24) continue;
    await post(hrss(klass.countyCode), `/subsidy-claims/${claimId}/approval`, { approvedOn: addDays(submittedOn, 25), amount });
    if (step < 0.38) continue;
    await post(hrss(klass.countyCode), `/subsidy-claims/${claimId}/payment`, { paidOn: addDays(submittedOn, 40), amount, reference: `YYZF${submittedOn.replaceAll('-', '')}${random.int(100, 999)}` });
    if (step > 0.97) await post(hrss(klass.countyCode), `/subsidy-claims/${claimId}/clawback`, { on: addDays(submittedOn, 120), reason: '抽查发现虚报培训人数' });
  }

  // Inspections where workers were found on post untrained; orders, most rectified.
  for (const enterprise of enterprises.filter((_, i) => i % 4 === 0)) {
    const workers = untrainedOnPost.get(enterprise.id) ?? [];
    const inspectedOn = random.day('2021-03-01', '2021-10-20');
    const findings = workers.slice(0, 3).map((workerId) => ({ kind: 'untrained_on_post', workerId }));
    const inspectionId = id(await post(enforcement(enterprise.countyCode), '/inspections', { enterpriseId: enterprise.id, inspectedOn, checks: ['training_plan', 'certificates', 'training_archive', 'onsite_quiz'], findings }));
    if (!inspectionId || findings.length === 0) continue;
    const orderId = id(await post(enforcement(enterprise.countyCode), `/inspections/${inspectionId}/rectification-orders`, { deadline: addDays(inspectedOn, 30), orderedOn: addDays(inspectedOn, 1), ...(random.chance(0.4) ? { fine: 10000 * random.int(1, 4) } : {}) }));
    if (orderId && random.chance(0.7)) await post(enforcement(enterprise.countyCode), `/rectification-orders/${orderId}/completion`, { completedOn: addDays(inspectedOn, random.int(10, 28)) });
  }

  // Counties' summaries (建章建制): five on time, two late, one missing.
  for (const [i, county] of UNITS.entries()) {
    if (i === 3) continue;
    await post(em(county), `/counties/${county}/summaries`, { submittedOn: i < 6 && i !== 2 ? random.day('2021-11-01', '2021-11-29') : random.day('2021-12-05', '2021-12-28') });
  }
  progress?.finish();
  return { enterprises: enterprises.length, workers: perEnterprise * enterprises.length, commands: client.sent, refused: Object.fromEntries([...client.refused].sort()) };
}

const sha256Like = (random: Random): string => Array.from({ length: 64 }, () => '0123456789abcdef'[random.int(0, 15)]).join('');

/** One enterprise's two years; returns a label for the progress bar. */
async function seedEnterprise(
  client: DemoClient,
  random: Random,
  enterprise: Enterprise,
  providerId: string,
  firstIndex: number,
  count: number,
  specialClasses: SpecialClass[],
  untrainedOnPost: Map<string, string[]>,
  progress: ProgressBar | null,
): Promise<string> {
  const admin: [string, Scope] = ['enterprise_admin', { enterprise: enterprise.id }];
  const provider: [string, Scope] = ['training_provider', { provider: providerId }];
  const post = (actor: [string, Scope], path: string, body: object) => client.post(actor[0], actor[1], path, body);
  const county = enterprise.countyCode;

  // The yearly training plan: most before the milestone, some late, a few never.
  const plan = random.next();
  if (plan < 0.95) await post(admin, `/enterprises/${enterprise.id}/training-plans`, { year: 2020, submittedOn: plan < 0.82 ? random.day('2020-03-01', '2020-05-30') : random.day('2020-06-05', '2020-08-30') });
  if (plan < 0.9) await post(admin, `/enterprises/${enterprise.id}/training-plans`, { year: 2021, submittedOn: random.day('2021-01-05', '2021-03-30') });

  const codes = SECTOR_OPERATIONS[enterprise.sector]!;
  const plans: WorkerPlan[] = Array.from({ length: count }, (_, k) => {
    const index = firstIndex + k;
    const onPost = random.chance(0.7);
    const trainingStart = onPost ? (random.chance(0.92) ? random.pick(QUARTERS.slice(0, 6)) : null) : random.pick(QUARTERS);
    return {
      index,
      hireType: onPost ? 'on_post' : 'new_hire',
      enrolledOn: onPost ? random.day('2015-09-01', '2019-11-30') : addDays(trainingStart!, -random.int(3, 25)),
      birthDate: addDays('1966-01-01', Math.floor(index / 1000) * 400 + random.int(0, 399)),
      educationLevel: random.pick(['senior_high', 'senior_high', 'secondary_vocational', 'junior_college', 'bachelor', 'junior_middle']),
      ...(random.chance(0.15) ? { specialOperationCode: random.pick(codes) } : {}),
      teamLeader: random.chance(0.08),
      keyPosition: random.chance(0.1),
      trainingStart,
    };
  });
  // Hazardous-chemicals operations need senior high school or above (Order 30).
  for (const p of plans) if (p.specialOperationCode && p.educationLevel === 'junior_middle') p.educationLevel = 'senior_high';

  await eachLimited(plans, 8, async (p) => {
    const answer = await post(admin, '/workers', {
      enterpriseId: enterprise.id,
      name: personName(random),
      idNumber: idNumber(county, p.birthDate, p.index),
      employmentType: random.chance(0.9) ? 'employee' : random.pick(['dispatched', 'outsourced']),
      hireType: p.hireType,
      enrolledOn: p.enrolledOn,
      educationLevel: p.educationLevel,
    });
    p.workerId = id(answer);
  });
  const enrolled = plans.filter((p) => p.workerId);
  const assign = (p: WorkerPlan, startsOn: Day) =>
    post(admin, `/workers/${p.workerId}/posts`, {
      enterpriseId: enterprise.id,
      title: postTitle(random, enterprise.sector),
      startsOn,
      ...(p.specialOperationCode ? { specialOperationCode: p.specialOperationCode } : {}),
      ...(p.teamLeader ? { teamLeader: true } : {}),
      ...(p.keyPosition ? { keyPosition: true } : {}),
    });

  // Workers already on post when the plan began hold their posts from their hiring.
  await eachLimited(
    enrolled.filter((p) => p.hireType === 'on_post'),
    8,
    async (p) => void (await assign(p, p.enrolledOn)),
  );

  // Pre-post safety training and assessment (岗前安全培训考核), a class per quarter.
  for (const start of QUARTERS) {
    const cohort = enrolled.filter((p) => p.trainingStart === start);
    if (cohort.length === 0) continue;
    const endsOn = addDays(start, 14);
    const classId = id(
      await post(provider, '/training-classes', { countyCode: county, kind: 'pre_post', title: `${start.slice(0, 7)} 岗前安全培训班`, content: '安全生产法律法规, 岗位安全操作规程, 应急处置', theoryHours: 48, practicalHours: 24, startsOn: start, endsOn, providerId }),
    );
    if (!classId) continue;
    await eachLimited(cohort, 8, async (p) => {
      await post(provider, `/training-classes/${classId}/trainees`, { workerId: p.workerId });
      await post(provider, `/training-classes/${classId}/completions`, { workerId: p.workerId, hoursAttended: 72, completedOn: endsOn });
      const failed = random.chance(0.06);
      const exam = await post(provider, `/workers/${p.workerId}/exams`, { kind: 'pre_post', classId, theoryScore: failed ? random.int(55, 79) : random.int(80, 99), keySafetySkillsPassed: true, examinedOn: addDays(endsOn, 2) });
      p.passed = exam.status < 300 && exam.body.passed === true;
    });
  }

  // New hires take their posts after the assessment; some are posted anyway (recorded, with a warning).
  await eachLimited(
    enrolled.filter((p) => p.hireType === 'new_hire'),
    8,
    async (p) => {
      const afterExam = addDays(p.trainingStart!, 14 + random.int(4, 20));
      const early = !p.passed || random.chance(0.05);
      p.postStartsOn = early ? addDays(p.enrolledOn, 2) : afterExam;
      await assign(p, p.postStartsOn);
    },
  );
  untrainedOnPost.set(
    enterprise.id,
    enrolled.filter((p) => !p.passed).map((p) => p.workerId!),
  );

  // Special operations: a class per code, the exam, the certificate from the county's EM bureau.
  const byCode = new Map<string, WorkerPlan[]>();
  for (const p of enrolled.filter((p) => p.specialOperationCode)) byCode.set(p.specialOperationCode!, [...(byCode.get(p.specialOperationCode!) ?? []), p]);
  for (const [code, trainees] of byCode) {
    const start = random.day('2020-04-01', '2021-05-31');
    const endsOn = addDays(start, 20);
    const classId = id(
      await post(provider, '/training-classes', { countyCode: county, kind: 'special_operation', specialOperationCode: code, title: `特种作业 ${code} 培训班`, content: '特种作业安全技术理论与实际操作', theoryHours: 40, practicalHours: 32, startsOn: start, endsOn, providerId }),
    );
    if (!classId) continue;
    const special: SpecialClass = { classId, countyCode: county, providerId, certified: [] };
    specialClasses.push(special);
    await eachLimited(trainees, 6, async (p) => {
      if (random.chance(0.07)) return; // never sent to the class: an uncertified special-operation post
      await post(provider, `/training-classes/${classId}/trainees`, { workerId: p.workerId });
      await post(provider, `/training-classes/${classId}/completions`, { workerId: p.workerId, hoursAttended: 72, completedOn: endsOn });
      const examinedOn = addDays(endsOn, 3);
      const exam = await post(provider, `/workers/${p.workerId}/exams`, { kind: 'special_operation', classId, specialOperationCode: code, theoryScore: random.int(76, 99), practicalScore: random.int(78, 99), keySafetySkillsPassed: random.chance(0.97), examinedOn });
      if (exam.body.passed !== true) return;
      const issuedOn = addDays(examinedOn, random.int(10, 40));
      // A few are issued for a short term (a temporary permit): they run out during 2021.
      const validUntil = random.chance(0.08) ? random.day('2021-03-01', '2021-11-30') : undefined;
      const certificate = await post(em(county), '/certificates', {
        workerId: p.workerId,
        type: 'special_operation',
        specialOperationCode: code,
        number: `T${county}${String(p.index).padStart(8, '0')}`,
        issuedOn,
        issuer: `益阳市${COUNTY_NAMES[county]}应急管理局`,
        ...(validUntil && validUntil > issuedOn ? { validUntil } : {}),
      });
      const certificateId = id(certificate);
      if (certificateId) special.certified.push({ workerId: p.workerId!, certificateId, issuedOn });
    });
  }

  // Team leaders (班组长) through their safety-skill class; key positions through skill upgrade.
  await trainGroup(client, provider, county, providerId, 'team_leader', '班组长安全技能培训班', enrolled.filter((p) => p.teamLeader && random.chance(0.85)), random.day('2020-09-01', '2021-10-15'));
  if (random.chance(0.7)) {
    await trainGroup(client, provider, county, providerId, 'skill_upgrade', '职业技能晋级培训班', enrolled.filter((p) => p.keyPosition && random.chance(0.3)), random.day('2020-10-01', '2021-11-15'));
  }

  // Skill-level certificates (职业技能等级证书): some team leaders and workers, a third before the plan.
  const qualified = enrolled.filter((p) => (p.teamLeader ? random.chance(0.45) : random.chance(0.28)));
  await eachLimited(qualified, 6, async (p) => {
    const issuedOn = random.chance(0.35) ? random.day('2018-03-01', '2019-12-20') : random.day('2020-03-01', '2021-11-30');
    await post(provider, '/certificates', { workerId: p.workerId, type: 'skill_level', occupation: postTitle(random, enterprise.sector), level: random.pick([5, 4, 4, 3]), number: `S${county}${String(p.index).padStart(8, '0')}`, issuedOn, issuer: `益阳${COUNTY_NAMES[county]}安全生产培训中心` });
  });
  progress?.tick(enterprise.id.slice(0, 8), count);
  return 'enterprises';
}

async function trainGroup(client: DemoClient, provider: [string, Scope], countyCode: string, providerId: string, kind: string, title: string, trainees: WorkerPlan[], start: Day): Promise<void> {
  if (trainees.length === 0) return;
  const endsOn = addDays(start, 5);
  const answer = await client.post(provider[0], provider[1], '/training-classes', { countyCode, kind, title, content: title, theoryHours: 16, practicalHours: 8, startsOn: start, endsOn, providerId });
  const classId = id(answer);
  if (!classId) return;
  await eachLimited(trainees, 6, async (p) => {
    await client.post(provider[0], provider[1], `/training-classes/${classId}/trainees`, { workerId: p.workerId });
    await client.post(provider[0], provider[1], `/training-classes/${classId}/completions`, { workerId: p.workerId, hoursAttended: 24, completedOn: endsOn });
  });
}
