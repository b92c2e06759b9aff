import type { SectorCode } from '#libs/domain';

/** A high-risk enterprise (高危企业) with its yearly training plans (培训计划, milestone evidence). */
export interface EnterpriseDocument {
  enterpriseId: string;
  name: string;
  creditCode: string;
  sector: SectorCode;
  subsector: string | null;
  countyCode: string;
  registeredOn: string;
  trainingPlans: Array<{ year: number; submittedOn: string; recordedAt: string }>;
  /** The first plan submitted, the day the training-plan milestone counts. */
  firstTrainingPlanOn: string | null;
  /** The first summary and long-term mechanism (总结), the day the 2021-11-30 milestone counts; absent before any. */
  firstSummaryOn?: string | null;
  recordedAt: string;
}
