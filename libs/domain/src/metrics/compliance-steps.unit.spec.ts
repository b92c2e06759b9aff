import fc from 'fast-check';
import { loadReferenceData } from '../testing/reference-data.js';
import type { EducationRequirements, SectorCode, Targets } from '../reference/reference-data.js';
import { versioned, type Version } from '../reference/versioned.js';
import { addDays, type Day } from '../shared/day.js';
import type { CertificateFact, ComplianceFacts, EmploymentFact, ExamFact, PostFact, TrainingCompletionFact } from './compliance-facts.js';
import { computeComplianceMetrics, factsOfGroup } from './compliance-metrics.js';
import {
  addCounts,
  complianceBaselineDay,
  complianceGroupKey,
  complianceMetricsFromCounts,
  workerComplianceSteps,
  type ComplianceCounts,
  type ComplianceSteps,
  type EnterpriseGroup,
  type MetricReference,
} from './compliance-steps.js';

const ref = loadReferenceData();
const enterprises: Record<string, EnterpriseGroup> = {
  e1: { countyCode: '430902', sector: 'hazardous_chemicals' },
  e2: { countyCode: '430902', sector: 'non_coal_mining' },
  e3: { countyCode: '430903', sector: 'hazardous_chemicals' },
  e4: { countyCode: '430903', sector: 'metal_smelting' },
};
const groupOf = (enterpriseId: string) => enterprises[enterpriseId];
const none: ComplianceFacts = { posts: [], employments: [], exams: [], trainings: [], certificates: [], workers: [] };

/** The counts as of T: the sum of the changes on or before T. */
const countsOn = (steps: ComplianceSteps | undefined, day: Day): ComplianceCounts =>
  Object.entries(steps ?? {}).reduce((sum, [stepDay, change]) => (stepDay <= day ? addCounts(sum, change) : sum), {});

const employment = (change: Partial<EmploymentFact> = {}): EmploymentFact => ({
  workerId: 'w', enterpriseId: 'e1', startsOn: '2020-03-01', endsOn: null, sector: 'hazardous_chemicals', ...change,
});
const post = (change: Partial<PostFact> = {}): PostFact => ({
  workerId: 'w', enterpriseId: 'e1', postId: 'p1', startsOn: '2020-03-01', endsOn: null, teamLeader: false, keyPosition: false, hireType: 'new_hire', ...change,
});

describe('a worker’s compliance steps', () => {
  it('adds the worker on the post’s first day and takes it away the day after its last, in every group of its enterprise', () => {
    const steps = workerComplianceSteps(
      { ...none, posts: [post({ endsOn: '2021-06-30' })], exams: [{ workerId: 'w', kind: 'pre_post', passed: true, examinedOn: '2020-02-20' }] },
      groupOf,
      ref,
    );
    expect([...steps.keys()].sort()).toEqual(['city', 'county:430902', 'county_sector:430902:hazardous_chemicals', 'enterprise:e1', 'sector:hazardous_chemicals']);
    expect(steps.get('county:430902')).toEqual({ '2020-03-01': { M1n: 1, M1d: 1 }, '2021-07-01': { M1n: -1, M1d: -1 } });
  });

  it('drops M2 on the day after a certificate’s last valid day, with no event, and takes it back on a new one', () => {
    const certificate = (validFrom: Day, validThrough: Day | null): CertificateFact => ({ workerId: 'w', type: 'special_operation', specialOperationCode: '1.2', validFrom, validThrough });
    const steps = workerComplianceSteps(
      { ...none, posts: [post({ specialOperationCode: '1.2' })], certificates: [certificate('2019-01-01', '2021-05-31'), certificate('2021-09-01', null)] },
      groupOf,
      ref,
    ).get('enterprise:e1')!;
    expect(steps).toEqual({ '2020-03-01': { M1d: 1, M2n: 1, M2d: 1 }, '2021-06-01': { M2n: -1 }, '2021-09-01': { M2n: 1 } });
    expect(countsOn(steps, '2021-05-31')).toMatchObject({ M2n: 1, M2d: 1 });
    expect(countsOn(steps, '2021-06-01')).toMatchObject({ M2n: 0, M2d: 1 });
  });

  it('counts a team leader’s qualification by education from the start and by certificate from its issue, for M4 now and at the baseline', () => {
    const leader = (workerId: string, educationLevel?: string): ComplianceFacts => ({
      ...none,
      posts: [post({ workerId, teamLeader: true, startsOn: '2019-05-01' })],
      workers: [{ workerId, ...(educationLevel ? { educationLevel: educationLevel as 'bachelor' } : {}) }],
      certificates: educationLevel ? [] : [{ workerId, type: 'skill_level', validFrom: '2020-06-01', validThrough: null }],
    });
    const educated = workerComplianceSteps(leader('a', 'bachelor'), groupOf, ref).get('city')!;
    const certified = workerComplianceSteps(leader('b'), groupOf, ref).get('city')!;
    const asOf = '2021-06-01';
    const baseline = complianceBaselineDay(ref, asOf);
    expect(baseline).toBe('2020-01-01');
    const now = addCounts(countsOn(educated, asOf), countsOn(certified, asOf));
    const before = addCounts(countsOn(educated, baseline), countsOn(certified, baseline));
    expect(complianceMetricsFromCounts(now, before, asOf, ref).M4).toEqual({
      numerator: 2, denominator: 2, ratio: 1, target: 0.2, met: true,
      baseline: { asOf: '2020-01-01', numerator: 1, denominator: 2, ratio: 0.5 }, increaseMode: 'percentage_points', increase: 0.5,
    });
  });

  it('counts a team leader’s education recorded after enrolment from its day, not before', () => {
    const facts: ComplianceFacts = {
      ...none,
      posts: [post({ workerId: 'a', teamLeader: true, startsOn: '2020-05-01' })],
      workers: [{ workerId: 'a', educationLevel: 'junior_middle', educations: [{ level: 'secondary_vocational', since: '2021-06-01' }] }],
    };
    const steps = workerComplianceSteps(facts, groupOf, ref).get('city')!;
    const before = countsOn(steps, '2021-05-31');
    expect([before.M4n0 ?? 0, before.M4d0]).toEqual([0, 1]);
    expect(countsOn(steps, '2021-06-01')).toMatchObject({ M4n0: 1, M4d0: 1 });
  });

  it('counts a worker employed at two enterprises of a county once there, and once in each enterprise', () => {
    const steps = workerComplianceSteps(
      { ...none, employments: [employment(), employment({ enterpriseId: 'e2', sector: 'non_coal_mining', startsOn: '2020-05-01' })] },
      groupOf,
      ref,
    );
    expect(steps.get('county:430902')).toEqual({ '2020-03-01': { M5d: 1 } });
    expect(steps.get('enterprise:e1')).toEqual({ '2020-03-01': { M5d: 1 } });
    // Non-coal mining is not in M5's scope (only its underground subsector is).
    expect(steps.has('enterprise:e2')).toBe(false);
  });
});

/** Two versions of each table with a gap, so that boundaries and the first-version fallback are exercised. */
function versionedReference(): MetricReference {
  const [targets] = ref.targets.versions;
  const [education] = ref.educationRequirements.versions;
  const later: Targets = {
    planStartedOn: '2021-01-01',
    metrics: {
      ...targets!.metrics,
      M4: { ...targets!.metrics.M4, baselineDate: '2021-01-01', increaseMode: 'relative' },
      M5: { ...targets!.metrics.M5, sectors: ['hazardous_chemicals', 'non_coal_mining'] },
      M6: { ...targets!.metrics.M6, countsPrePlanTraining: true },
      M7: { ...targets!.metrics.M7, specialOperationCodes: ['1.2'], riskPosts: ['smelting_gas'], subsectors: ['underground_metal_nonmetal_mine'] },
    },
  };
  const laterEducation: EducationRequirements = { ...education!, teamLeaderQualifying: ['senior_high', 'bachelor'] };
  return {
    targets: versioned<Targets>('targets', [
      { ...targets!, effectiveFrom: '2020-01-01', effectiveUntil: '2020-10-31' },
      { ...later, effectiveFrom: '2021-01-01', source: 'test' },
    ] as Version<Targets>[]),
    educationRequirements: versioned<EducationRequirements>('education', [
      { ...education!, effectiveUntil: '2020-12-31' },
      { ...laterEducation, effectiveFrom: '2021-03-01', source: 'test' },
    ] as Version<EducationRequirements>[]),
  };
}

const DAYS = Array.from({ length: 60 }, (_, i) => addDays('2019-11-01', i * 23));
const day = fc.constantFrom(...DAYS);
const maybeEnd = (start: Day) => fc.option(fc.constantFrom(...DAYS.filter((d) => d >= addDays(start, -1))), { nil: null });

/** A small world: six workers, some at two enterprises, with posts, exams, trainings and certificates. */
const world = fc
  .array(
    fc.record({
      jobs: fc.array(fc.record({ enterpriseId: fc.constantFrom('e1', 'e2', 'e3', 'e4'), start: day, hireType: fc.constantFrom('new_hire', 'on_post' as const) }), { minLength: 1, maxLength: 2 }),
      posts: fc.array(
        fc.record({ job: fc.nat(1), start: day, code: fc.constantFrom(undefined, '1.2', '9.3', '8.1'), teamLeader: fc.boolean(), keyPosition: fc.boolean(), subsector: fc.constantFrom(undefined, 'underground_metal_nonmetal_mine'), riskPost: fc.constantFrom(undefined, 'underground_mining' as const, 'smelting_gas' as const) }),
        { maxLength: 3 },
      ),
      exams: fc.array(fc.record({ kind: fc.constantFrom('pre_post', 'refresher', 'team_leader', 'special_operation' as const), passed: fc.boolean(), examinedOn: day }), { maxLength: 3 }),
      trainings: fc.array(fc.record({ kind: fc.constantFrom('team_leader', 'skill_upgrade', 'refresher' as const), completedOn: day }), { maxLength: 2 }),
      certificates: fc.array(fc.record({ type: fc.constantFrom('special_operation', 'vocational_qualification', 'skill_level' as const), code: fc.constantFrom('1.2', '9.3'), validFrom: day }), { maxLength: 2 }),
      education: fc.constantFrom(undefined, 'junior_middle', 'senior_high', 'bachelor' as const),
      studies: fc.array(fc.record({ level: fc.constantFrom('junior_middle', 'senior_high', 'secondary_vocational', 'bachelor' as const), since: day }), { maxLength: 2 }),
      seed: fc.nat(),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .chain((workers) =>
    fc.tuple(
      ...workers.map((w) =>
        fc.record({
          jobEnds: fc.tuple(...w.jobs.map((j) => maybeEnd(j.start))),
          postEnds: fc.tuple(...w.posts.map((p) => maybeEnd(p.start))),
          certificateEnds: fc.tuple(...w.certificates.map((c) => maybeEnd(c.validFrom))),
        }),
      ),
    ).map((ends) => workers.map((w, i) => ({ ...w, ...ends[i]! }))),
  )
  .map((workers): ComplianceFacts => {
    const facts: ComplianceFacts = { posts: [], employments: [], exams: [], trainings: [], certificates: [], workers: [] };
    workers.forEach((w, i) => {
      const workerId = `w${i}`;
      w.jobs.forEach((job, j) => facts.employments.push({ workerId, enterpriseId: job.enterpriseId, startsOn: job.start, endsOn: w.jobEnds[j] ?? null, sector: enterprises[job.enterpriseId]!.sector as SectorCode }));
      w.posts.forEach((p, j) => {
        const job = w.jobs[p.job % w.jobs.length]!;
        facts.posts.push({
          workerId, enterpriseId: job.enterpriseId, postId: `${workerId}-p${j}`, startsOn: p.start, endsOn: w.postEnds[j] ?? null, teamLeader: p.teamLeader, keyPosition: p.keyPosition, hireType: job.hireType,
          ...(p.code ? { specialOperationCode: p.code } : {}), ...(p.subsector ? { subsector: p.subsector } : {}), ...(p.riskPost ? { riskPost: p.riskPost } : {}), ...(w.seed % 5 === 0 ? { apprenticeship: true } : {}),
        });
      });
      facts.exams.push(...w.exams.map((e): ExamFact => ({ workerId, ...e })));
      facts.trainings.push(...w.trainings.map((t): TrainingCompletionFact => ({ workerId, ...t })));
      w.certificates.forEach((c, j) =>
        facts.certificates.push({ workerId, type: c.type, ...(c.type === 'special_operation' ? { specialOperationCode: c.code } : {}), validFrom: c.validFrom, validThrough: w.certificateEnds[j] ?? null }),
      );
      facts.workers.push({ workerId, ...(w.education ? { educationLevel: w.education } : {}), ...(w.studies.length > 0 ? { educations: w.studies } : {}) });
    });
    return facts;
  });

/** Every group an answer can ask for, with its enterprises. */
const GROUPS: Array<[string, (enterpriseId: string) => boolean]> = [
  [complianceGroupKey.city(), () => true],
  ...['430902', '430903'].map((c): [string, (id: string) => boolean] => [complianceGroupKey.county(c), (id) => enterprises[id]!.countyCode === c]),
  ...['hazardous_chemicals', 'non_coal_mining'].map((s): [string, (id: string) => boolean] => [complianceGroupKey.sector(s), (id) => enterprises[id]!.sector === s]),
  [complianceGroupKey.countySector('430903', 'hazardous_chemicals'), (id) => id === 'e3'],
  ...Object.keys(enterprises).map((e): [string, (id: string) => boolean] => [complianceGroupKey.enterprise(e), (id) => id === e]),
];

const workerFacts = (facts: ComplianceFacts, workerId: string): ComplianceFacts => factsOfGroup({ ...facts, posts: facts.posts.filter((p) => p.workerId === workerId), employments: facts.employments.filter((e) => e.workerId === workerId) }, () => true);

describe('summed compliance steps equal computeComplianceMetrics', () => {
  it.each([
    ['the reference data', ref],
    ['two versions of targets and education with gaps', versionedReference()],
  ])('for random workers, every group and any day, under %s (the JSON byte for byte)', (_, reference) => {
    fc.assert(
      fc.property(world, fc.array(fc.constantFrom(...DAYS, '2019-01-01', '2020-10-31', '2020-11-01', '2021-01-01', '2021-02-28', '2021-03-01'), { minLength: 1, maxLength: 4 }), (facts, asOfs) => {
        const steps = facts.workers.map((w) => workerComplianceSteps(workerFacts(facts, w.workerId), groupOf, reference));
        for (const asOf of asOfs) {
          const baseline = complianceBaselineDay(reference, asOf);
          // As the query service picks them: the versions in force on T, the first before any.
          const targets = reference.targets.find(asOf) ?? reference.targets.versions[0]!;
          const qualifying = (reference.educationRequirements.find(asOf) ?? reference.educationRequirements.versions[0]!).teamLeaderQualifying;
          for (const [key, inGroup] of GROUPS) {
            const now = steps.reduce((sum, worker) => addCounts(sum, countsOn(worker.get(key), asOf)), {});
            const before = steps.reduce((sum, worker) => addCounts(sum, countsOn(worker.get(key), baseline)), {});
            const expected = computeComplianceMetrics(factsOfGroup(facts, inGroup), asOf, targets, qualifying);
            expect(JSON.stringify(complianceMetricsFromCounts(now, before, asOf, reference))).toBe(JSON.stringify(expected));
          }
        }
      }),
      { numRuns: 300, seed: 20211231 },
    );
  });
});
