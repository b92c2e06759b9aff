import type { Day } from '../shared/day.js';
import type { Versioned } from './versioned.js';

/** The shapes of the files under `reference/`, one property per file, each versioned by effective date. */

export type SectorCode = 'hazardous_chemicals' | 'non_coal_mining' | 'metal_smelting' | 'fireworks';
export type CertificateType = 'special_operation' | 'vocational_qualification' | 'skill_level';
export type EducationLevel =
  | 'primary'
  | 'junior_middle'
  | 'senior_high'
  | 'secondary_vocational'
  | 'junior_college'
  | 'bachelor'
  | 'postgraduate';
export type FineBand = 'with_rectification' | 'not_rectified' | 'responsible_person';
export type MetricId = 'M1' | 'M2' | 'M3' | 'M4' | 'M5' | 'M6' | 'M7';

export interface NamedCode {
  code: string;
  nameZh: string;
}

export interface SectorsTable {
  sectors: Array<{ code: SectorCode; nameZh: string; subsectors: NamedCode[] }>;
}

export interface UnitsTable {
  city: NamedCode;
  units: NamedCode[];
}

export interface SpecialOperationCatalogue {
  categories: Array<NamedCode & { inYiyangScope?: boolean; operations: NamedCode[] }>;
}

export interface SpecialOperationRules {
  exam: { scoreMax: number; passMark: { theory: number; practical: number }; resits: number; passUsableMonths: number };
  certificate: {
    validityYears: number;
    reviewIntervalYears: number;
    reviewWindowDaysBefore: number;
    reviewTrainingHours: number;
    extendedReviewAfterYears: number;
    extendedReviewIntervalYears: number;
    fraudBanYears: number;
    absenceMonthsBeforePracticalReexam: number;
  };
  eligibility: { minimumAge: number };
}

export interface TrainingHours {
  newHire: { initialHours: number; yearlyHours: number };
  principalAndSafetyManager: { initialHours: number; yearlyHours: number; assessmentWithinMonths: number };
  retrainingAfterAbsenceYears: number;
  /**
   * The least hours a class of a kind runs (theory, practical, and in all) and a trainee attends for the
   * class to count; kinds not listed have no minimum.
   */
  classMinimums: Partial<Record<ExamKindCode, ClassHoursMinimum>>;
}

export type ExamKindCode = 'pre_post' | 'refresher' | 'team_leader' | 'special_operation' | 'skill_upgrade' | 'principal_safety_manager';

export interface ClassHoursMinimum {
  theoryHours: number;
  practicalHours: number;
  totalHours: number;
}

export interface EducationRequirements {
  levels: Array<{ code: EducationLevel; nameZh: string; rank: number }>;
  specialOperation: { minimum: EducationLevel; byCategory: Record<string, EducationLevel> };
  teamLeaderQualifying: EducationLevel[];
}

export interface WorkingAges {
  minimumWorkingAge: number;
  retirementAges: { male: number; female: number };
}

export interface MetricTarget {
  /** A share between 0 and 1; null where the plan sets no number (M7, 推行). */
  target: number | null;
  due?: Day;
  baselineDate?: Day;
  increaseMode?: 'percentage_points' | 'relative';
  sectors?: SectorCode[];
  subsectors?: string[];
  specialOperationCodes?: string[];
  /** M7: the higher-risk posts (风险偏高岗位) whose new hires count, besides the special-operation codes. */
  riskPosts?: string[];
  /**
   * M3 and M6: training (or, for M3, a passed exam) from before the plan's start counts too. Absent:
   * only what was completed on or after `planStartedOn` counts.
   */
  countsPrePlanTraining?: boolean;
}

export interface Targets {
  planStartedOn: Day;
  metrics: Record<MetricId, MetricTarget>;
}

export interface Milestone {
  id: string;
  phase: 'deployment' | 'demonstration' | 'implementation' | 'institutionalisation';
  due: Day;
  unit: 'city' | 'county' | 'enterprise';
  countyCode?: string;
  sector?: SectorCode;
  evidence: string;
  /**
   * `progress`: the milestone ends a phase and is not passed or failed; each unit's progress towards
   * the targets is shown instead (the 2021-10-31 implementation phase end). Absent: done by its evidence.
   */
  assessment?: 'progress';
}

export interface Milestones {
  milestones: Milestone[];
}

/** Only special-operation certificates are subsidised through this procedure (DOMAIN.md, subsidy rule 6). */
export interface SubsidyAmounts {
  currency: 'CNY';
  amounts: { special_operation: number };
}

export interface SubsidyLimits {
  oncePerPersonAndCode: boolean;
  maxPerPersonPerYear: number;
}

export interface FineBands {
  currency: 'CNY';
  bands: Record<FineBand, { min: number; max: number }>;
}

export interface ReferenceData {
  sectors: Versioned<SectorsTable>;
  units: Versioned<UnitsTable>;
  specialOperationCatalogue: Versioned<SpecialOperationCatalogue>;
  specialOperationRules: Versioned<SpecialOperationRules>;
  trainingHours: Versioned<TrainingHours>;
  educationRequirements: Versioned<EducationRequirements>;
  workingAges: Versioned<WorkingAges>;
  targets: Versioned<Targets>;
  milestones: Versioned<Milestones>;
  subsidyAmounts: Versioned<SubsidyAmounts>;
  subsidyLimits: Versioned<SubsidyLimits>;
  fineBands: Versioned<FineBands>;
}
