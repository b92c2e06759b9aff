import { clearToken, get, getAll, getToken } from './api.js';
import { renderHeatmap } from './charts.js';
import { renderBreakdownTable } from './breakdown-table.js';
import { renderClaims } from './claims-panel.js';
import { el } from './format.js';
import { currentLanguage, label, setLanguage, t, translatePage } from './i18n.js';
import { renderTiles } from './metric-tiles.js';
import { renderEnterpriseMilestones, renderMilestones } from './milestones-panel.js';
import { renderOrders } from './orders-panel.js';
import { renderSignIn, tokenClaims } from './sign-in.js';
import { renderWorkers } from './workers-panel.js';

const $ = (id) => document.getElementById(id);

/** What the page shows, kept in the URL's hash so a wall screen can be bookmarked. */
const state = { asOf: '', sector: '', county: '', enterprise: '' };
let reference = null;
const enterpriseNames = new Map();

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  for (const key of Object.keys(state)) state[key] = params.get(key) ?? '';
}

function writeHash() {
  const params = new URLSearchParams(Object.entries(state).filter(([, value]) => value));
  history.replaceState(null, '', `#${params}`);
}

const unitName = (code) => {
  if (reference && code === reference.city.code) return reference.city.nameZh;
  return reference?.units.find((u) => u.code === code)?.nameZh ?? enterpriseNames.get(code) ?? `…${String(code).slice(-6)}`;
};

const rememberNames = (groups) => groups.forEach((g) => g.name && enterpriseNames.set(g.key, g.name));

/** Whether the signed-in role may make one of the dashboard's reads (the server's access matrix, from the reference answer). */
const mayRead = (path) => {
  const roles = reference.reads?.[path];
  return !roles || roles.includes(tokenClaims(getToken() ?? '')?.role);
};

/**
 * Runs one panel's loading; a failure shows in the panel and leaves the others alone. A panel whose
 * read the role may not make says so without asking.
 */
async function panel(id, load, forbidden = 'notAllowed', path = undefined) {
  const status = $(id).querySelector('.panel-status');
  if (path && !mayRead(path)) {
    status.textContent = t(forbidden);
    status.className = 'panel-status notice';
    return;
  }
  status.textContent = t('loading');
  status.className = 'panel-status';
  try {
    await load();
    status.textContent = '';
  } catch (error) {
    // A panel the role may not see is a notice, not a failure.
    status.textContent = error.status === 403 ? t(forbidden) : `${t('loadFailed')}: ${error.message}`;
    status.className = error.status === 403 ? 'panel-status notice' : 'panel-status error';
  }
}

/** What a figure is judged against: the day, and the targets with their due days. */
const figuresContext = () => ({ asOf: state.asOf, targets: reference.targets });

const complianceQuery = (groupBy, extra = {}) => get('compliance', { groupBy, asOf: state.asOf, sector: state.sector, ...extra });

async function loadFigures() {
  $('workers-panel').hidden = !state.enterprise;
  $('breakdown-panel').hidden = Boolean(state.enterprise);
  if (state.enterprise) {
    await panel('tiles-panel', async () => {
      const detail = await get(`enterprises/${state.enterprise}/compliance`, { asOf: state.asOf });
      if (detail.name) enterpriseNames.set(state.enterprise, detail.name);
      renderTiles($('tiles'), detail.metrics, figuresContext());
      renderWorkers($('workers'), detail);
    }, 'workersHidden', '/enterprises/:id/compliance');
    return;
  }
  await panel('tiles-panel', async () => {
    const answer = state.county ? await complianceQuery('county', { countyCode: state.county }) : await complianceQuery('city');
    renderTiles($('tiles'), answer.groups[0]?.metrics, figuresContext());
  });
  await panel('breakdown-panel', async () => {
    const drill = (row) => {
      if (state.county) state.enterprise = row.key;
      else state.county = row.key;
      refresh();
    };
    if (state.county) {
      const answer = await complianceQuery('enterprise', { countyCode: state.county });
      rememberNames(answer.groups);
      const rows = answer.groups.map((g) => ({ key: g.key, name: unitName(g.key), metrics: g.metrics }));
      $('breakdown-title').textContent = `${unitName(state.county)} · ${t('enterprisesPanel')}`;
      renderBreakdownTable($('breakdown-table'), rows, drill, figuresContext());
      renderHeatmap($('breakdown-chart'), rows, drill);
    } else {
      const answer = await complianceQuery('county');
      const byCode = new Map(answer.groups.map((g) => [g.key, g.metrics]));
      // All eight units, measured or not: a unit with no enterprise yet is a fact to see too.
      const rows = reference.units.map((u) => ({ key: u.code, name: u.nameZh, metrics: byCode.get(u.code) }));
      $('breakdown-title').textContent = t('unitsPanel');
      renderBreakdownTable($('breakdown-table'), rows, drill, figuresContext());
      renderHeatmap($('breakdown-chart'), rows, drill);
    }
  });
}

const loadMilestones = () =>
  panel('milestones-panel', async () => {
    if (state.enterprise) {
      // The enterprise view: that enterprise's own rows, not the county's counts.
      const answer = await get('milestones', { asOf: state.asOf, enterpriseId: state.enterprise });
      renderEnterpriseMilestones($('milestones-chart'), $('milestones-table'), answer, unitName);
      return;
    }
    const answer = await get('milestones', { asOf: state.asOf, countyCode: state.county });
    renderMilestones($('milestones-chart'), $('milestones-table'), answer, unitName);
  });

const loadClaims = () =>
  panel('claims-panel', async () => {
    renderClaims($('claims-chart'), $('claims-table'), await getAll('subsidy-claims', { countyCode: state.county }));
  }, 'notAllowed', '/subsidy-claims');

const loadOrders = () =>
  panel('orders-panel', async () => {
    const answer = await get('rectification-orders', { asOf: state.asOf, countyCode: state.county });
    // A county officer is answered for the own county only, whatever the page asked.
    const county = answer.countyCode ?? state.county;
    const units = reference.units.filter((u) => !county || u.code === county).map((u) => ({ code: u.code, name: u.nameZh }));
    renderOrders($('orders-table'), answer.items, units);
  }, 'notAllowed', '/rectification-orders');

function renderBreadcrumb() {
  const crumbs = [el('a', { href: '#', id: 'crumb-city', onclick: (e) => (e.preventDefault(), Object.assign(state, { county: '', enterprise: '' }), refresh()) }, t('breadcrumbCity'))];
  if (state.county) crumbs.push(' › ', el('a', { href: '#', id: 'crumb-county', onclick: (e) => (e.preventDefault(), (state.enterprise = ''), refresh()) }, unitName(state.county)));
  if (state.enterprise) crumbs.push(' › ', el('span', { id: 'crumb-enterprise' }, unitName(state.enterprise)));
  $('breadcrumb').replaceChildren(...crumbs);
}

function renderControls() {
  translatePage();
  document.title = t('title');
  $('as-of').value = state.asOf;
  $('sector').replaceChildren(el('option', { value: '' }, t('allSectors')), ...reference.sectors.map((s) => el('option', { value: s.code }, label(s.code))));
  $('sector').value = state.sector;
  const claims = tokenClaims(getToken() ?? '');
  $('who').textContent = claims ? `${label(claims.role)}${claims.county ? ` · ${unitName(claims.county)}` : ''}` : '';
}

async function refresh() {
  writeHash();
  if (!getToken()) {
    $('dashboard').hidden = true;
    $('sign-in').hidden = false;
    renderSignIn($('sign-in'), reference.units, refresh);
    translatePage();
    return;
  }
  $('sign-in').hidden = true;
  $('dashboard').hidden = false;
  renderControls();
  renderBreadcrumb();
  await Promise.all([loadFigures(), loadMilestones(), loadClaims(), loadOrders()]);
  renderBreadcrumb();
  document.body.dataset.loaded = `${state.asOf}|${state.sector}|${state.county}|${state.enterprise}`;
}

async function start() {
  readHash();
  setLanguage(currentLanguage());
  reference = await get('dashboard/reference');
  if (!state.asOf) state.asOf = reference.today;
  $('as-of').addEventListener('change', (e) => ((state.asOf = e.target.value || reference.today), refresh()));
  $('sector').addEventListener('change', (e) => ((state.sector = e.target.value), refresh()));
  $('language').addEventListener('click', () => (setLanguage(currentLanguage() === 'zh' ? 'en' : 'zh'), refresh()));
  $('sign-out').addEventListener('click', () => (clearToken(), refresh()));
  await refresh();
}

start();
