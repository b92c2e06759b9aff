import { currentLanguage, t } from './i18n.js';

export const percent = (ratio) => (ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)}%`);

export const money = (amount) => (amount === null || amount === undefined ? '—' : Number(amount).toLocaleString(currentLanguage() === 'zh' ? 'zh-CN' : 'en-US'));

/** `numerator / denominator`, the figures behind every ratio. */
export const fraction = (metric) => (metric ? `${metric.numerator} / ${metric.denominator}` : '—');

/**
 * Where a figure stands as of the day: `met`; `not-yet` (below its target before the target's due day:
 * "not yet met", never "missed"); `not-met` (below it on or after the due day); `none` (nothing to
 * measure, or no number to meet). `due` is the target's due day from the reference data.
 */
const STATE_OF_STATUS = { met: 'met', not_yet_met: 'not-yet', missed: 'not-met', no_target: 'none', no_data: 'none' };
export const metState = (metric, due, asOf) => {
  // The API's own standing when it answers one (GET /compliance `status`); otherwise from `met` and the due day.
  if (metric?.status && STATE_OF_STATUS[metric.status]) return STATE_OF_STATUS[metric.status];
  if (!metric || metric.met === null || metric.met === undefined) return 'none';
  if (metric.met) return 'met';
  return due && asOf && asOf < due ? 'not-yet' : 'not-met';
};
/** The colour class of a figure. */
export const metClass = (metric, due, asOf) => metState(metric, due, asOf);
export const metText = (metric, due, asOf) => {
  const state = metState(metric, due, asOf);
  if (state === 'none') return metric?.target === null ? t('noTarget') : t('noData');
  return state === 'met' ? t('met') : state === 'not-yet' ? t('notYetMet') : t('notMet');
};
/** `+20 pp`, in Chinese `+20个百分点`. */
export const points = (share, digits = 0) => `${(share * 100).toFixed(digits)}${t('percentagePoints')}`;

/** Element builder: `el('td', { class: 'x', onclick }, 'text', child)`. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) element.append(child instanceof Node ? child : String(child));
  return element;
}

export const METRIC_IDS = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7'];

/** The status colours, shared by the charts and the CSS. */
export const STATUS_COLOURS = {
  done_on_time: '#2e9d5b',
  done_late: '#e0a100',
  overdue: '#d64545',
  pending: '#9aa5b1',
  submitted: '#5b8def',
  em_verified: '#7a5cd6',
  approved: '#2bb3a6',
  paid: '#2e9d5b',
  rejected: '#d64545',
  clawed_back: '#8c1c1c',
  not_submitted: '#9aa5b1',
  open: '#5b8def',
  completed: '#2e9d5b',
  completed_late: '#e0a100',
  progress: '#5b8def',
};
