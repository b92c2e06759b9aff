import { renderMilestoneTimeline } from './charts.js';
import { el, STATUS_COLOURS } from './format.js';
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
