import type {
  CertificateType,
  EducationLevel,
  EducationRequirements,
  ExamKindCode,
  FineBand,
  FineBands,
  MetricId,
  MetricTarget,
  Milestones,
  ReferenceData,
  SectorCode,
  SectorsTable,
  SpecialOperationCatalogue,
  SpecialOperationRules,
  SubsidyAmounts,
  SubsidyLimits,
  Targets,
  TrainingHours,
  UnitsTable,
  WorkingAges,
} from './reference-data.js';
import type { ReferenceReader } from './reference-reader.js';

/** How to read the body of one version of each reference file (the envelope is read in the loader). */
type TableReader<T> = (r: ReferenceReader, body: Record<string, unknown>, path: string) => T;

export const SECTOR_CODES: readonly SectorCode[] = ['hazardous_chemicals', 'non_coal_mining', 'metal_smelting', 'fireworks'];
export const CERTIFICATE_TYPES: readonly CertificateType[] = ['special_operation', 'vocational_qualification', 'skill_level'];
export const EDUCATION_LEVELS: readonly EducationLevel[] = [
  'primary', 'junior_middle', 'senior_high', 'secondary_vocational', 'junior_college', 'bachelor', 'postgraduate',
];
export const FINE_BANDS: readonly FineBand[] = ['with_rectification', 'not_rectified', 'responsible_person'];
const METRIC_IDS: readonly MetricId[] = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7'];

const namedCode = (r: ReferenceReader, value: unknown, path: string) => {
  const o = r.object(value, path);
  return { code: r.string(o.code, `${path}.code`), nameZh: r.string(o.nameZh, `${path}.nameZh`) };
};

const share = (r: ReferenceReader, value: unknown, path: string) => r.number(value, path, { min: 0, max: 1 });
const positive = (r: ReferenceReader, value: unknown, path: string) => r.number(value, path, { min: 1 });

const sectors: TableReader<SectorsTable> = (r, body, path) => {
  const list = r.array(body.sectors, `${path}.sectors`, (value, p) => {
    const o = r.object(value, p);
    const subsectors = r.array(o.subsectors, `${p}.subsectors`, (s, sp) => namedCode(r, s, sp));
    return { code: r.oneOf(o.code, `${p}.code`, SECTOR_CODES), nameZh: r.string(o.nameZh, `${p}.nameZh`), subsectors };
  }, { nonEmpty: true });
  r.unique(list.map((s) => s.code), `${path}.sectors`);
  return { sectors: list };
};

const units: TableReader<UnitsTable> = (r, body, path) => {
  const list = r.array(body.units, `${path}.units`, (value, p) => {
    const unit = namedCode(r, value, p);
    if (!/^\d{6}$/.test(unit.code)) r.problem(`${p}.code`, 'must be a 6-digit administrative code');
    return unit;
  }, { nonEmpty: true });
  r.unique(list.map((u) => u.code), `${path}.units`);
  return { city: namedCode(r, body.city, `${path}.city`), units: list };
};

const specialOperationCatalogue: TableReader<SpecialOperationCatalogue> = (r, body, path) => {
  const categories = r.array(body.categories, `${path}.categories`, (value, p) => {
    const o = r.object(value, p);
    const category = namedCode(r, o, p);
    const operations = r.array(o.operations, `${p}.operations`, (op, opPath) => {
      const operation = namedCode(r, op, opPath);
      if (!operation.code.startsWith(`${category.code}.`) || !/^\d+\.\d+$/.test(operation.code)) {
        r.problem(`${opPath}.code`, `must be ${category.code}.<n>, inside its category`);
      }
      return operation;
    }, { nonEmpty: true });
    const inYiyangScope = r.optional(o.inYiyangScope, (v) => r.boolean(v, `${p}.inYiyangScope`));
    return { ...category, ...(inYiyangScope === undefined ? {} : { inYiyangScope }), operations };
  }, { nonEmpty: true });
  r.unique(categories.flatMap((c) => c.operations.map((o) => o.code)), `${path}.categories`);
  return { categories };
};

const specialOperationRules: TableReader<SpecialOperationRules> = (r, body, path) => {
  const exam = r.object(body.exam, `${path}.exam`);
  const passMark = r.object(exam.passMark, `${path}.exam.passMark`);
  const scoreMax = positive(r, exam.scoreMax, `${path}.exam.scoreMax`);
  const certificate = r.object(body.certificate, `${path}.certificate`);
  const c = (key: string, min = 1) => r.number(certificate[key], `${path}.certificate.${key}`, { min });
  const eligibility = r.object(body.eligibility, `${path}.eligibility`);
  return {
    exam: {
      scoreMax,
      passMark: {
        theory: r.number(passMark.theory, `${path}.exam.passMark.theory`, { min: 0, max: scoreMax }),
        practical: r.number(passMark.practical, `${path}.exam.passMark.practical`, { min: 0, max: scoreMax }),
      },
      resits: r.number(exam.resits, `${path}.exam.resits`, { min: 0 }),
      passUsableMonths: positive(r, exam.passUsableMonths, `${path}.exam.passUsableMonths`),
    },
    certificate: {
      validityYears: c('validityYears'),
      reviewIntervalYears: c('reviewIntervalYears'),
      reviewWindowDaysBefore: c('reviewWindowDaysBefore'),
      reviewTrainingHours: c('reviewTrainingHours', 0),
      extendedReviewAfterYears: c('extendedReviewAfterYears'),
      extendedReviewIntervalYears: c('extendedReviewIntervalYears'),
      fraudBanYears: c('fraudBanYears', 0),
      absenceMonthsBeforePracticalReexam: c('absenceMonthsBeforePracticalReexam'),
    },
    eligibility: { minimumAge: r.number(eligibility.minimumAge, `${path}.eligibility.minimumAge`, { min: 16 }) },
  };
};

const trainingHours: TableReader<TrainingHours> = (r, body, path) => {
  const newHire = r.object(body.newHire, `${path}.newHire`);
  const managers = r.object(body.principalAndSafetyManager, `${path}.principalAndSafetyManager`);
  const m = `${path}.principalAndSafetyManager`;
  return {
    newHire: {
      initialHours: positive(r, newHire.initialHours, `${path}.newHire.initialHours`),
      yearlyHours: positive(r, newHire.yearlyHours, `${path}.newHire.yearlyHours`),
    },
    principalAndSafetyManager: {
      initialHours: positive(r, managers.initialHours, `${m}.initialHours`),
      yearlyHours: positive(r, managers.yearlyHours, `${m}.yearlyHours`),
      assessmentWithinMonths: positive(r, managers.assessmentWithinMonths, `${m}.assessmentWithinMonths`),
    },
    retrainingAfterAbsenceYears: positive(r, body.retrainingAfterAbsenceYears, `${path}.retrainingAfterAbsenceYears`),
    classMinimums: classMinimums(r, body.classMinimums, `${path}.classMinimums`),
  };
};

const CLASS_KINDS: readonly ExamKindCode[] = ['pre_post', 'refresher', 'team_leader', 'special_operation', 'skill_upgrade', 'principal_safety_manager'];

const classMinimums = (r: ReferenceReader, value: unknown, path: string): TrainingHours['classMinimums'] => {
  const o = r.object(value, path);
  const minimums: TrainingHours['classMinimums'] = {};
  for (const [kind, entry] of Object.entries(o)) {
    const p = `${path}.${kind}`;
    const kindCode = r.oneOf(kind, p, CLASS_KINDS);
    const m = r.object(entry, p);
    const hours = (name: string) => r.number(m[name], `${p}.${name}`, { min: 0 });
    const minimum = { theoryHours: hours('theoryHours'), practicalHours: hours('practicalHours'), totalHours: hours('totalHours') };
    if (minimum.totalHours < minimum.theoryHours + minimum.practicalHours) r.problem(`${p}.totalHours`, 'must not be below theoryHours + practicalHours');
    minimums[kindCode] = minimum;
  }
  return minimums;
};

const educationRequirements: TableReader<EducationRequirements> = (r, body, path) => {
  const level = (value: unknown, p: string) => r.oneOf(value, p, EDUCATION_LEVELS);
  const levels = r.array(body.levels, `${path}.levels`, (value, p) => {
    const o = r.object(value, p);
    return { code: level(o.code, `${p}.code`), nameZh: r.string(o.nameZh, `${p}.nameZh`), rank: positive(r, o.rank, `${p}.rank`) };
  }, { nonEmpty: true });
  r.unique(levels.map((l) => l.code), `${path}.levels`);
  for (const code of EDUCATION_LEVELS) {
    if (!levels.some((l) => l.code === code)) r.problem(`${path}.levels`, `lacks the level ${code}`);
  }
  const special = r.object(body.specialOperation, `${path}.specialOperation`);
  const byCategory = r.object(special.byCategory, `${path}.specialOperation.byCategory`);
  return {
    levels,
    specialOperation: {
      minimum: level(special.minimum, `${path}.specialOperation.minimum`),
      byCategory: Object.fromEntries(
        Object.entries(byCategory).map(([category, value]) => [category, level(value, `${path}.specialOperation.byCategory.${category}`)]),
      ),
    },
    teamLeaderQualifying: r.array(body.teamLeaderQualifying, `${path}.teamLeaderQualifying`, level),
  };
};

const workingAges: TableReader<WorkingAges> = (r, body, path) => {
  const ages = r.object(body.retirementAges, `${path}.retirementAges`);
  return {
    minimumWorkingAge: r.number(body.minimumWorkingAge, `${path}.minimumWorkingAge`, { min: 14, max: 18 }),
    retirementAges: {
      male: r.number(ages.male, `${path}.retirementAges.male`, { min: 40, max: 80 }),
      female: r.number(ages.female, `${path}.retirementAges.female`, { min: 40, max: 80 }),
    },
  };
};

const metricTarget = (r: ReferenceReader, value: unknown, path: string): MetricTarget => {
  const o = r.object(value, path);
  const target = o.target === null ? null : share(r, o.target, `${path}.target`);
  const codes = (v: unknown, p: string) => r.array(v, p, (x, xp) => r.string(x, xp));
  const optional = {
    due: r.optional(o.due, (v) => r.day(v, `${path}.due`)),
    baselineDate: r.optional(o.baselineDate, (v) => r.day(v, `${path}.baselineDate`)),
    increaseMode: r.optional(o.increaseMode, (v) => r.oneOf(v, `${path}.increaseMode`, ['percentage_points', 'relative'] as const)),
    sectors: r.optional(o.sectors, (v) => r.array(v, `${path}.sectors`, (x, xp) => r.oneOf(x, xp, SECTOR_CODES))),
    subsectors: r.optional(o.subsectors, (v) => codes(v, `${path}.subsectors`)),
    specialOperationCodes: r.optional(o.specialOperationCodes, (v) => codes(v, `${path}.specialOperationCodes`)),
    riskPosts: r.optional(o.riskPosts, (v) => codes(v, `${path}.riskPosts`)),
    countsPrePlanTraining: r.optional(o.countsPrePlanTraining, (v) => r.boolean(v, `${path}.countsPrePlanTraining`)),
  };
  return { target, ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) };
};

const targets: TableReader<Targets> = (r, body, path) => {
  const metrics = r.object(body.metrics, `${path}.metrics`);
  const read = Object.fromEntries(METRIC_IDS.map((id) => [id, metricTarget(r, metrics[id], `${path}.metrics.${id}`)]));
  const m4 = read.M4!;
  if (m4.baselineDate === undefined) r.problem(`${path}.metrics.M4.baselineDate`, 'is required');
  if (m4.increaseMode === undefined) r.problem(`${path}.metrics.M4.increaseMode`, 'is required');
  return { planStartedOn: r.day(body.planStartedOn, `${path}.planStartedOn`), metrics: read as Targets['metrics'] };
};

const milestones: TableReader<Milestones> = (r, body, path) => {
  const list = r.array(body.milestones, `${path}.milestones`, (value, p) => {
    const o = r.object(value, p);
    const countyCode = r.optional(o.countyCode, (v) => r.string(v, `${p}.countyCode`));
    const sector = r.optional(o.sector, (v) => r.oneOf(v, `${p}.sector`, SECTOR_CODES));
    const assessment = r.optional(o.assessment, (v) => r.oneOf(v, `${p}.assessment`, ['progress'] as const));
    return {
      id: r.string(o.id, `${p}.id`),
      phase: r.oneOf(o.phase, `${p}.phase`, ['deployment', 'demonstration', 'implementation', 'institutionalisation'] as const),
      due: r.day(o.due, `${p}.due`),
      unit: r.oneOf(o.unit, `${p}.unit`, ['city', 'county', 'enterprise'] as const),
      ...(countyCode === undefined ? {} : { countyCode }),
      ...(sector === undefined ? {} : { sector }),
      evidence: r.string(o.evidence, `${p}.evidence`),
      ...(assessment === undefined ? {} : { assessment }),
    };
  }, { nonEmpty: true });
  r.unique(list.map((m) => m.id), `${path}.milestones`);
  return { milestones: list };
};

const money = (r: ReferenceReader, value: unknown, path: string) => r.number(value, path, { min: 0 });

const subsidyAmounts: TableReader<SubsidyAmounts> = (r, body, path) => {
  const amounts = r.object(body.amounts, `${path}.amounts`);
  return {
    currency: r.oneOf(body.currency, `${path}.currency`, ['CNY'] as const),
    amounts: { special_operation: money(r, amounts.special_operation, `${path}.amounts.special_operation`) },
  };
};

const subsidyLimits: TableReader<SubsidyLimits> = (r, body, path) => ({
  oncePerPersonAndCode: r.boolean(body.oncePerPersonAndCode, `${path}.oncePerPersonAndCode`),
  maxPerPersonPerYear: positive(r, body.maxPerPersonPerYear, `${path}.maxPerPersonPerYear`),
});

const fineBands: TableReader<FineBands> = (r, body, path) => {
  const bands = r.object(body.bands, `${path}.bands`);
  const band = (name: FineBand) => {
    const p = `${path}.bands.${name}`;
    const o = r.object(bands[name], p);
    const min = money(r, o.min, `${p}.min`);
    const max = money(r, o.max, `${p}.max`);
    if (max < min) r.problem(`${p}.max`, 'must not be below min');
    return { min, max };
  };
  return {
    currency: r.oneOf(body.currency, `${path}.currency`, ['CNY'] as const),
    bands: Object.fromEntries(FINE_BANDS.map((name) => [name, band(name)])) as FineBands['bands'],
  };
};

/** Each property of ReferenceData, the file it lives in, and how to read one of its versions. */
export const REFERENCE_TABLES: { [K in keyof ReferenceData]: { file: string; read: TableReader<ReferenceData[K] extends import('./versioned.js').Versioned<infer T> ? T : never> } } = {
  sectors: { file: 'sectors.json', read: sectors },
  units: { file: 'units.json', read: units },
  specialOperationCatalogue: { file: 'special-operation-catalogue.json', read: specialOperationCatalogue },
  specialOperationRules: { file: 'special-operation-rules.json', read: specialOperationRules },
  trainingHours: { file: 'training-hours.json', read: trainingHours },
  educationRequirements: { file: 'education-requirements.json', read: educationRequirements },
  workingAges: { file: 'working-ages.json', read: workingAges },
  targets: { file: 'targets.json', read: targets },
  milestones: { file: 'milestones.json', read: milestones },
  subsidyAmounts: { file: 'subsidy-amounts.json', read: subsidyAmounts },
  subsidyLimits: { file: 'subsidy-limits.json', read: subsidyLimits },
  fineBands: { file: 'fine-bands.json', read: fineBands },
};
