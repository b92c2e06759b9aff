import { el, fraction, metClass, METRIC_IDS, percent } from './format.js';
import { metricName, t } from './i18n.js';

/**
 * Rows of units or enterprises, a cell per metric with ratio and numerator / denominator;
 * a click on a row drills into it.
 */
export function renderBreakdownTable(container, rows, onDrill, context = {}) {
  const head = el('tr', {}, el('th', {}, t('unit')), ...METRIC_IDS.map((id) => el('th', { title: metricName(id) }, id)));
  const body = rows.map((row) =>
    el(
      'tr',
      { class: onDrill ? 'drillable' : null, dataset: { key: row.key }, onclick: onDrill ? () => onDrill(row) : null },
      el('th', { scope: 'row' }, row.name),
      ...METRIC_IDS.map((id) => {
        const metric = row.metrics?.[id];
        return el('td', { class: metClass(metric, context.targets?.[id]?.due, context.asOf), dataset: { metric: id } }, el('div', { class: 'cell-ratio' }, percent(metric?.ratio)), el('div', { class: 'cell-fraction' }, fraction(metric)));
      }),
    ),
  );
  container.replaceChildren(el('table', { class: 'breakdown' }, el('thead', {}, head), el('tbody', {}, ...body)), onDrill ? el('p', { class: 'hint' }, t('clickToDrill')) : '');
}
