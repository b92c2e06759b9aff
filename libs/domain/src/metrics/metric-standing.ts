import type { Targets } from '../reference/reference-data.js';
import type { Day } from '../shared/day.js';
import type { ComplianceMetrics, MetricResult } from './compliance-metrics.js';

/**
 * Where a metric stands as of T against its target's due day (DOMAIN.md: every target is due
 * 2021-12-31; before that day a ratio below its target is "not yet met", never "missed"):
 * - `met`: the ratio reaches its target;
 * - `not_yet_met`: below its target before the due day (or with no due day at all);
 * - `missed`: below its target on or after the due day;
 * - `no_target`: the plan sets no number to meet (M7, 推行);
 * - `no_data`: a target, but nothing to measure (an empty denominator).
 */
export const METRIC_STATUSES = ['met', 'not_yet_met', 'missed', 'no_target', 'no_data'] as const;
export type MetricStatus = (typeof METRIC_STATUSES)[number];

export interface MetricStanding {
  status: MetricStatus;
  /** The target's due day from the reference data; null when it names none. */
  due: Day | null;
}

export const metricStatus = (result: Pick<MetricResult, 'met' | 'target'>, due: Day | null, asOf: Day): MetricStatus => {
  if (result.target === null) return 'no_target';
  if (result.met === null) return 'no_data';
  if (result.met) return 'met';
  return due !== null && asOf >= due ? 'missed' : 'not_yet_met';
};

export type ComplianceMetricsWithStanding = { [K in keyof ComplianceMetrics]: ComplianceMetrics[K] & MetricStanding };

/** Each metric with its status and due day as of T, under the targets in force on T; the figures are kept as they are. */
export function withStandings(metrics: ComplianceMetrics, targets: Targets, asOf: Day): ComplianceMetricsWithStanding {
  const entries = Object.entries(metrics).map(([id, result]) => {
    const due = targets.metrics[id as keyof ComplianceMetrics]?.due ?? null;
    return [id, { ...result, status: metricStatus(result, due, asOf), due }];
  });
  return Object.fromEntries(entries) as ComplianceMetricsWithStanding;
}
