import { Inject, Injectable } from '@nestjs/common';
import { milestoneStatus, type Day, type Milestone, type MilestoneStatus, type ReferenceData } from '#libs/domain';
import type { ComplianceMetrics, MetricId, MetricTarget } from '#libs/domain';
import type { CountyDocument, DemonstrationSiteDocument, EnterpriseDocument } from '#libs/projections';
import { REFERENCE_DATA } from '../../shared/domain.module.js';
import { ComplianceService } from '../compliance/compliance.service.js';
import { ReadModels } from '../shared/read-models.js';

/** Where one metric with a number to meet stands for a unit as of T: before its due day a shortfall is not yet a miss. */
export type TargetStanding = 'met' | 'not_yet_met' | 'missed';

/** A unit's progress towards the targets as of T, for a milestone that ends a phase without a pass or a fail. */
export interface MilestoneProgress {
  asOf: Day;
  /** Metrics with a number to meet, and how many of them are met. */
  metricsWithTarget: number;
  metricsMet: number;
  metrics: Partial<Record<MetricId, { ratio: number | null; target: number; standing: TargetStanding }>>;
}

export interface MilestoneItem {
  milestone: string;
  phase: Milestone['phase'];
  unit: string;
  due: Day;
  doneOn: Day | null;
  /** `progress`: the milestone is a phase end, shown as each unit's `progress`, never overdue. */
  status: MilestoneStatus | 'progress';
  progress?: MilestoneProgress;
}

const earliest = (days: readonly (Day | null | undefined)[]): Day | null =>
  days.filter((day): day is Day => typeof day === 'string').reduce<Day | null>((a, b) => (a === null || b < a ? b : a), null);


/** As of T, evidence that came after T has not come yet: its day is not shown (the status says pending or overdue). */
const doneBy = (doneOn: Day | null, asOf: Day): Day | null => (doneOn !== null && doneOn <= asOf ? doneOn : null);

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

  /**
   * With `enterpriseId`, only that enterprise's own rows (its training plan, its progress at the
   * implementation phase's end, its summary); null when there is no such enterprise (in the county asked).
   */
  async milestones(asOf: Day, countyCode: string | undefined, enterpriseId?: string): Promise<{ asOf: Day; items: MilestoneItem[] } | null> {
    const plan = this.reference.milestones.find(asOf) ?? this.reference.milestones.versions[0]!;
    const units = this.reference.units.on(asOf);
    const enterpriseFilter = { ...(countyCode ? { countyCode } : {}), ...(enterpriseId ? { enterpriseId } : {}) };
    const counties = enterpriseId ? [] : units.units.map((u) => u.code).filter((code) => !countyCode || code === countyCode);
    const [countyDocs, sites, enterprises] = await Promise.all([
      this.readModels.getMany<CountyDocument>('milestones', 'counties', counties),
      this.readModels.find<DemonstrationSiteDocument>('milestones', 'demonstration_sites'),
      this.readModels.find<EnterpriseDocument>('enterprises', 'enterprises', { filter: enterpriseFilter, sort: { enterpriseId: 1 } }),
    ]);
    if (enterpriseId) return enterprises.length === 0 ? null : { asOf, items: await this.enterpriseItems(plan.milestones, enterprises[0]!, asOf) };
    const county = new Map(countyDocs.map((c) => [c.id, c]));
    const items: MilestoneItem[] = [];
    const add = (milestone: Milestone, unit: string, doneOn: Day | null) =>
      items.push({ milestone: milestone.id, phase: milestone.phase, unit, due: milestone.due, doneOn: doneBy(doneOn, asOf), status: milestoneStatus(milestone.due, doneOn, asOf) });

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
        case 'enterprise_summary':
          for (const enterprise of enterprises) add(milestone, enterprise.id, enterprise.firstSummaryOn ?? null);
          break;
        case 'enterprise_implementation':
          if (milestone.assessment === 'progress') {
            for (const [unit, progress] of await this.progress(asOf, countyCode)) {
              items.push({ milestone: milestone.id, phase: milestone.phase, unit, due: milestone.due, doneOn: null, status: 'progress', progress });
            }
          }
          break;
        case 'demonstration_base_and_school':
          // Target 二.2: done on the day both exist, a base that also holds practical exams and a school.
          if (!countyCode) {
            const base = earliest(sites.filter((s) => s.kind === 'training_base' && s.practicalExams === true).map((s) => s.establishedOn));
            const school = earliest(sites.filter((s) => s.kind === 'vocational_school').map((s) => s.establishedOn));
            add(milestone, units.city.code, base === null || school === null ? null : base > school ? base : school);
          }
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

  /** One enterprise's rows, in the plan's order. */
  private async enterpriseItems(milestones: readonly Milestone[], enterprise: EnterpriseDocument, asOf: Day): Promise<MilestoneItem[]> {
    const items: MilestoneItem[] = [];
    for (const milestone of milestones) {
      const item = { milestone: milestone.id, phase: milestone.phase, unit: enterprise.enterpriseId, due: milestone.due };
      if (milestone.id === 'enterprise_training_plan' || milestone.id === 'enterprise_summary') {
        const doneOn = (milestone.id === 'enterprise_training_plan' ? enterprise.firstTrainingPlanOn : enterprise.firstSummaryOn) ?? null;
        items.push({ ...item, doneOn: doneBy(doneOn, asOf), status: milestoneStatus(milestone.due, doneOn, asOf) });
      } else if (milestone.id === 'enterprise_implementation' && milestone.assessment === 'progress') {
        const targets = this.reference.targets.find(asOf) ?? this.reference.targets.versions[0]!;
        const [group] = await this.compliance.groups('enterprise', asOf, { enterpriseId: enterprise.enterpriseId });
        if (group) items.push({ ...item, doneOn: null, status: 'progress', progress: progressOf(group.metrics, targets.metrics, asOf) });
      }
    }
    return items;
  }

  /**
   * "Every high-risk enterprise fully implementing its training plan" ends the implementation phase; the
   * targets are due later (each metric's own due day), so each enterprise's progress as of T is shown:
   * per metric with a number to meet, met, not yet met (before its due day) or missed (on or after it).
   */
  private async progress(asOf: Day, countyCode: string | undefined): Promise<Map<string, MilestoneProgress>> {
    const targets = this.reference.targets.find(asOf) ?? this.reference.targets.versions[0]!;
    const groups = await this.compliance.groups('enterprise', asOf, countyCode ? { countyCode } : {});
    return new Map(groups.map((group) => [group.key, progressOf(group.metrics, targets.metrics, asOf)]));
  }
}

export function progressOf(metrics: ComplianceMetrics, targets: Record<MetricId, MetricTarget>, asOf: Day): MilestoneProgress {
  const standings: MilestoneProgress['metrics'] = {};
  for (const [id, metric] of Object.entries(metrics) as Array<[MetricId, ComplianceMetrics[MetricId]]>) {
    if (metric.met === null || metric.target === null) continue;
    const due = targets[id]?.due;
    const standing: TargetStanding = metric.met ? 'met' : due !== undefined && asOf < due ? 'not_yet_met' : 'missed';
    standings[id] = { ratio: metric.ratio, target: metric.target, standing };
  }
  const values = Object.values(standings);
  return { asOf, metricsWithTarget: values.length, metricsMet: values.filter((v) => v.standing === 'met').length, metrics: standings };
}
