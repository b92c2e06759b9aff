import { el, fraction, metClass, metText, METRIC_IDS, percent, points } from './format.js';
import { metricName, t } from './i18n.js';

const targetText = (id, metric) => {
  if (!metric || metric.target === null || metric.target === undefined) return t('noTarget');
  return id === 'M4' ? `${t('target')} +${points(metric.target)}` : `${t('target')} ≥ ${percent(metric.target)}`;
};

/** The target and where the figure stands; with no number to meet (M7) "no numeric target" is said once. */
const targetLine = (id, metric, due, asOf) => {
  const standing = el('strong', { class: 'met-text' }, metText(metric, due, asOf));
  return !metric || metric.target === null || metric.target === undefined ? [standing] : [targetText(id, metric), ' · ', standing];
};

/** M4 is an increase since the baseline: the share now, and how far it moved. */
const increaseLine = (metric) =>
  metric?.baseline
    ? el('div', { class: 'tile-sub' }, `${t('baseline')} ${metric.baseline.asOf}: ${percent(metric.baseline.ratio)} (${fraction(metric.baseline)}) · ${t('increase')} ${metric.increase === null ? '—' : points(metric.increase, 1)}`)
    : null;

/**
 * Seven large-number tiles: ratio, numerator / denominator, target and where it stands, for one group.
 * `context` is `{ asOf, targets }` (the reference data's targets, each with its due day).
 */
export function renderTiles(container, metrics, context = {}) {
  container.replaceChildren(
    ...METRIC_IDS.map((id) => {
      const metric = metrics?.[id];
      const due = context.targets?.[id]?.due;
      return el(
        'article',
        { class: `tile ${metClass(metric, due, context.asOf)}`, dataset: { metric: id, numerator: metric?.numerator ?? '', denominator: metric?.denominator ?? '' } },
        el('div', { class: 'tile-id' }, id, ' ', el('span', { class: 'tile-name' }, metricName(id))),
        el('div', { class: 'tile-ratio' }, percent(metric?.ratio)),
        el('div', { class: 'tile-fraction', title: `${t('numerator')} / ${t('denominator')}` }, fraction(metric)),
        el('div', { class: 'tile-target' }, ...targetLine(id, metric, due, context.asOf)),
        id === 'M4' ? increaseLine(metric) : null,
      );
    }),
  );
}
