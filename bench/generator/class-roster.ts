import type { Day } from '#libs/domain';
import { send, type Actor } from './demo-actors.js';
import type { DemoClient } from './demo-client.js';
import type { WorkerPlan } from './worker-plan.js';

/**
 * Adds each trainee to the class and records the completion, one after the other: every one of these
 * writes the class's stream, so parallel requests would only conflict (a county-wide class holds
 * dozens of trainees). The exams, on the workers' own streams, can then run in parallel.
 */
export async function completeRoster(client: DemoClient, trainer: Actor, classId: string, trainees: WorkerPlan[], hoursAttended: number, completedOn: Day): Promise<void> {
  for (const p of trainees) {
    // A provider takes its trainees from the roster (ID number and name matched to the account); an enterprise its own workers by id.
    const trainee = trainer[0] === 'training_provider' ? { idNumber: p.enrolment.idNumber, name: p.enrolment.name } : { workerId: p.workerId };
    await send(client, trainer, `/training-classes/${classId}/trainees`, trainee);
    await send(client, trainer, `/training-classes/${classId}/completions`, { workerId: p.workerId, hoursAttended, completedOn });
  }
}
