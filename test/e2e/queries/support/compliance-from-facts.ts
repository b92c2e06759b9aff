import { computeComplianceMetrics, factsOfGroup, withStandings, type Day, type ReferenceData } from '#libs/domain';
import type { EnterpriseDocument } from '#libs/projections';
import type { LoadedFacts } from '../../../../apps/api/src/read-models/compliance/compliance-facts.loader.js';
import type { ComplianceGroup, GroupBy } from '../../../../apps/api/src/read-models/compliance/compliance.service.js';

/**
 * M1–M7 per group computed from every fact of the selection (what the compliance aggregate keeps
 * summed): the reference the aggregate's answers are tested against.
 */
export function complianceGroupsFromFacts({ enterprises, facts }: LoadedFacts, groupBy: GroupBy, asOf: Day, reference: ReferenceData): ComplianceGroup[] {
  const city = reference.units.find(asOf)?.city.code ?? 'city';
  const keyOf = (enterprise: EnterpriseDocument): string =>
    groupBy === 'city' ? city : groupBy === 'county' ? enterprise.countyCode : groupBy === 'sector' ? enterprise.sector : enterprise.enterpriseId;
  const keys = new Map([...enterprises.values()].map((e) => [e.enterpriseId, keyOf(e)]));
  const groups = [...new Set(keys.values())].sort();
  if (groupBy === 'city' && groups.length === 0) groups.push(city);
  // Before the plan's first version, measure against the first plan's targets.
  const targets = reference.targets.find(asOf) ?? reference.targets.versions[0]!;
  const education = reference.educationRequirements.find(asOf) ?? reference.educationRequirements.versions[0]!;
  return groups.map((key) => ({
    key,
    metrics: withStandings(computeComplianceMetrics(factsOfGroup(facts, (enterpriseId) => keys.get(enterpriseId) === key), asOf, targets, education.teamLeaderQualifying), targets, asOf),
  }));
}
