import type { DomainEvent } from '../shared/decision.js';
import type { Day } from '../shared/day.js';
import type { EducationLevel } from '../reference/reference-data.js';
import type { SealedPersonalData } from './sealed-personal-data.js';

/**
 * Stream `worker-<personId>`: the person's lifelong account (个人终身账号和档案). It follows them
 * across employers: employments, posts and exam results all live here.
 */

export const EMPLOYMENT_TYPES = ['employee', 'dispatched', 'outsourced', 'intern'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];
export const HIRE_TYPES = ['new_hire', 'on_post'] as const;
export type HireType = (typeof HIRE_TYPES)[number];
/**
 * The higher-risk posts whose new hires M7 counts (seed, 三.(二)): device operation on key hazardous
 * processes, key supervised chemicals and major hazard sources (两重点一重大装置操作), underground
 * mining work (矿山井下作业), metal-smelting gas work (金属冶炼煤气作业).
 */
export const RISK_POSTS = ['hazardous_process_device', 'underground_mining', 'smelting_gas'] as const;
export type RiskPost = (typeof RISK_POSTS)[number];

export const EXAM_KINDS = ['pre_post', 'refresher', 'team_leader', 'special_operation', 'skill_upgrade', 'principal_safety_manager'] as const;
export type ExamKind = (typeof EXAM_KINDS)[number];
/** 主要负责人 or 安全管理人员. */
export const MANAGEMENT_ROLES = ['principal', 'safety_manager'] as const;
export type ManagementRole = (typeof MANAGEMENT_ROLES)[number];

/** Passed exams of these kinds are the "safety assessment" (安全培训考核) a worker needs before the post (M1). */
export const SAFETY_ASSESSMENT_KINDS: readonly ExamKind[] = ['pre_post', 'refresher', 'principal_safety_manager'];

export type WorkerEnrolled = DomainEvent<'WorkerEnrolled', {
  personId: string;
  /**
   * Only in events written before decision 0016: the keyed hash of the ID number. The ID-number index
   * is in the key store now (erased with the person's key); a new enrolment carries no hash.
   */
  idNumberHash?: string;
  personal: SealedPersonalData;
  employmentId: string;
  enterpriseId: string;
  employmentType: EmploymentType;
  hireType: HireType;
  enrolledOn: Day;
  educationLevel?: EducationLevel;
}>;

export type EmploymentEnded = DomainEvent<'EmploymentEnded', {
  personId: string;
  employmentId: string;
  enterpriseId: string;
  endsOn: Day;
  reason?: string;
}>;

export type PostAssigned = DomainEvent<'PostAssigned', {
  personId: string;
  postId: string;
  employmentId: string;
  enterpriseId: string;
  title: string;
  startsOn: Day;
  specialOperationCode?: string;
  teamLeader: boolean;
  keyPosition: boolean;
  role?: ManagementRole;
  /** Enrolled in the enterprise new apprenticeship (企业新型学徒制) for this post: M7. Absent: not enrolled. */
  apprenticeship?: boolean;
  /** One of the higher-risk posts the plan names for M7 (风险偏高岗位); absent: none of them. */
  riskPost?: RiskPost;
  /** A passed safety assessment on or before startsOn (the warning `not_trained_before_post` when false). */
  trainedBeforePost: boolean;
  /** False only for a special-operation post whose worker held no valid certificate of that code at startsOn. */
  certifiedAtStart: boolean;
}>;

export type PostEnded = DomainEvent<'PostEnded', { personId: string; postId: string; endsOn: Day }>;

export interface ExamResult {
  personId: string;
  examId: string;
  kind: ExamKind;
  classId?: string;
  specialOperationCode?: string;
  theoryScore: number;
  practicalScore?: number;
  keySafetySkillsPassed: boolean;
  examinedOn: Day;
  /** 1 for a first attempt, 2 for the resit; back to 1 after training again. */
  attempt: number;
}

export type ExamPassed = DomainEvent<'ExamPassed', ExamResult>;
export type ExamFailed = DomainEvent<'ExamFailed', ExamResult>;

/** Crypto-shredding (删除个人信息): the person's key is deleted; the event itself holds no personal field. */
/**
 * `certificateIds`: the person's certificates at the erasure, so that read models drop what they keep of
 * each certificate's number (decision 0020); absent in events written before.
 */
export type PersonErased = DomainEvent<'PersonErased', { personId: string; erasedOn: Day; certificateIds?: string[] }>;

/**
 * The person's name changed (改名, on documentary proof): the account's personal data sealed again with the
 * new name. Its own command, by the city's administrator; an enrolment never renames anyone.
 */
export type PersonRenamed = DomainEvent<'PersonRenamed', { personId: string; renamedOn: Day; personal: SealedPersonalData }>;

/**
 * An education started or obtained after enrolment (e.g. secondary-vocational study, 中职及以上学历教育):
 * it counts for M4 from `since`, the day the study started or the diploma was obtained.
 */
export type EducationRecorded = DomainEvent<'EducationRecorded', { personId: string; level: EducationLevel; since: Day }>;

export type WorkerEvent = WorkerEnrolled | EmploymentEnded | PostAssigned | PostEnded | ExamPassed | ExamFailed | PersonErased | PersonRenamed | EducationRecorded;

export interface Employment {
  employmentId: string;
  enterpriseId: string;
  employmentType: EmploymentType;
  hireType: HireType;
  enrolledOn: Day;
  endedOn: Day | null;
}

export type Post = Omit<PostAssigned['data'], 'personId'> & { endedOn: Day | null };

export type ExamRecord = ExamResult & { passed: boolean };

export interface WorkerState {
  personId: string | null;
  /** The latest education level declared at an enrolment. */
  educationLevel: EducationLevel | null;
  employments: Employment[];
  posts: Post[];
  exams: ExamRecord[];
  /** Set once the person's personal data was erased: their facts stay, their identity is gone. */
  erasedOn: Day | null;
}

export const initialWorkerState = (): WorkerState => ({ personId: null, educationLevel: null, employments: [], posts: [], exams: [], erasedOn: null });

export const evolveWorker = (state: WorkerState, event: WorkerEvent): WorkerState => {
  switch (event.type) {
    case 'WorkerEnrolled': {
      const { personId, employmentId, enterpriseId, employmentType, hireType, enrolledOn, educationLevel } = event.data;
      return {
        ...state,
        personId,
        educationLevel: educationLevel ?? state.educationLevel,
        employments: [...state.employments, { employmentId, enterpriseId, employmentType, hireType, enrolledOn, endedOn: null }],
      };
    }
    case 'EmploymentEnded':
      return {
        ...state,
        employments: state.employments.map((e) => (e.employmentId === event.data.employmentId ? { ...e, endedOn: event.data.endsOn } : e)),
      };
    case 'PostAssigned': {
      const { personId: _personId, ...post } = event.data;
      return { ...state, posts: [...state.posts, { ...post, endedOn: null }] };
    }
    case 'PostEnded':
      return { ...state, posts: state.posts.map((p) => (p.postId === event.data.postId ? { ...p, endedOn: event.data.endsOn } : p)) };
    case 'ExamPassed':
    case 'ExamFailed':
      return { ...state, exams: [...state.exams, { ...event.data, passed: event.type === 'ExamPassed' }] };
    case 'PersonErased':
      return { ...state, erasedOn: event.data.erasedOn };
    case 'PersonRenamed':
      // Personal data lives sealed outside the decision state.
      return state;
    case 'EducationRecorded':
      // Dated: the metrics read it from its day; the enrolment's declared level stays what the exam rules check.
      return state;
  }
};

export const activeEmploymentAt = (state: WorkerState, enterpriseId: string): Employment | undefined =>
  state.employments.find((e) => e.enterpriseId === enterpriseId && e.endedOn === null);

/** A passed safety assessment on or before `day`. */
export const hasSafetyAssessmentBy = (exams: readonly ExamRecord[], day: Day): boolean =>
  exams.some((exam) => exam.passed && SAFETY_ASSESSMENT_KINDS.includes(exam.kind) && exam.examinedOn <= day);
