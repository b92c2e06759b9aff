import { renderClaimsChart } from './charts.js';
import { el, money } from './format.js';
import { label, t } from './i18n.js';

const ORDER = ['submitted', 'em_verified', 'approved', 'paid', 'rejected', 'clawed_back'];

const amountOf = (claim, field) => claim[field] ?? 0;

/** Claims grouped by status: count, claimed, approved and paid amounts. */
export function summariseClaims(claims) {
  const byStatus = new Map();
  for (const claim of claims) {
    const row = byStatus.get(claim.status) ?? { status: claim.status, count: 0, claimed: 0, approved: 0, paid: 0 };
    row.count += 1;
    row.claimed += amountOf(claim, 'claimedTotal');
    row.approved += amountOf(claim, 'approvedAmount');
    row.paid += amountOf(claim, 'paidAmount');
    byStatus.set(claim.status, row);
  }
  return [...byStatus.values()].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
}

export function renderClaims(chartElement, tableElement, claims) {
  const summary = summariseClaims(claims);
  renderClaimsChart(chartElement, summary);
  tableElement.replaceChildren(
    el(
      'table',
      { class: 'claims' },
      el('thead', {}, el('tr', {}, el('th', {}, t('status')), el('th', {}, t('count')), el('th', {}, t('claimed')), el('th', {}, t('approved')), el('th', {}, t('paid')))),
      el(
        'tbody',
        {},
        ...summary.map((row) =>
          el('tr', { dataset: { status: row.status, count: row.count } }, el('th', { scope: 'row' }, label(row.status)), el('td', {}, String(row.count)), el('td', {}, money(row.claimed)), el('td', {}, money(row.approved)), el('td', {}, money(row.paid))),
        ),
      ),
    ),
  );
}
