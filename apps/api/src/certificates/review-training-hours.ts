import { traineeOf, type Day } from '#libs/domain';
import type { EventWriter } from '../commands/event-writer.js';
import { trainingClassAggregate } from '../training-classes/training-class.aggregate.js';
import type { WorkerRecord } from '../workers/worker.aggregate.js';

/**
 * Hours of review training (复审培训) for a special-operation code completed after `since` (the issue
 * or the last passed review) and by `until`: the refresher classes of that code the person was examined
 * for. A review class ends with an exam recorded against it, which is how its class is found without
 * an index of the person's classes; attendance without an exam record is not counted.
 */
export async function reviewTrainingHours(writer: EventWriter, worker: WorkerRecord, code: string, since: Day, until: Day): Promise<number> {
  const classIds = [...new Set(worker.exams.flatMap((exam) => (exam.classId ? [exam.classId] : [])))];
  const classes = await Promise.all(classIds.map((classId) => writer.load(trainingClassAggregate, classId)));
  let hours = 0;
  for (const { state } of classes) {
    const completion = traineeOf(state, worker.personId!)?.completion;
    if (state.opened?.kind !== 'refresher' || state.opened.specialOperationCode !== code || !completion) continue;
    if (completion.completedOn > since && completion.completedOn <= until) hours += completion.hoursAttended;
  }
  return hours;
}
