import type { Day } from '../shared/day.js';

export type MilestoneStatus = 'done_on_time' | 'done_late' | 'overdue' | 'pending';

/** As of a day: done (on time or late) once the evidence's day has come; otherwise overdue after the due day. */
export const milestoneStatus = (due: Day, doneOn: Day | null, asOf: Day): MilestoneStatus => {
  if (doneOn !== null && doneOn <= asOf) return doneOn <= due ? 'done_on_time' : 'done_late';
  return asOf > due ? 'overdue' : 'pending';
};
