import { loadReferenceData } from '../testing/reference-data.js';
import type { ComplianceFacts } from './compliance-facts.js';
import { computeComplianceMetrics } from './compliance-metrics.js';
import { metricStatus, withStandings } from './metric-standing.js';

describe('a metric standing as of a day against its due day', () => {
  it.each([
    [{ target: 1, met: true }, '2021-06-30', 'met'],
    [{ target: 1, met: true }, '2022-01-10', 'met'],
    [{ target: 1, met: false }, '2021-06-30', 'not_yet_met'],
    [{ target: 1, met: false }, '2021-12-30', 'not_yet_met'],
    [{ target: 1, met: false }, '2021-12-31', 'missed'],
    [{ target: 1, met: false }, '2022-03-01', 'missed'],
    [{ target: null, met: null }, '2022-03-01', 'no_target'],
    [{ target: 0.3, met: null }, '2021-06-30', 'no_data'],
  ] as const)('%o as of %s: %s', (result, asOf, status) => {
    expect(metricStatus(result, '2021-12-31', asOf)).toBe(status);
  });

  it('below target with no due day is not yet met, never missed', () => {
    expect(metricStatus({ target: 1, met: false }, null, '2030-01-01')).toBe('not_yet_met');
  });

  it('adds status and the due day of the targets in force to every metric, keeping the figures', () => {
    const targets = loadReferenceData().targets.find('2021-06-30')!;
    const none: ComplianceFacts = { posts: [], employments: [], exams: [], trainings: [], certificates: [], workers: [] };
    const metrics = computeComplianceMetrics(none, '2021-06-30', targets, []);
    const standing = withStandings(metrics, targets, '2021-06-30');
    expect(standing.M1).toEqual({ ...metrics.M1, status: 'no_data', due: '2021-12-31' });
    expect(standing.M7).toEqual({ ...metrics.M7, status: 'no_target', due: '2021-12-31' });
    expect(standing.M4).toMatchObject({ baseline: metrics.M4.baseline, status: 'no_data', due: '2021-12-31' });
  });
});
