import { Inject, Injectable } from '@nestjs/common';
import { complianceShortfalls, computeComplianceMetrics, withStandings, type ComplianceMetricsWithStanding, type Day, type MetricId, type ReferenceData } from '#libs/domain';
import { PersonalDataVault } from '../../personal-data/personal-data-vault.js';
import { REFERENCE_DATA } from '../../shared/domain.module.js';
import { personalView } from '../workers/personal-view.js';
import { ComplianceFactsLoader } from './compliance-facts.loader.js';

/** One worker (and for M2 and M7 one post) behind a shortfall, as an inspection file lists it. */
export interface ShortfallEntry {
  workerId: string;
  postId?: string;
  postTitle?: string;
  specialOperationCode?: string;
  /** Only for roles that need the person's identity; `erased` once the person's key is deleted. */
  name?: string;
  erased?: true;
}

export interface EnterpriseCompliance {
  enterpriseId: string;
  name: string;
  countyCode: string;
  sector: string;
  asOf: Day;
  /** ISO instant: facts recorded after it are left out; null means everything recorded so far. */
  knownAt: string | null;
  /** The figures, each with its `status` and `due` day as of T. */
  metrics: ComplianceMetricsWithStanding;
  shortfalls: Record<MetricId, ShortfallEntry[]>;
}

/** `GET /enterprises/{id}/compliance`: one enterprise's M1–M7 as of T, as known at K, and who is behind each shortfall. */
@Injectable()
export class EnterpriseComplianceService {
  constructor(
    private readonly loader: ComplianceFactsLoader,
    private readonly vault: PersonalDataVault,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
  ) {}

  async enterprise(enterpriseId: string, asOf: Day, knownAt: string | null, showNames: boolean): Promise<EnterpriseCompliance | null> {
    const { enterprises, facts, posts, workers } = await this.loader.load({ enterpriseId }, knownAt);
    const enterprise = enterprises.get(enterpriseId);
    if (!enterprise) return null;
    const targets = this.reference.targets.find(asOf) ?? this.reference.targets.versions[0]!;
    const education = this.reference.educationRequirements.find(asOf) ?? this.reference.educationRequirements.versions[0]!;
    const postById = new Map(posts.map((p) => [p.postId, p]));
    const workerById = new Map(workers.map((w) => [w.personId, w]));

    const describe = async ({ workerId, postId }: { workerId: string; postId?: string }): Promise<ShortfallEntry> => {
      const post = postId ? postById.get(postId) : undefined;
      const entry: ShortfallEntry = {
        workerId,
        ...(postId ? { postId } : {}),
        ...(post ? { postTitle: post.title } : {}),
        ...(post?.specialOperationCode != null ? { specialOperationCode: post.specialOperationCode } : {}),
      };
      if (!showNames) return entry;
      const view = await personalView(this.vault, workerById.get(workerId)?.personal ?? null, false);
      return view.erased ? { ...entry, erased: true } : { ...entry, name: view.name };
    };

    const shortfalls = complianceShortfalls(facts, asOf, targets, education.teamLeaderQualifying);
    return {
      enterpriseId,
      name: enterprise.name,
      countyCode: enterprise.countyCode,
      sector: enterprise.sector,
      asOf,
      knownAt,
      metrics: withStandings(computeComplianceMetrics(facts, asOf, targets, education.teamLeaderQualifying), targets, asOf),
      // The keys of every name shown are read in one round trip (the vault batches the reads of one turn).
      shortfalls: Object.fromEntries(
        await Promise.all(Object.entries(shortfalls).map(async ([metric, subjects]) => [metric, await Promise.all(subjects.map(describe))] as const)),
      ) as Record<MetricId, ShortfallEntry[]>,
    };
  }
}
