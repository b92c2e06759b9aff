import type { Day } from './day.js';

/**
 * "Active at T": started on or before T and not ended before T. The end day (`endsOn`, the
 * last day of the post or employment) still counts as active. Every metric and finding uses this one rule.
 */
export const isActiveOn = (interval: { startsOn: Day; endsOn?: Day | null }, day: Day): boolean =>
  interval.startsOn <= day && (interval.endsOn == null || day <= interval.endsOn);
