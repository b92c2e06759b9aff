import type { ReferenceData } from '../reference/reference-data.js';
import type { TrainingClassOpened } from './training-class.js';

/**
 * Why a trainee's attendance of a class does not reach the minimum hours of the class's kind
 * (`reference/training-hours.json`, `classMinimums`), or undefined when it does: the class must run
 * at least the minimum theory, practical and total hours, and the trainee attend at least the total.
 * Kinds without a minimum always pass. The version in force on the class's first day applies.
 */
export function hoursBelowMinimum(ref: ReferenceData, klass: TrainingClassOpened['data'], hoursAttended: number): string | undefined {
  const minimum = ref.trainingHours.find(klass.startsOn)?.classMinimums[klass.kind];
  if (!minimum) return undefined;
  if (klass.theoryHours < minimum.theoryHours) return `a ${klass.kind} class runs at least ${minimum.theoryHours} theory hours; this one runs ${klass.theoryHours}`;
  if (klass.practicalHours < minimum.practicalHours) return `a ${klass.kind} class runs at least ${minimum.practicalHours} practical hours; this one runs ${klass.practicalHours}`;
  if (klass.theoryHours + klass.practicalHours < minimum.totalHours) return `a ${klass.kind} class runs at least ${minimum.totalHours} hours; this one runs ${klass.theoryHours + klass.practicalHours}`;
  if (hoursAttended < minimum.totalHours) return `a ${klass.kind} class counts after at least ${minimum.totalHours} hours attended; ${hoursAttended} were`;
  return undefined;
}
