import { renderMilestoneTimeline } from './charts.js';
import { el, percent, STATUS_COLOURS } from './format.js';
import { label, t } from './i18n.js';

// `progress`: a phase end (2021-10-31) shown as each unit's progress, not as done or overdue.
const STATUSES = ['done_on_time', 'done_late', 'overdue', 'pending', 'progress'];

/** The timeline chart and, per milestone, its due day and how many units are in each status. */
export function renderMilestones(chartElement, tableElement, answer, unitName) {
  const items = answer.items.map((item) => ({ ...item, unitName: unitName(item.unit) }));
  renderMilestoneTimeline(chartElement, items, answer.asOf);
  const milestones = [...new Set(items.map((item) => item.milestone))];
  const rows = milestones.map((milestone) => {
    const mine = items.filter((item) => item.milestone === milestone);
    return el(
      'tr',
      { dataset: { milestone } },
      el('th', { scope: 'row' }, label(milestone)),
      el('td', {}, mine[0].due),
      ...STATUSES.map((status) => {
        const count = mine.filter((item) => item.status === status).length;
        return el('td', { class: count ? `status ${status}` : 'status zero', dataset: { status }, style: count ? `--status:${STATUS_COLOURS[status]}` : null }, String(count));
      }),
    );
  });
  tableElement.replaceChildren(
    el('table', { class: 'milestones' }, el('thead', {}, el('tr', {}, el('th', {}, t('milestonesPanel')), el('th', {}, t('due')), ...STATUSES.map((s) => el('th', {}, label(s))))), el('tbody', {}, ...rows)),
  );
}

const STANDING_TEXT = { met: 'met', not_yet_met: 'notYetMet', missed: 'notMet' };

/** Each target's standing at the phase end: `M1 50.0% 未到期（进行中）`. */
const progressCell = (progress) =>
  progress
    ? [
        el('div', { class: 'progress-summary' }, `${progress.metricsMet} / ${progress.metricsWithTarget} ${t('targetsMet')}`),
        ...Object.entries(progress.metrics).map(([id, m]) =>
          el('div', { class: `progress-metric ${m.standing}`, dataset: { metric: id, standing: m.standing } }, `${id} ${percent(m.ratio)} ${t(STANDING_TEXT[m.standing] ?? m.standing)}`),
        ),
      ]
    : ['—'];

/**
 * One enterprise's own milestones, one row each (`GET /milestones?enterpriseId=`): its training plan,
 * its progress at the implementation phase's end with each target's standing, its summary.
 */
export function renderEnterpriseMilestones(chartElement, tableElement, answer, unitName) {
  renderMilestoneTimeline(chartElement, answer.items.map((item) => ({ ...item, unitName: unitName(item.unit) })), answer.asOf);
  const rows = answer.items.map((item) =>
    el(
      'tr',
      { dataset: { milestone: item.milestone, unit: item.unit, status: item.status } },
      el('th', { scope: 'row' }, label(item.milestone)),
      el('td', { class: 'due' }, item.due),
      el('td', { class: `status ${item.status}`, style: `--status:${STATUS_COLOURS[item.status]}` }, label(item.status)),
      el('td', { class: 'done-on' }, item.doneOn ?? '—'),
      el('td', { class: 'progress' }, ...progressCell(item.progress)),
    ),
  );
  tableElement.replaceChildren(
    el(
      'table',
      { class: 'milestones enterprise-milestones', dataset: { rows: rows.length } },
      el('thead', {}, el('tr', {}, el('th', {}, t('milestonesPanel')), el('th', {}, t('due')), el('th', {}, t('status')), el('th', {}, t('doneOn')), el('th', {}, t('progressColumn')))),
      el('tbody', {}, ...rows),
    ),
  );
}
