import { Inject, Injectable } from '@nestjs/common';
import { computeComplianceMetrics, type ComplianceFacts, type ComplianceMetrics, type Day, type ReferenceData } from '#libs/domain';
import type { EnterpriseDocument } from '#libs/projections';
import { REFERENCE_DATA } from '../../shared/domain.module.js';
import { ComplianceFactsLoader, type ComplianceSelection } from './compliance-facts.loader.js';

export const GROUP_BY = ['city', 'county', 'sector', 'enterprise'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface ComplianceGroup {
  key: string;
  metrics: ComplianceMetrics;
}

/** M1–M7 per group as of T, computed from intervals (DOMAIN.md), with the targets in force on T. */
@Injectable()
export class ComplianceService {
  constructor(
    private readonly loader: ComplianceFactsLoader,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
  ) {}

  async compliance(groupBy: GroupBy, asOf: Day, selection: ComplianceSelection): Promise<{ asOf: Day; groupBy: GroupBy; groups: ComplianceGroup[] }> {
    return { asOf, groupBy, groups: await this.groups(groupBy, asOf, selection) };
  }

  async groups(groupBy: GroupBy, asOf: Day, selection: ComplianceSelection): Promise<ComplianceGroup[]> {
    const { enterprises, facts } = await this.loader.load(selection);
    const city = this.reference.units.find(asOf)?.city.code ?? 'city';
    const keyOf = (enterprise: EnterpriseDocument): string =>
      groupBy === 'city' ? city : groupBy === 'county' ? enterprise.countyCode : groupBy === 'sector' ? enterprise.sector : enterprise.enterpriseId;
    const keys = new Map([...enterprises.values()].map((e) => [e.enterpriseId, keyOf(e)]));
    const groups = [...new Set(keys.values())].sort();
    if (groupBy === 'city' && groups.length === 0) groups.push(city);
    // Before the plan's first version, measure against the first plan's targets.
    const targets = this.reference.targets.find(asOf) ?? this.reference.targets.versions[0]!;
    const education = this.reference.educationRequirements.find(asOf) ?? this.reference.educationRequirements.versions[0]!;
    return groups.map((key) => ({
      key,
      metrics: computeComplianceMetrics(factsOfGroup(facts, (enterpriseId) => keys.get(enterpriseId) === key), asOf, targets, education.teamLeaderQualifying),
    }));
  }
}

/** The group's posts and employments; the per-worker facts of the workers they name. */
function factsOfGroup(facts: ComplianceFacts, inGroup: (enterpriseId: string) => boolean): ComplianceFacts {
  const posts = facts.posts.filter((p) => inGroup(p.enterpriseId));
  const employments = facts.employments.filter((e) => inGroup(e.enterpriseId));
  const workers = new Set([...posts.map((p) => p.workerId), ...employments.map((e) => e.workerId)]);
  const mine = <T extends { workerId: string }>(items: T[]) => items.filter((item) => workers.has(item.workerId));
  return { posts, employments, exams: mine(facts.exams), trainings: mine(facts.trainings), certificates: mine(facts.certificates), workers: mine(facts.workers) };
}
