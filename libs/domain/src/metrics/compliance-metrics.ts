import type { MetricId, MetricTarget, Targets } from '../reference/reference-data.js';
import { isActiveOn } from '../shared/active-interval.js';
import type { Day } from '../shared/day.js';
import { SAFETY_ASSESSMENT_KINDS, type ExamKind } from '../workers/worker.js';
import { educationQualifiesOn, type CertificateFact, type ComplianceFacts, type ExamFact, type PostFact, type TrainingCompletionFact, type WorkerFact } from './compliance-facts.js';

/** One metric for one group as of T. `ratio` and `met` are null when there is nothing to measure or no number to meet. */
export interface MetricResult {
  numerator: number;
  denominator: number;
  ratio: number | null;
  target: number | null;
  met: boolean | null;
}

/** M4 compares with the plan's baseline date. */
export interface IncreaseMetricResult extends MetricResult {
  baseline: { asOf: Day; numerator: number; denominator: number; ratio: number | null };
  increaseMode: 'percentage_points' | 'relative';
  increase: number | null;
}

/** What a metric counts: a worker, or for M2 and M7 a post. */
export interface MetricSubject {
  workerId: string;
  postId?: string;
}

/** A metric's denominator split into what meets it and what falls short, as of T. */
interface Evaluation {
  compliant: MetricSubject[];
  shortfall: MetricSubject[];
}

/** A metric from its counts and the target in force. */
export const metricResult = (numerator: number, denominator: number, target: number | null): MetricResult => {
  const ratio = denominator === 0 ? null : numerator / denominator;
  return { numerator, denominator, ratio, target, met: ratio === null || target === null ? null : ratio >= target };
};

const fromEvaluation = ({ compliant, shortfall }: Evaluation, target: number | null): MetricResult =>
  metricResult(compliant.length, compliant.length + shortfall.length, target);

/**
 * The facts grouped by worker once, so that each metric looks up a worker's exams, trainings and
 * certificates in constant time: a county holds tens of thousands of workers.
 */
class FactIndex {
  private readonly exams = new Map<string, ExamFact[]>();
  private readonly trainings = new Map<string, TrainingCompletionFact[]>();
  private readonly certificates = new Map<string, CertificateFact[]>();
  private readonly workers = new Map<string, WorkerFact>();

  constructor(readonly facts: ComplianceFacts) {
    group(facts.exams, this.exams);
    group(facts.trainings, this.trainings);
    group(facts.certificates, this.certificates);
    for (const worker of facts.workers) this.workers.set(worker.workerId, worker);
  }

  activePosts(day: Day): PostFact[] {
    return this.facts.posts.filter((p) => isActiveOn(p, day));
  }

  /** A pass of one of the kinds by `day`, on or after `from` when given. */
  passedBy(workerId: string, kinds: readonly ExamKind[], day: Day, from?: Day): boolean {
    return (this.exams.get(workerId) ?? []).some((e) => e.passed && kinds.includes(e.kind) && e.examinedOn <= day && (from === undefined || e.examinedOn >= from));
  }

  /** A completed training of the kind by `day`, on or after `from` when given. */
  trainedBy(workerId: string, kind: ExamKind, day: Day, from?: Day): boolean {
    return (this.trainings.get(workerId) ?? []).some((t) => t.kind === kind && t.completedOn <= day && (from === undefined || t.completedOn >= from));
  }

  holdsSpecialOperation(workerId: string, code: string, day: Day): boolean {
    return (this.certificates.get(workerId) ?? []).some((c) => c.type === 'special_operation' && c.specialOperationCode === code && certificateValidOn(c, day));
  }

  holdsQualification(workerId: string, day: Day): boolean {
    return (this.certificates.get(workerId) ?? []).some((c) => c.type !== 'special_operation' && certificateValidOn(c, day));
  }

  educationQualifies(workerId: string, day: Day, qualifying: readonly string[]): boolean {
    return educationQualifiesOn(this.workers.get(workerId), day, qualifying);
  }
}

const indexes = new WeakMap<ComplianceFacts, FactIndex>();
const indexOf = (facts: ComplianceFacts): FactIndex => {
  let index = indexes.get(facts);
  if (!index) indexes.set(facts, (index = new FactIndex(facts)));
  return index;
};

function group<T extends { workerId: string }>(items: T[], into: Map<string, T[]>): void {
  for (const item of items) {
    const list = into.get(item.workerId);
    if (list) list.push(item);
    else into.set(item.workerId, [item]);
  }
}

const certificateValidOn = (c: CertificateFact, day: Day) => c.validFrom <= day && (c.validThrough === null || day <= c.validThrough);

const distinct = (ids: string[]) => [...new Set(ids)];

function split<T>(subjects: T[], meets: (subject: T) => boolean, toSubject: (subject: T) => MetricSubject): Evaluation {
  const evaluation: Evaluation = { compliant: [], shortfall: [] };
  for (const subject of subjects) (meets(subject) ? evaluation.compliant : evaluation.shortfall).push(toSubject(subject));
  return evaluation;
}

const worker = (workerId: string): MetricSubject => ({ workerId });
const post = (p: PostFact): MetricSubject => ({ workerId: p.workerId, postId: p.postId });

/**
 * M1 trained and assessed before working: per worker with an active post, every active post
 * started after a passed safety assessment; for posts of on-post hires or begun before the plan,
 * an assessment passed by T suffices.
 */
const evaluateM1 = (index: FactIndex, asOf: Day, targets: Targets): Evaluation => {
  const posts = index.activePosts(asOf);
  const byWorker = new Map<string, PostFact[]>();
  for (const p of posts) byWorker.set(p.workerId, [...(byWorker.get(p.workerId) ?? []), p]);
  return split(
    [...byWorker.keys()],
    (workerId) =>
      byWorker
        .get(workerId)!
        .every((p) => index.passedBy(workerId, SAFETY_ASSESSMENT_KINDS, p.hireType === 'on_post' || p.startsOn < targets.planStartedOn ? asOf : p.startsOn)),
    worker,
  );
};

/** M2 special-operation posts held with a valid certificate of their code (持证上岗), per post. */
const evaluateM2 = (index: FactIndex, asOf: Day): Evaluation =>
  split(
    index.activePosts(asOf).filter((p) => p.specialOperationCode !== undefined),
    (p) => index.holdsSpecialOperation(p.workerId, p.specialOperationCode!, asOf),
    post,
  );

const activeTeamLeaders = (index: FactIndex, day: Day) => distinct(index.activePosts(day).filter((p) => p.teamLeader).map((p) => p.workerId));

/**
 * The first day from which M3's or M6's training counts: the plan's start, unless the targets say
 * training from before the plan counts too (undefined: any day).
 */
export const trainingCountsFrom = (targets: Targets, id: 'M3' | 'M6'): Day | undefined =>
  targets.metrics[id].countsPrePlanTraining === true ? undefined : targets.planStartedOn;

/** M3 team leaders through team-leader safety-skill training (a completed class or a passed exam) by T, since the plan began. */
const evaluateM3 = (index: FactIndex, asOf: Day, targets: Targets): Evaluation => {
  const from = trainingCountsFrom(targets, 'M3');
  return split(activeTeamLeaders(index, asOf), (w) => index.trainedBy(w, 'team_leader', asOf, from) || index.passedBy(w, ['team_leader'], asOf, from), worker);
};

const evaluateQualifiedLeaders = (index: FactIndex, day: Day, qualifyingEducation: readonly string[]): Evaluation =>
  split(
    activeTeamLeaders(index, day),
    (w) => {
      return index.holdsQualification(w, day) || index.educationQualifies(w, day, qualifyingEducation);
    },
    worker,
  );

/** A share of qualified team leaders: what M4 compares, as of T and as of the baseline date. */
export interface LeaderShare {
  numerator: number;
  denominator: number;
}

const share = (evaluation: Evaluation): LeaderShare => ({ numerator: evaluation.compliant.length, denominator: evaluation.compliant.length + evaluation.shortfall.length });

/** The day M4's baseline is measured on, under the targets in force on T. */
export const m4BaselineDay = (targets: Targets): Day => targets.metrics.M4.baselineDate ?? targets.planStartedOn;

/** M5 certificate holders among the workers of hazardous-chemicals, underground-mine and smelting enterprises. */
const evaluateM5 = (index: FactIndex, asOf: Day, targets: Targets): Evaluation => {
  const { sectors = [], subsectors = [] } = targets.metrics.M5;
  const inScope = index.facts.employments.filter(
    (e) => isActiveOn(e, asOf) && (sectors.includes(e.sector) || (e.subsector !== undefined && subsectors.includes(e.subsector))),
  );
  return split(distinct(inScope.map((e) => e.workerId)), (w) => index.holdsQualification(w, asOf), worker);
};

/** M6 key-position workers through skill-upgrade training (职业技能晋级培训) by T, since the plan began. */
const evaluateM6 = (index: FactIndex, asOf: Day, targets: Targets): Evaluation =>
  split(
    distinct(index.activePosts(asOf).filter((p) => p.keyPosition).map((p) => p.workerId)),
    (w) => index.trainedBy(w, 'skill_upgrade', asOf, trainingCountsFrom(targets, 'M6')),
    worker,
  );

/**
 * Whether a post is one M7 counts: a special-operation post of the listed codes, one of the listed
 * higher-risk posts (两重点一重大装置操作, 矿山井下作业, 金属冶炼煤气作业), or any post of a listed
 * subsector's enterprise (kept for reference data that lists subsectors; the plan's names none).
 */
export const inM7Scope = (p: PostFact, m7: MetricTarget): boolean =>
  (p.specialOperationCode !== undefined && (m7.specialOperationCodes ?? []).includes(p.specialOperationCode)) ||
  (p.riskPost !== undefined && (m7.riskPosts ?? []).includes(p.riskPost)) ||
  (p.subsector !== undefined && (m7.subsectors ?? []).includes(p.subsector));

/** M7 new hires on the higher-risk posts the plan names, enrolled in the new apprenticeship. */
const evaluateM7 = (index: FactIndex, asOf: Day, targets: Targets): Evaluation => {
  const posts = index.activePosts(asOf).filter((p) => p.hireType === 'new_hire' && inM7Scope(p, targets.metrics.M7));
  return split(posts, (p) => p.apprenticeship === true, post);
};

export const m1TrainedBeforeWork = (facts: ComplianceFacts, asOf: Day, targets: Targets): MetricResult =>
  fromEvaluation(evaluateM1(indexOf(facts), asOf, targets), targets.metrics.M1.target);

export const m2SpecialOperationCertified = (facts: ComplianceFacts, asOf: Day, targets: Targets): MetricResult =>
  fromEvaluation(evaluateM2(indexOf(facts), asOf), targets.metrics.M2.target);

export const m3TeamLeadersTrained = (facts: ComplianceFacts, asOf: Day, targets: Targets): MetricResult =>
  fromEvaluation(evaluateM3(indexOf(facts), asOf, targets), targets.metrics.M3.target);

/**
 * M4 share of team leaders with a vocational-qualification or skill-level certificate, or
 * secondary-vocational-or-higher education, up by the target since the baseline date.
 */
export const m4TeamLeadersQualified = (facts: ComplianceFacts, asOf: Day, targets: Targets, qualifyingEducation: readonly string[]): IncreaseMetricResult => {
  const index = indexOf(facts);
  const now = share(evaluateQualifiedLeaders(index, asOf, qualifyingEducation));
  const before = share(evaluateQualifiedLeaders(index, m4BaselineDay(targets), qualifyingEducation));
  return m4Result(now, before, targets);
};

/** M4 from the qualified share as of T and as of the baseline date, with the targets in force on T. */
export const m4Result = (nowShare: LeaderShare, beforeShare: LeaderShare, targets: Targets): IncreaseMetricResult => {
  const m4 = targets.metrics.M4;
  const ratioOf = ({ numerator, denominator }: LeaderShare) => ({ numerator, denominator, ratio: denominator === 0 ? null : numerator / denominator });
  const now = ratioOf(nowShare);
  const before = ratioOf(beforeShare);
  const increaseMode = m4.increaseMode ?? 'percentage_points';
  const increase =
    now.ratio === null || before.ratio === null
      ? null
      : increaseMode === 'percentage_points'
        ? now.ratio - before.ratio
        : before.ratio === 0
          ? null
          : now.ratio / before.ratio - 1;
  // A tiny tolerance: 0.3 − 0.1 is 0.19999… in floating point.
  const met = increase === null || m4.target === null ? null : increase >= m4.target - 1e-9;
  return { ...now, target: m4.target, met, baseline: { asOf: m4BaselineDay(targets), ...before }, increaseMode, increase };
};

export const m5CertificateHolders = (facts: ComplianceFacts, asOf: Day, targets: Targets): MetricResult =>
  fromEvaluation(evaluateM5(indexOf(facts), asOf, targets), targets.metrics.M5.target);

export const m6KeyPositionsUpgraded = (facts: ComplianceFacts, asOf: Day, targets: Targets): MetricResult =>
  fromEvaluation(evaluateM6(indexOf(facts), asOf, targets), targets.metrics.M6.target);

export const m7Apprenticeship = (facts: ComplianceFacts, asOf: Day, targets: Targets): MetricResult =>
  fromEvaluation(evaluateM7(indexOf(facts), asOf, targets), targets.metrics.M7.target);

export type ComplianceMetrics = Record<Exclude<MetricId, 'M4'>, MetricResult> & { M4: IncreaseMetricResult };

/** All seven metrics for one group of facts as of T, with the targets in force on T. */
export const computeComplianceMetrics = (
  facts: ComplianceFacts,
  asOf: Day,
  targets: Targets,
  qualifyingEducation: readonly string[],
): ComplianceMetrics => ({
  M1: m1TrainedBeforeWork(facts, asOf, targets),
  M2: m2SpecialOperationCertified(facts, asOf, targets),
  M3: m3TeamLeadersTrained(facts, asOf, targets),
  M4: m4TeamLeadersQualified(facts, asOf, targets, qualifyingEducation),
  M5: m5CertificateHolders(facts, asOf, targets),
  M6: m6KeyPositionsUpgraded(facts, asOf, targets),
  M7: m7Apprenticeship(facts, asOf, targets),
});

/**
 * The workers (and for M2 and M7 the posts) behind each metric's shortfall as of T: what an
 * inspection file lists. M4 lists the team leaders who are not qualified.
 */
export const complianceShortfalls = (
  facts: ComplianceFacts,
  asOf: Day,
  targets: Targets,
  qualifyingEducation: readonly string[],
): Record<MetricId, MetricSubject[]> => {
  const index = indexOf(facts);
  return {
    M1: evaluateM1(index, asOf, targets).shortfall,
    M2: evaluateM2(index, asOf).shortfall,
    M3: evaluateM3(index, asOf, targets).shortfall,
    M4: evaluateQualifiedLeaders(index, asOf, qualifyingEducation).shortfall,
    M5: evaluateM5(index, asOf, targets).shortfall,
    M6: evaluateM6(index, asOf, targets).shortfall,
    M7: evaluateM7(index, asOf, targets).shortfall,
  };
};

/**
 * The facts of one group: its posts and employments (those at its enterprises), and the per-worker
 * facts of the workers they name. A worker employed in two enterprises of a county counts once there.
 */
export function factsOfGroup(facts: ComplianceFacts, inGroup: (enterpriseId: string) => boolean): ComplianceFacts {
  const posts = facts.posts.filter((p) => inGroup(p.enterpriseId));
  const employments = facts.employments.filter((e) => inGroup(e.enterpriseId));
  const workers = new Set([...posts.map((p) => p.workerId), ...employments.map((e) => e.workerId)]);
  const mine = <T extends { workerId: string }>(items: T[]) => items.filter((item) => workers.has(item.workerId));
  return { posts, employments, exams: mine(facts.exams), trainings: mine(facts.trainings), certificates: mine(facts.certificates), workers: mine(facts.workers) };
}
