/**
 * M1–M7 as sums of what each worker adds, for a read model that keeps the sums (the compliance
 * aggregate) instead of loading every fact per query. For one worker and one group, the counts are
 * piecewise constant in the day T: they change only on "critical days" (a post or employment starts
 * or the day after it ends, a first pass or completion, a certificate's first valid day or the day
 * after its last, a recorded education's day, a targets version's first day or the day after its last). A worker's contribution
 * is the change of each count on each critical day; a group's counts as of T are the sums of the
 * changes on or before T over its workers. Counted as `computeComplianceMetrics` counts: a worker once
 * per group (M1, M3–M6), a post per post (M2, M7).
 */
import type { EducationRequirements, MetricId, SectorCode, Targets } from '../reference/reference-data.js';
import type { Versioned } from '../reference/versioned.js';
import { addDays, type Day } from '../shared/day.js';
import { SAFETY_ASSESSMENT_KINDS } from '../workers/worker.js';
import { educationQualifiesOn, type CertificateFact, type ComplianceFacts, type EmploymentFact, type PostFact, type WorkerFact } from './compliance-facts.js';
import { inM7Scope, m4BaselineDay, m4Result, metricResult, trainingCountsFrom, type ComplianceMetrics } from './compliance-metrics.js';

/** The reference tables the metrics read: the targets (M1's plan start, M5 and M7 scopes) and the qualifying education (M4). */
export type MetricReference = { targets: Versioned<Targets>; educationRequirements: Versioned<EducationRequirements> };

/** Counter name → count: `M1n` and `M1d` are M1's numerator and denominator; M4's carry the education version (`M4n0`). */
export type ComplianceCounts = Record<string, number>;

/** Per critical day, the change of each counter that changes on it. */
export type ComplianceSteps = Record<Day, ComplianceCounts>;

/** Where an enterprise belongs, for grouping. */
export interface EnterpriseGroup {
  countyCode: string;
  sector: SectorCode;
}

/**
 * The groups an answer can ask for, by key: the city, a county, a sector, a county's sector (a county
 * filter with groupBy sector, or a sector filter with groupBy county) and an enterprise.
 */
export const complianceGroupKey = {
  city: (): string => 'city',
  county: (countyCode: string): string => `county:${countyCode}`,
  sector: (sector: string): string => `sector:${sector}`,
  countySector: (countyCode: string, sector: string): string => `county_sector:${countyCode}:${sector}`,
  enterprise: (enterpriseId: string): string => `enterprise:${enterpriseId}`,
};

/** The targets in force on T; before the plan's first version, the first plan's. */
export const targetsInForce = (reference: MetricReference, day: Day): Targets => reference.targets.find(day) ?? reference.targets.versions[0]!;

/** Which version of the education requirements is in force on T (the first before any): M4's counters carry it. */
export const educationVersionInForce = (reference: MetricReference, day: Day): number => {
  const version = reference.educationRequirements.find(day);
  return version ? reference.educationRequirements.versions.indexOf(version) : 0;
};

/**
 * What one worker adds to each group it belongs to, from the worker's facts: the group's posts and
 * employments are those at its enterprises (as `factsOfGroup` restricts them), the exams, trainings,
 * certificates and education are the worker's. Groups whose restriction is the same are evaluated once.
 */
export function workerComplianceSteps(facts: ComplianceFacts, groupOf: (enterpriseId: string) => EnterpriseGroup | undefined, reference: MetricReference): Map<string, ComplianceSteps> {
  const keysByEnterprises = new Map<string, string[]>();
  const enterprisesOfKey = new Map<string, Set<string>>();
  const enterpriseIds = new Set([...facts.posts.map((p) => p.enterpriseId), ...facts.employments.map((e) => e.enterpriseId)]);
  for (const enterpriseId of enterpriseIds) {
    const group = groupOf(enterpriseId);
    if (!group) continue;
    const keys = [
      complianceGroupKey.city(),
      complianceGroupKey.county(group.countyCode),
      complianceGroupKey.sector(group.sector),
      complianceGroupKey.countySector(group.countyCode, group.sector),
      complianceGroupKey.enterprise(enterpriseId),
    ];
    for (const key of keys) enterprisesOfKey.set(key, (enterprisesOfKey.get(key) ?? new Set()).add(enterpriseId));
  }
  for (const [key, enterprises] of enterprisesOfKey) {
    const signature = [...enterprises].sort().join('\u0000');
    keysByEnterprises.set(signature, [...(keysByEnterprises.get(signature) ?? []), key]);
  }

  const worker = new WorkerFacts(facts, reference);
  const steps = new Map<string, ComplianceSteps>();
  for (const [signature, keys] of keysByEnterprises) {
    const enterprises = new Set(signature.split('\u0000'));
    const groupSteps = worker.steps(
      facts.posts.filter((p) => enterprises.has(p.enterpriseId)),
      facts.employments.filter((e) => enterprises.has(e.enterpriseId)),
    );
    if (Object.keys(groupSteps).length === 0) continue;
    for (const key of keys) steps.set(key, groupSteps);
  }
  return steps;
}

/** The fixed counters, in the order evaluations return them; M4's follow, two per education version. */
const COUNTERS = ['M1n', 'M1d', 'M2n', 'M2d', 'M3n', 'M3d', 'M5n', 'M5d', 'M6n', 'M6d', 'M7n', 'M7d'] as const;
const m4Counters = (version: number): [string, string] => [`M4n${version}`, `M4d${version}`];

const earliest = (days: Iterable<Day>): Day | null => {
  let first: Day | null = null;
  for (const day of days) if (first === null || day < first) first = day;
  return first;
};

const onOrBefore = (day: Day | null, asOf: Day): boolean => day !== null && day <= asOf;
const activeOn = (interval: { startsOn: Day; endsOn: Day | null }, day: Day): boolean => interval.startsOn <= day && (interval.endsOn === null || day <= interval.endsOn);
const validOn = (c: CertificateFact, day: Day): boolean => c.validFrom <= day && (c.validThrough === null || day <= c.validThrough);

/**
 * One worker's facts, reduced to what the metrics ask of them: only the first pass of an exam kind
 * and the first completion of a training kind matter ("passed by T"), certificates by interval.
 */
class WorkerFacts {
  private readonly firstSafetyPass: Day | null;
  /** Passed team-leader exams and completed team-leader and skill-upgrade trainings, by day (sorted): which count depends on the targets in force. */
  private readonly teamLeaderPasses: Day[];
  private readonly trainingDays: Record<'team_leader' | 'skill_upgrade', Day[]> = { team_leader: [], skill_upgrade: [] };
  private readonly certificates: CertificateFact[];
  /** The enrolment's level (undated) and the recorded educations (each from its day). */
  private readonly education: WorkerFact | undefined;
  private readonly educationVersions: ReadonlyArray<readonly string[]>;
  /** Days on which something other than a post or employment can change a count. */
  private readonly otherDays: Day[];

  constructor(
    facts: ComplianceFacts,
    private readonly reference: MetricReference,
  ) {
    const passed = facts.exams.filter((e) => e.passed);
    this.firstSafetyPass = earliest(passed.filter((e) => SAFETY_ASSESSMENT_KINDS.includes(e.kind)).map((e) => e.examinedOn));
    this.teamLeaderPasses = passed.filter((e) => e.kind === 'team_leader').map((e) => e.examinedOn).sort();
    for (const kind of ['team_leader', 'skill_upgrade'] as const) {
      this.trainingDays[kind] = facts.trainings.filter((t) => t.kind === kind).map((t) => t.completedOn).sort();
    }
    this.certificates = facts.certificates;
    this.education = facts.workers[0];
    this.educationVersions = reference.educationRequirements.versions.map((v) => v.teamLeaderQualifying);
    this.otherDays = [
      this.firstSafetyPass,
      ...this.teamLeaderPasses,
      ...this.trainingDays.team_leader,
      ...this.trainingDays.skill_upgrade,
      ...this.certificates.flatMap((c) => [c.validFrom, ...(c.validThrough === null ? [] : [addDays(c.validThrough, 1)])]),
      ...(this.education?.educations ?? []).map((e) => e.since),
      ...reference.targets.versions.flatMap((v) => [v.effectiveFrom, ...(v.effectiveUntil === undefined ? [] : [addDays(v.effectiveUntil, 1)])]),
    ].filter((day): day is Day => day !== null);
  }

  /** The changes of every counter on every critical day, for the group's posts and employments. */
  steps(posts: PostFact[], employments: EmploymentFact[]): ComplianceSteps {
    const intervals = [...posts, ...employments];
    if (intervals.length === 0) return {};
    const firstStart = earliest(intervals.map((i) => i.startsOn))!;
    const days = new Set<Day>();
    for (const interval of intervals) {
      days.add(interval.startsOn);
      if (interval.endsOn !== null) days.add(addDays(interval.endsOn, 1));
    }
    // Before the first start nothing is active, so every count is 0.
    for (const day of this.otherDays) if (day > firstStart) days.add(day);

    const names = [...COUNTERS, ...this.educationVersions.flatMap((_, version) => m4Counters(version))];
    const steps: ComplianceSteps = {};
    let previous = new Array<number>(names.length).fill(0);
    for (const day of [...days].sort()) {
      const counts = this.countsOn(day, posts, employments);
      const change: ComplianceCounts = {};
      counts.forEach((count, i) => {
        if (count !== previous[i]) change[names[i]!] = count - previous[i]!;
      });
      if (Object.keys(change).length > 0) steps[day] = change;
      previous = counts;
    }
    return steps;
  }

  /** The counts on one day, in the order of `COUNTERS` then M4's per education version. */
  private countsOn(day: Day, posts: PostFact[], employments: EmploymentFact[]): number[] {
    const targets = targetsInForce(this.reference, day);
    const active = posts.filter((p) => activeOn(p, day));
    const counts = new Array<number>(COUNTERS.length + 2 * this.educationVersions.length).fill(0);
    if (active.length > 0) {
      // M1: every active post started after a passed assessment (by T for on-post hires and posts begun before the plan).
      counts[0] = active.every((p) => onOrBefore(this.firstSafetyPass, p.hireType === 'on_post' || p.startsOn < targets.planStartedOn ? day : p.startsOn)) ? 1 : 0;
      counts[1] = 1;
      for (const p of active) {
        if (p.specialOperationCode === undefined) continue;
        counts[3]!++;
        if (this.certificates.some((c) => c.type === 'special_operation' && c.specialOperationCode === p.specialOperationCode && validOn(c, day))) counts[2]!++;
      }
      if (active.some((p) => p.teamLeader)) {
        const from = trainingCountsFrom(targets, 'M3');
        counts[4] = onOrBefore(firstFrom(this.trainingDays.team_leader, from), day) || onOrBefore(firstFrom(this.teamLeaderPasses, from), day) ? 1 : 0;
        counts[5] = 1;
        const qualified = this.holdsQualification(day);
        this.educationVersions.forEach((qualifying, version) => {
          counts[COUNTERS.length + 2 * version] = qualified || educationQualifiesOn(this.education, day, qualifying) ? 1 : 0;
          counts[COUNTERS.length + 2 * version + 1] = 1;
        });
      }
      if (active.some((p) => p.keyPosition)) {
        counts[8] = onOrBefore(firstFrom(this.trainingDays.skill_upgrade, trainingCountsFrom(targets, 'M6')), day) ? 1 : 0;
        counts[9] = 1;
      }
      for (const p of active) {
        if (p.hireType !== 'new_hire' || !inM7Scope(p, targets.metrics.M7)) continue;
        counts[11]!++;
        if (p.apprenticeship === true) counts[10]!++;
      }
    }
    const { sectors = [], subsectors = [] } = targets.metrics.M5;
    if (employments.some((e) => activeOn(e, day) && (sectors.includes(e.sector) || (e.subsector !== undefined && subsectors.includes(e.subsector))))) {
      counts[6] = this.holdsQualification(day) ? 1 : 0;
      counts[7] = 1;
    }
    return counts;
  }

  private holdsQualification(day: Day): boolean {
    return this.certificates.some((c) => c.type !== 'special_operation' && validOn(c, day));
  }
}

/** Adds `change` into `into`, counter by counter. */
export const addCounts = (into: ComplianceCounts, change: Readonly<ComplianceCounts>): ComplianceCounts => {
  for (const [counter, amount] of Object.entries(change)) into[counter] = (into[counter] ?? 0) + amount;
  return into;
};

/**
 * M1–M7 of a group from its counts as of T and as of M4's baseline date (each the sum of the changes
 * on or before that day), with the targets in force on T: the shape `computeComplianceMetrics` answers.
 */
export function complianceMetricsFromCounts(atDay: Readonly<ComplianceCounts>, atBaseline: Readonly<ComplianceCounts>, asOf: Day, reference: MetricReference): ComplianceMetrics {
  const targets = targetsInForce(reference, asOf);
  const count = (counts: Readonly<ComplianceCounts>, counter: string) => counts[counter] ?? 0;
  const metric = (id: Exclude<MetricId, 'M4'>) => metricResult(count(atDay, `${id}n`), count(atDay, `${id}d`), targets.metrics[id].target);
  const [m4n, m4d] = m4Counters(educationVersionInForce(reference, asOf));
  return {
    M1: metric('M1'),
    M2: metric('M2'),
    M3: metric('M3'),
    M4: m4Result({ numerator: count(atDay, m4n), denominator: count(atDay, m4d) }, { numerator: count(atBaseline, m4n), denominator: count(atBaseline, m4d) }, targets),
    M5: metric('M5'),
    M6: metric('M6'),
    M7: metric('M7'),
  };
}

/** The day M4's baseline is counted on, for an answer as of T. */
export const complianceBaselineDay = (reference: MetricReference, asOf: Day): Day => m4BaselineDay(targetsInForce(reference, asOf));

/** The first of sorted days on or after `from` (any when undefined); null when none. */
function firstFrom(days: readonly Day[], from: Day | undefined): Day | null {
  return days.find((day) => from === undefined || day >= from) ?? null;
}
