import type { EducationFact, EducationLevel, Employment, ExamRecord, Post, SealedPersonalData } from '#libs/domain';

/** Each fact carries `recordedAt` (when the system learned it); an ended interval also `endRecordedAt`. */
export type Known<T> = T & { recordedAt: string };
export type KnownInterval<T> = Known<T> & { endRecordedAt: string | null };

export interface TrainingCompletion {
  classId: string;
  hoursAttended: number;
  completedOn: string;
}

/**
 * A person's lifelong account (个人终身账号和档案) as the read side keeps it. Personal data stays
 * sealed: the query layer opens it, masks it, or reports the person erased.
 */
export interface WorkerDocument {
  personId: string;
  personal: SealedPersonalData | null;
  educationLevel: EducationLevel | null;
  /** Educations recorded after enrolment (EducationRecorded), each counting from its `since`; absent until one is. */
  educations?: Known<EducationFact>[];
  employments: KnownInterval<Employment>[];
  posts: KnownInterval<Post>[];
  exams: Known<ExamRecord>[];
  trainings: Known<TrainingCompletion>[];
  certificateIds: string[];
  /** When the person was first enrolled in the system. */
  recordedAt: string | null;
  /** The day the person's personal data was erased (crypto-shredding); absent before. */
  erasedOn?: string;
}

export const emptyWorkerDocument = (personId: string): WorkerDocument => ({
  personId,
  personal: null,
  educationLevel: null,
  employments: [],
  posts: [],
  exams: [],
  trainings: [],
  certificateIds: [],
  recordedAt: null,
});
