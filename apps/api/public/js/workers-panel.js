import { el } from './format.js';
import { label, metricName, t } from './i18n.js';

/**
 * The workers behind an enterprise's shortfalls, as `GET /enterprises/{id}/compliance` lists
 * them: one row per worker and metric they fall short on.
 */
export function renderWorkers(container, answer) {
  const rows = answer.shortfalls ?? answer.workers ?? [];
  if (rows.length === 0) {
    container.replaceChildren(el('p', { class: 'hint' }, t('noShortfalls')));
    return;
  }
  container.replaceChildren(
    el(
      'table',
      { class: 'workers' },
      el('thead', {}, el('tr', {}, el('th', {}, t('metric')), el('th', {}, t('worker')), el('th', {}, t('post')), el('th', {}, t('reason')))),
      el(
        'tbody',
        {},
        ...rows.map((row) =>
          el(
            'tr',
            { dataset: { worker: row.workerId, metric: row.metric } },
            el('td', { title: metricName(row.metric) }, row.metric ?? '—'),
            el('td', {}, row.name ?? row.workerName ?? row.workerId),
            el('td', {}, [row.postTitle ?? row.title, row.specialOperationCode].filter(Boolean).join(' · ') || '—'),
            el('td', {}, label(row.reason ?? row.code ?? '—')),
          ),
        ),
      ),
    ),
  );
}
