import { el, fraction, metClass, metText, METRIC_IDS, percent } from './format.js';
import { metricName, t } from './i18n.js';

const targetText = (id, metric) => {
  if (!metric || metric.target === null || metric.target === undefined) return t('noTarget');
  return id === 'M4' ? `${t('target')} +${(metric.target * 100).toFixed(0)} pp` : `${t('target')} ≥ ${percent(metric.target)}`;
};

/** M4 is an increase since the baseline: the share now, and how far it moved. */
const increaseLine = (metric) =>
  metric?.baseline
    ? el('div', { class: 'tile-sub' }, `${t('baseline')} ${metric.baseline.asOf}: ${percent(metric.baseline.ratio)} (${fraction(metric.baseline)}) · ${t('increase')} ${metric.increase === null ? '—' : `${(metric.increase * 100).toFixed(1)} pp`}`)
    : null;

/** Seven large-number tiles: ratio, numerator / denominator, target and met, for one group. */
export function renderTiles(container, metrics) {
  container.replaceChildren(
    ...METRIC_IDS.map((id) => {
      const metric = metrics?.[id];
      return el(
        'article',
        { class: `tile ${metClass(metric)}`, dataset: { metric: id, numerator: metric?.numerator ?? '', denominator: metric?.denominator ?? '' } },
        el('div', { class: 'tile-id' }, id, ' ', el('span', { class: 'tile-name' }, metricName(id))),
        el('div', { class: 'tile-ratio' }, percent(metric?.ratio)),
        el('div', { class: 'tile-fraction', title: `${t('numerator')} / ${t('denominator')}` }, fraction(metric)),
        el('div', { class: 'tile-target' }, targetText(id, metric), ' · ', el('strong', {}, metText(metric))),
        id === 'M4' ? increaseLine(metric) : null,
      );
    }),
  );
}
