import { el, METRIC_IDS } from './format.js';
import { metricName, shortfallReason, t } from './i18n.js';

/**
 * The rows behind an enterprise's shortfalls: `GET /enterprises/{id}/compliance` answers one list per
 * metric (`shortfalls: { M1: [...], ..., M7: [...] }`); the table shows one row per worker and metric,
 * in metric order.
 */
export const shortfallRows = (shortfalls) =>
  METRIC_IDS.flatMap((metric) => (Array.isArray(shortfalls?.[metric]) ? shortfalls[metric] : []).map((entry) => ({ ...entry, metric })));

/** The workers behind an enterprise's shortfalls, with the post for M2 and M7 and the reason by metric. */
export function renderWorkers(container, answer) {
  const rows = shortfallRows(answer.shortfalls);
  if (rows.length === 0) {
    container.replaceChildren(el('p', { class: 'hint' }, t('noShortfalls')));
    return;
  }
  container.replaceChildren(
    el(
      'table',
      { class: 'workers', dataset: { rows: rows.length } },
      el('thead', {}, el('tr', {}, el('th', {}, t('metric')), el('th', {}, t('worker')), el('th', {}, t('post')), el('th', {}, t('reason')))),
      el(
        'tbody',
        {},
        ...rows.map((row) =>
          el(
            'tr',
            { dataset: { worker: row.workerId, metric: row.metric, ...(row.postId ? { post: row.postId } : {}) } },
            el('td', { title: metricName(row.metric) }, row.metric),
            el('td', { class: 'worker-name' }, row.erased ? t('erased') : (row.name ?? `…${row.workerId.slice(-6)}`)),
            el('td', {}, [row.postTitle, row.specialOperationCode].filter(Boolean).join(' · ') || '—'),
            el('td', {}, shortfallReason(row.metric)),
          ),
        ),
      ),
    ),
  );
}
