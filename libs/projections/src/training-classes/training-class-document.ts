import type { TrainingClassOpened } from '#libs/domain';

/** A training class (培训班): what was opened, its roster and each trainee's completion. */
export type TrainingClassDocument = TrainingClassOpened['data'] & {
  providerId: string | null;
  enterpriseId: string | null;
  trainees: Array<{
    workerId: string;
    recordedAt: string;
    completion: { hoursAttended: number; completedOn: string; recordedAt: string } | null;
  }>;
  recordedAt: string;
};
