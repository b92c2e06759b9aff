import { el, money, STATUS_COLOURS } from './format.js';
import { orderStatus, t } from './i18n.js';

const STATUSES = ['open', 'overdue', 'completed', 'completed_late'];

/**
 * Rectification orders (责令限期整改) as of the day, a row per unit: how many in each status, and the
 * fines ordered with them. Units without orders are shown too: no inspection finding is a fact as well.
 */
export function renderOrders(tableElement, orders, units) {
  const rows = units.map((unit) => {
    const mine = orders.filter((order) => order.countyCode === unit.code);
    const fines = mine.reduce((sum, order) => sum + (order.fine?.amount ?? 0), 0);
    return el(
      'tr',
      { dataset: { county: unit.code, count: mine.length } },
      el('th', { scope: 'row' }, unit.name),
      ...STATUSES.map((status) => {
        const count = mine.filter((order) => order.status === status).length;
        return el('td', { class: count ? `status ${status}` : 'status zero', dataset: { status }, style: count ? `--status:${STATUS_COLOURS[status]}` : null }, String(count));
      }),
      el('td', {}, money(fines)),
    );
  });
  tableElement.replaceChildren(
    el('table', { class: 'orders' }, el('thead', {}, el('tr', {}, el('th', {}, t('unit')), ...STATUSES.map((s) => el('th', {}, orderStatus(s))), el('th', {}, t('fines')))), el('tbody', {}, ...rows)),
  );
}
