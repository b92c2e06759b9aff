import { traineeOf, type Day } from '#libs/domain';
import type { EventWriter } from '../commands/event-writer.js';
import { trainingClassAggregate } from '../training-classes/training-class.aggregate.js';
import type { WorkerRecord } from '../workers/worker.aggregate.js';

/**
 * Hours of review training (复审培训) for a special-operation code completed after `since` (the issue
 * or the last passed review) and by `until`: the completions of refresher classes of that code. The
 * person's classes are found from the exams recorded against a class and from `trainedIn` (the classes
 * the workers read model lists the person's completions in); each class's completion is then read from
 * its own stream, so the hours counted are the log's, whatever the read model says.
 */
export async function reviewTrainingHours(writer: EventWriter, worker: WorkerRecord, code: string, since: Day, until: Day, trainedIn: readonly string[] = []): Promise<number> {
  const classIds = [...new Set([...worker.exams.flatMap((exam) => (exam.classId ? [exam.classId] : [])), ...trainedIn])];
  const classes = await Promise.all(classIds.map((classId) => writer.load(trainingClassAggregate, classId)));
  let hours = 0;
  for (const { state } of classes) {
    const completion = traineeOf(state, worker.personId!)?.completion;
    if (state.opened?.kind !== 'refresher' || state.opened.specialOperationCode !== code || !completion) continue;
    if (completion.completedOn > since && completion.completedOn <= until) hours += completion.hoursAttended;
  }
  return hours;
}
