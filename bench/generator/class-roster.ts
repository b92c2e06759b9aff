import type { Day } from '#libs/domain';
import type { Actor, DemoClient } from './demo-client.js';
import type { WorkerPlan } from './worker-plan.js';

/**
 * Adds each trainee to the class and records the completion, one after the other: every one of these
 * writes the class's stream, so parallel requests would only conflict (a county-wide class holds
 * dozens of trainees). The exams, on the workers' own streams, can then run in parallel.
 */
export async function completeRoster(client: DemoClient, trainer: Actor, classId: string, trainees: WorkerPlan[], hoursAttended: number, completedOn: Day): Promise<void> {
  const api = client.as(trainer);
  for (const p of trainees) {
    // A provider takes its trainees from the roster (ID number and name matched to the account); an enterprise its own workers by id.
    const trainee = trainer[0] === 'training_provider' ? { idNumber: p.enrolment.idNumber, name: p.enrolment.name } : { workerId: p.workerId };
    await api.POST('/api/v1/training-classes/{id}/trainees', { params: { path: { id: classId } }, body: trainee });
    await api.POST('/api/v1/training-classes/{id}/completions', { params: { path: { id: classId } }, body: { workerId: p.workerId!, hoursAttended, completedOn } });
  }
}
