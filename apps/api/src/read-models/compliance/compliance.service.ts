import { Inject, Injectable } from '@nestjs/common';
import {
  addCounts,
  complianceBaselineDay,
  complianceGroupKey,
  complianceMetricsFromCounts,
  targetsInForce,
  withStandings,
  yearOf,
  type ComplianceCounts,
  type ComplianceMetricsWithStanding,
  type Day,
  type ReferenceData,
} from '#libs/domain';
import type { ComplianceBucketDocument, ComplianceGroupDocument } from '#libs/projections';
import type { DocumentFilter } from '#libs/read-store';
import { REFERENCE_DATA } from '../../shared/domain.module.js';
import { ReadModels } from '../shared/read-models.js';
import type { ComplianceSelection } from './compliance-facts.loader.js';

export const GROUP_BY = ['city', 'county', 'sector', 'enterprise'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface ComplianceGroup {
  key: string;
  /** The figures, each with its `status` and `due` day as of T. */
  metrics: ComplianceMetricsWithStanding;
}

/** A group as answered (`key`), and the aggregate's group it is counted in (none: nothing to count). */
interface Selected {
  key: string;
  group: string | null;
}

/** Group ids per `$in`: keeps SQLite parameters and MongoDB lists modest. */
const CHUNK = 500;

/**
 * M1–M7 per group as of T with the targets in force on T, summed from the compliance aggregate
 * (the changes of each group's counts by day, `libs/projections/src/compliance`): at most a
 * document per group and year, whatever the number of workers.
 */
@Injectable()
export class ComplianceService {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
  ) {}

  async compliance(groupBy: GroupBy, asOf: Day, selection: ComplianceSelection): Promise<{ asOf: Day; groupBy: GroupBy; groups: ComplianceGroup[] }> {
    return { asOf, groupBy, groups: await this.groups(groupBy, asOf, selection) };
  }

  async groups(groupBy: GroupBy, asOf: Day, selection: ComplianceSelection): Promise<ComplianceGroup[]> {
    const city = this.reference.units.find(asOf)?.city.code ?? 'city';
    const selected = await this.select(groupBy, selection, city);
    const baseline = complianceBaselineDay(this.reference, asOf);
    const counts = await this.countsOf(
      selected.flatMap((s) => (s.group === null ? [] : [s.group])),
      asOf,
      baseline,
    );
    const targets = targetsInForce(this.reference, asOf);
    return selected.map(({ key, group }) => {
      const found = group === null ? undefined : counts.get(group);
      return { key, metrics: withStandings(complianceMetricsFromCounts(found?.now ?? {}, found?.baseline ?? {}, asOf, this.reference), targets, asOf) };
    });
  }

  /** The groups to answer, in key order: those of the selected enterprises (the city always). */
  private async select(groupBy: GroupBy, { countyCode, sector, enterpriseId }: ComplianceSelection, city: string): Promise<Selected[]> {
    if (enterpriseId !== undefined) {
      // An enterprise's own view: every group is that enterprise, when it is in the selection.
      const found = await this.readModels.get<ComplianceGroupDocument>('compliance', 'groups', complianceGroupKey.enterprise(enterpriseId));
      const inSelection = found !== null && (!countyCode || found.countyCode === countyCode) && (!sector || found.sector === sector);
      const key = { city, county: found?.countyCode, sector: found?.sector, enterprise: enterpriseId }[groupBy]!;
      return inSelection ? [{ key, group: found.id }] : groupBy === 'city' ? [{ key: city, group: null }] : [];
    }
    const whole = countyCode && sector ? complianceGroupKey.countySector(countyCode, sector) : countyCode ? complianceGroupKey.county(countyCode) : sector ? complianceGroupKey.sector(sector) : complianceGroupKey.city();
    if (groupBy === 'city') return [{ key: city, group: whole }];
    if ((groupBy === 'county' && countyCode) || (groupBy === 'sector' && sector)) {
      // One group at most: the filter's own, when some enterprise is in it.
      const found = await this.readModels.get<ComplianceGroupDocument>('compliance', 'groups', whole);
      return found ? [{ key: (groupBy === 'county' ? countyCode : sector)!, group: whole }] : [];
    }
    const filter: DocumentFilter =
      groupBy === 'enterprise'
        ? { level: 'enterprise', ...(countyCode ? { countyCode } : {}), ...(sector ? { sector } : {}) }
        : groupBy === 'county'
          ? sector ? { level: 'county_sector', sector } : { level: 'county' }
          : countyCode ? { level: 'county_sector', countyCode } : { level: 'sector' };
    const groups = await this.readModels.find<ComplianceGroupDocument>('compliance', 'groups', { filter });
    const keyOf = (g: ComplianceGroupDocument) => (groupBy === 'enterprise' ? g.enterpriseId : groupBy === 'county' ? g.countyCode : g.sector)!;
    return groups.map((g) => ({ key: keyOf(g), group: g.id })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Each group's counts as of T and as of the baseline date: its changes on or before each day. */
  private async countsOf(groups: readonly string[], asOf: Day, baseline: Day): Promise<Map<string, { now: ComplianceCounts; baseline: ComplianceCounts }>> {
    const lastYear = Math.max(yearOf(asOf), yearOf(baseline));
    const chunks = Array.from({ length: Math.ceil(groups.length / CHUNK) }, (_, i) => groups.slice(i * CHUNK, (i + 1) * CHUNK));
    const buckets = (
      await Promise.all(chunks.map((chunk) => this.readModels.find<ComplianceBucketDocument>('compliance', 'buckets', { filter: { group: { $in: chunk }, year: { $lte: lastYear } } })))
    ).flat();
    const counts = new Map(groups.map((group) => [group, { now: {} as ComplianceCounts, baseline: {} as ComplianceCounts }]));
    const until = (day: Day) => ({ year: yearOf(day), field: `d${day.slice(5, 7)}${day.slice(8, 10)}` });
    const [now, before] = [until(asOf), until(baseline)];
    for (const bucket of buckets) {
      const group = counts.get(bucket.group)!;
      for (const [field, change] of Object.entries(bucket)) {
        if (field[0] !== 'd' || field.length !== 5) continue;
        if (bucket.year < now.year || (bucket.year === now.year && field <= now.field)) addCounts(group.now, change as ComplianceCounts);
        if (bucket.year < before.year || (bucket.year === before.year && field <= before.field)) addCounts(group.baseline, change as ComplianceCounts);
      }
    }
    return counts;
  }
}
