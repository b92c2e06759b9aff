import { Inject, Injectable } from '@nestjs/common';
import { milestoneStatus, type Day, type Milestone, type MilestoneStatus, type ReferenceData } from '#libs/domain';
import type { ComplianceMetrics } from '#libs/domain';
import type { CountyDocument, DemonstrationSiteDocument, EnterpriseDocument } from '#libs/projections';
import { REFERENCE_DATA } from '../../shared/domain.module.js';
import { ComplianceService } from '../compliance/compliance.service.js';
import { ReadModels } from '../shared/read-models.js';

export interface MilestoneItem {
  milestone: string;
  phase: Milestone['phase'];
  unit: string;
  due: Day;
  doneOn: Day | null;
  status: MilestoneStatus;
}

const earliest = (days: readonly (Day | null | undefined)[]): Day | null =>
  days.filter((day): day is Day => typeof day === 'string').reduce<Day | null>((a, b) => (a === null || b < a ? b : a), null);

/** Every metric with a number to meet is met (M7 has none). */
const targetsMet = (metrics: ComplianceMetrics): boolean => Object.values(metrics).every((metric) => metric.met !== false);

/**
 * `GET /milestones`: per unit and milestone of the plan in force, the day its evidence came and
 * its status as of T (done on time, done late, overdue, pending), from the evidence's own days.
 */
@Injectable()
export class MilestonesService {
  constructor(
    private readonly readModels: ReadModels,
    private readonly compliance: ComplianceService,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
  ) {}

  async milestones(asOf: Day, countyCode: string | undefined): Promise<{ asOf: Day; items: MilestoneItem[] }> {
    const plan = this.reference.milestones.find(asOf) ?? this.reference.milestones.versions[0]!;
    const units = this.reference.units.on(asOf);
    const counties = units.units.map((u) => u.code).filter((code) => !countyCode || code === countyCode);
    const [countyDocs, sites, enterprises] = await Promise.all([
      this.readModels.getMany<CountyDocument>('milestones', 'counties', counties),
      this.readModels.find<DemonstrationSiteDocument>('milestones', 'demonstration_sites'),
      this.readModels.find<EnterpriseDocument>('enterprises', 'enterprises', { filter: countyCode ? { countyCode } : {}, sort: { enterpriseId: 1 } }),
    ]);
    const county = new Map(countyDocs.map((c) => [c.id, c]));
    const items: MilestoneItem[] = [];
    const add = (milestone: Milestone, unit: string, doneOn: Day | null) =>
      items.push({ milestone: milestone.id, phase: milestone.phase, unit, due: milestone.due, doneOn, status: milestoneStatus(milestone.due, doneOn, asOf) });

    for (const milestone of plan.milestones) {
      switch (milestone.id) {
        case 'county_implementation_plan':
          for (const code of counties) add(milestone, code, county.get(code)?.implementationPlanSubmittedOn ?? null);
          break;
        case 'county_summary':
          for (const code of counties) add(milestone, code, county.get(code)?.summarySubmittedOn ?? null);
          break;
        case 'enterprise_training_plan':
          for (const enterprise of enterprises) add(milestone, enterprise.id, enterprise.firstTrainingPlanOn ?? null);
          break;
        case 'enterprise_implementation':
          for (const [unit, doneOn] of await this.implementation(milestone.due, asOf, countyCode)) add(milestone, unit, doneOn);
          break;
        default:
          if (milestone.unit === 'city' && !countyCode) {
            add(milestone, units.city.code, earliest(sites.filter((s) => s.kind === 'vocational_school').map((s) => s.establishedOn)));
          } else if (milestone.unit === 'county' && milestone.countyCode && (!countyCode || countyCode === milestone.countyCode)) {
            const bases = sites.filter((s) => s.kind === 'training_base' && s.countyCode === milestone.countyCode && (!milestone.sector || s.sector === milestone.sector));
            add(milestone, milestone.countyCode, earliest(bases.map((s) => s.establishedOn)));
          }
      }
    }
    return { asOf, items };
  }

  /**
   * "Every high-risk enterprise implementing: its targets met". The metrics are evaluated on the
   * due day (done on time) and, when not met then, on T (done late, `doneOn` T: the first day
   * they were met is not searched, T is an upper bound of it).
   */
  private async implementation(due: Day, asOf: Day, countyCode: string | undefined): Promise<Map<string, Day | null>> {
    const selection = countyCode ? { countyCode } : {};
    const onDue = await this.compliance.groups('enterprise', due < asOf ? due : asOf, selection);
    const late = due < asOf ? new Map((await this.compliance.groups('enterprise', asOf, selection)).map((g) => [g.key, g.metrics])) : new Map<string, ComplianceMetrics>();
    return new Map(
      onDue.map((group) => {
        if (due <= asOf && targetsMet(group.metrics)) return [group.key, due];
        const later = late.get(group.key);
        return [group.key, later && targetsMet(later) ? asOf : null];
      }),
    );
  }
}
