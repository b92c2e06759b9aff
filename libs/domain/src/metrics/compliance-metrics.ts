import type { MetricId, Targets } from '../reference/reference-data.js';
import { isActiveOn } from '../shared/active-interval.js';
import type { Day } from '../shared/day.js';
import { SAFETY_ASSESSMENT_KINDS, type ExamKind } from '../workers/worker.js';
import type { CertificateFact, ComplianceFacts, PostFact } from './compliance-facts.js';

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

const result = (numerator: number, denominator: number, target: number | null): MetricResult => {
  const ratio = denominator === 0 ? null : numerator / denominator;
  return { numerator, denominator, ratio, target, met: ratio === null || target === null ? null : ratio >= target };
};

const activePosts = (posts: PostFact[], day: Day) => posts.filter((p) => isActiveOn(p, day));
const distinct = (ids: string[]) => [...new Set(ids)];

const passedBy = (facts: ComplianceFacts, workerId: string, kinds: readonly ExamKind[], day: Day) =>
  facts.exams.some((e) => e.workerId === workerId && e.passed && kinds.includes(e.kind) && e.examinedOn <= day);

const trainedBy = (facts: ComplianceFacts, workerId: string, kind: ExamKind, day: Day) =>
  facts.trainings.some((t) => t.workerId === workerId && t.kind === kind && t.completedOn <= day);

const certificateValidOn = (c: CertificateFact, day: Day) => c.validFrom <= day && (c.validThrough === null || day <= c.validThrough);

const holdsQualification = (facts: ComplianceFacts, workerId: string, day: Day) =>
  facts.certificates.some((c) => c.workerId === workerId && c.type !== 'special_operation' && certificateValidOn(c, day));

/**
 * M1 trained and assessed before working: per worker with an active post, every active post
 * started after a passed safety assessment; for posts of on-post hires or begun before the plan,
 * an assessment passed by T suffices.
 */
export const m1TrainedBeforeWork = (facts: ComplianceFacts, asOf: Day, targets: Targets): MetricResult => {
  const posts = activePosts(facts.posts, asOf);
  const workers = distinct(posts.map((p) => p.workerId));
  const compliant = workers.filter((workerId) =>
    posts
      .filter((p) => p.workerId === workerId)
      .every((p) => passedBy(facts, workerId, SAFETY_ASSESSMENT_KINDS, p.hireType === 'on_post' || p.startsOn < targets.planStartedOn ? asOf : p.startsOn)),
  );
  return result(compliant.length, workers.length, targets.metrics.M1.target);
};

/** M2 special-operation posts held with a valid certificate of their code (持证上岗), per post. */
export const m2SpecialOperationCertified = (facts: ComplianceFacts, asOf: Day, targets: Targets): MetricResult => {
  const posts = activePosts(facts.posts, asOf).filter((p) => p.specialOperationCode !== undefined);
  const compliant = posts.filter((p) =>
    facts.certificates.some((c) => c.workerId === p.workerId && c.type === 'special_operation' && c.specialOperationCode === p.specialOperationCode && certificateValidOn(c, asOf)),
  );
  return result(compliant.length, posts.length, targets.metrics.M2.target);
};

const activeTeamLeaders = (facts: ComplianceFacts, day: Day) => distinct(activePosts(facts.posts, day).filter((p) => p.teamLeader).map((p) => p.workerId));

/** M3 team leaders through team-leader safety-skill training (a completed class or a passed exam) by T. */
export const m3TeamLeadersTrained = (facts: ComplianceFacts, asOf: Day, targets: Targets): MetricResult => {
  const leaders = activeTeamLeaders(facts, asOf);
  const trained = leaders.filter((w) => trainedBy(facts, w, 'team_leader', asOf) || passedBy(facts, w, ['team_leader'], asOf));
  return result(trained.length, leaders.length, targets.metrics.M3.target);
};

const qualifiedTeamLeaderShare = (facts: ComplianceFacts, day: Day, qualifyingEducation: readonly string[]) => {
  const leaders = activeTeamLeaders(facts, day);
  const qualified = leaders.filter((w) => {
    const education = facts.workers.find((worker) => worker.workerId === w)?.educationLevel;
    return holdsQualification(facts, w, day) || (education !== undefined && qualifyingEducation.includes(education));
  });
  return { numerator: qualified.length, denominator: leaders.length, ratio: leaders.length === 0 ? null : qualified.length / leaders.length };
};

/**
 * M4 share of team leaders with a vocational-qualification or skill-level certificate, or
 * secondary-vocational-or-higher education, up by the target since the baseline date.
 */
export const m4TeamLeadersQualified = (facts: ComplianceFacts, asOf: Day, targets: Targets, qualifyingEducation: readonly string[]): IncreaseMetricResult => {
  const m4 = targets.metrics.M4;
  const now = qualifiedTeamLeaderShare(facts, asOf, qualifyingEducation);
  const baselineDay = m4.baselineDate ?? targets.planStartedOn;
  const before = qualifiedTeamLeaderShare(facts, baselineDay, qualifyingEducation);
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
  return { ...now, target: m4.target, met, baseline: { asOf: baselineDay, ...before }, increaseMode, increase };
};

/** M5 certificate holders among the workers of hazardous-chemicals, underground-mine and smelting enterprises. */
export const m5CertificateHolders = (facts: ComplianceFacts, asOf: Day, targets: Targets): MetricResult => {
  const { sectors = [], subsectors = [], target } = targets.metrics.M5;
  const inScope = facts.employments.filter(
    (e) => isActiveOn(e, asOf) && (sectors.includes(e.sector) || (e.subsector !== undefined && subsectors.includes(e.subsector))),
  );
  const workers = distinct(inScope.map((e) => e.workerId));
  return result(workers.filter((w) => holdsQualification(facts, w, asOf)).length, workers.length, target);
};

/** M6 key-position workers through skill-upgrade training (职业技能晋级培训) by T. */
export const m6KeyPositionsUpgraded = (facts: ComplianceFacts, asOf: Day, targets: Targets): MetricResult => {
  const workers = distinct(activePosts(facts.posts, asOf).filter((p) => p.keyPosition).map((p) => p.workerId));
  const upgraded = workers.filter((w) => trainedBy(facts, w, 'skill_upgrade', asOf));
  return result(upgraded.length, workers.length, targets.metrics.M6.target);
};

/** M7 new hires on hazardous-process, underground or gas posts enrolled in the new apprenticeship. */
export const m7Apprenticeship = (facts: ComplianceFacts, asOf: Day, targets: Targets): MetricResult => {
  const { specialOperationCodes = [], subsectors = [], target } = targets.metrics.M7;
  const posts = activePosts(facts.posts, asOf).filter(
    (p) =>
      p.hireType === 'new_hire' &&
      ((p.specialOperationCode !== undefined && specialOperationCodes.includes(p.specialOperationCode)) || (p.subsector !== undefined && subsectors.includes(p.subsector))),
  );
  return result(posts.filter((p) => p.apprenticeship === true).length, posts.length, target);
};

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
