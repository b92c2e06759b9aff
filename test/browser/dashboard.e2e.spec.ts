import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seedDemo } from '../../bench/generator/seed-demo.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { hasChromium, launchChromium, SKIP_REASON } from './chromium.js';

const ARTIFACTS = path.resolve('test/artifacts');
const METRICS = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7'];

type Metric = { numerator: number; denominator: number; target?: number | null; status?: string };
/** A page element as the tests read it (the project's TypeScript has no DOM library). */
type Attributed = { getAttribute(name: string): string | null };
type Compliance = { groups: { key: string; name?: string; metrics: Record<string, Metric> }[] };
type Shortfall = { workerId: string; postId?: string; name?: string; erased?: true };
type EnterpriseCompliance = { name: string; metrics: Record<string, Metric>; shortfalls: Record<string, Shortfall[]> };
type Units = { units: { code: string; nameZh: string }[] };

if (!hasChromium) process.stderr.write(`${SKIP_REASON}\n`);
const suite = hasChromium ? describe : describe.skip;

suite('dashboard in headless Chromium, on the small seeded Yiyang', () => {
  let t: TestApp;
  let baseUrl: string;
  let token: string;
  let browser: Browser;
  let page: Page;

  const api = async <T>(pathAndQuery: string, as = token): Promise<T> => {
    const response = await fetch(`${baseUrl}/api/v1/${pathAndQuery}`, { headers: { Authorization: `Bearer ${as}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  /** The figures of the seven tiles, as the page shows them. */
  const tiles = () =>
    page.$$eval('#tiles .tile', (elements: Attributed[]) =>
      Object.fromEntries(elements.map((e) => [e.getAttribute('data-metric'), { numerator: Number(e.getAttribute('data-numerator')), denominator: Number(e.getAttribute('data-denominator')) }])),
    );

  const figures = (metrics: Record<string, Metric>) => Object.fromEntries(METRICS.map((id) => [id, { numerator: metrics[id]!.numerator, denominator: metrics[id]!.denominator }]));

  const loaded = (state: string) => page.waitForSelector(`body[data-loaded="${state}"]`, { timeout: 30_000 });

  /** What the page said went wrong: console errors, uncaught exceptions, and any panel's error text. */
  const problems: string[] = [];
  const shownErrors = () =>
    page.$$eval('.panel-status.error, .error', (elements: { textContent: string | null }[]) => elements.map((e) => (e.textContent ?? '').trim()).filter(Boolean));
  const expectNoErrors = async () => {
    expect(await shownErrors()).toEqual([]);
    expect(await page.textContent('body')).not.toMatch(/加载失败|Could not load|is not a function|undefined|NaN/);
    expect(problems.splice(0)).toEqual([]);
  };

  /** The breakdown table as shown: each row's key, name and every metric's numerator / denominator. */
  const breakdownRows = () =>
    page.$$eval('#breakdown-table tbody tr', (rows: (Attributed & { querySelector(s: string): { textContent: string | null } | null; querySelectorAll(s: string): ArrayLike<Attributed & { textContent: string | null }> })[]) =>
      rows.map((row) => ({
        key: row.getAttribute('data-key'),
        name: row.querySelector('th')?.textContent ?? null,
        cells: Object.fromEntries(Array.from(row.querySelectorAll('td[data-metric] .cell-fraction')).map((cell, i) => [`M${i + 1}`, cell.textContent])),
      })),
    );
  const expectedRow = (key: string, name: string, metrics: Record<string, Metric> | undefined) => ({
    key,
    name,
    cells: Object.fromEntries(METRICS.map((id) => [id, metrics?.[id] ? `${metrics[id]!.numerator} / ${metrics[id]!.denominator}` : '—'])),
  });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The seeder signs in as one subject per role: the public's per-subject rate limit would only make it wait.
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '10000000' });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    await seedDemo({ baseUrl, size: 'small', seed: 7, progress: null, concurrency: 4 });
    token = await t.token('city_admin');
    // The projector runs in the process: wait until the figures stop moving.
    let previous = '';
    for (;;) {
      const now = JSON.stringify(await api('compliance?groupBy=county&asOf=2021-10-31'));
      if (now === previous) break;
      previous = now;
      await new Promise((resolve) => setTimeout(resolve, 750));
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  }, 300_000);

  afterEach(async () => {
    await expectNoErrors();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('loads, signs in with the embedded sign-in, and shows the city figures the API computes', async () => {
    await page.goto(`${baseUrl}/#asOf=2021-10-31`);
    await page.waitForSelector('#sign-in-form');
    await page.selectOption('#sign-in-role', 'city_admin');
    await page.click('#sign-in-submit');
    await loaded('2021-10-31|||');
    const city = await api<Compliance>('compliance?groupBy=city&asOf=2021-10-31');
    expect(await tiles()).toEqual(figures(city.groups[0]!.metrics));
    expect(city.groups[0]!.metrics.M1!.denominator).toBeGreaterThan(0);
    // Each tile's target line as shown: M7 has no number to meet, said once; before 2021-12-31 a shortfall is "not yet met".
    const targetLines = Object.fromEntries(
      await page.$$eval('#tiles .tile', (elements: (Attributed & { querySelector(s: string): { textContent: string | null } | null })[]) =>
        elements.map((e) => [e.getAttribute('data-metric'), e.querySelector('.tile-target')?.textContent ?? null]),
      ),
    );
    expect(city.groups[0]!.metrics.M7).toMatchObject({ target: null, status: 'no_target' });
    expect(targetLines.M7).toBe('无量化目标');
    for (const id of METRICS.filter((m) => city.groups[0]!.metrics[m]!.status === 'not_yet_met')) expect(targetLines[id]).toMatch(/ · 未到期（进行中）$/);
    expect(Object.values(targetLines).join('\n')).not.toContain('未达标');
    const reference = (await (await fetch(`${baseUrl}/api/v1/dashboard/reference`)).json()) as Units;
    const counties = await api<Compliance>('compliance?groupBy=county&asOf=2021-10-31');
    const byCounty = new Map(counties.groups.map((g) => [g.key, g.metrics]));
    expect(await breakdownRows()).toEqual(reference.units.map((u) => expectedRow(u.code, u.nameZh, byCounty.get(u.code))));
    expect(reference.units).toHaveLength(8);
    expect(await page.textContent('h1')).toContain('益阳市');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-city.png'), fullPage: true });
  });

  it('follows the date picker and the sector filter', async () => {
    await page.fill('#as-of', '2020-06-30');
    await page.dispatchEvent('#as-of', 'change');
    await loaded('2020-06-30|||');
    const early = await api<Compliance>('compliance?groupBy=city&asOf=2020-06-30');
    const late = await api<Compliance>('compliance?groupBy=city&asOf=2021-10-31');
    expect(await tiles()).toEqual(figures(early.groups[0]!.metrics));
    expect(figures(early.groups[0]!.metrics)).not.toEqual(figures(late.groups[0]!.metrics));

    await page.selectOption('#sector', 'hazardous_chemicals');
    await loaded('2020-06-30|hazardous_chemicals||');
    const chemicals = await api<Compliance>('compliance?groupBy=city&asOf=2020-06-30&sector=hazardous_chemicals');
    expect(await tiles()).toEqual(figures(chemicals.groups[0]!.metrics));
    expect(figures(chemicals.groups[0]!.metrics)).not.toEqual(figures(early.groups[0]!.metrics));
    await page.selectOption('#sector', '');
    await loaded('2020-06-30|||');
  });

  it('drills down from a county to its enterprises and to one enterprise', async () => {
    await page.fill('#as-of', '2021-10-31');
    await page.dispatchEvent('#as-of', 'change');
    await loaded('2021-10-31|||');
    await page.click('#breakdown-table tr[data-key="430923"]');
    await loaded('2021-10-31||430923|');
    const county = await api<Compliance>('compliance?groupBy=county&asOf=2021-10-31&countyCode=430923');
    expect(await tiles()).toEqual(figures(county.groups[0]!.metrics));
    const enterprises = await api<Compliance>('compliance?groupBy=enterprise&asOf=2021-10-31&countyCode=430923');
    expect(enterprises.groups.length).toBeGreaterThan(1);
    expect(await breakdownRows()).toEqual(enterprises.groups.map((g) => expectedRow(g.key, g.name ?? `…${g.key.slice(-6)}`, g.metrics)));
    expect(await page.textContent('#breadcrumb')).toContain('安化县');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-county.png'), fullPage: true });

    // The enterprise with the most workers behind a shortfall: its panel must list every one of them.
    const details = await Promise.all(enterprises.groups.map(async (g) => ({ key: g.key, detail: await api<EnterpriseCompliance>(`enterprises/${g.key}/compliance?asOf=2021-10-31`) })));
    const count = (d: EnterpriseCompliance) => METRICS.reduce((sum, id) => sum + (d.shortfalls[id]?.length ?? 0), 0);
    const { key: chosen, detail } = details.reduce((a, b) => (count(b.detail) > count(a.detail) ? b : a));
    expect(count(detail)).toBeGreaterThan(0);
    await page.click(`#breakdown-table tr[data-key="${chosen}"]`);
    await loaded(`2021-10-31||430923|${chosen}`);
    expect(await page.isVisible('#workers-panel')).toBe(true);
    expect(await page.isVisible('#breakdown-panel')).toBe(false);
    expect(await tiles()).toEqual(figures(detail.metrics));
    const shown = await page.$$eval('#workers tbody tr', (rows: (Attributed & { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> })[]) =>
      rows.map((row) => {
        const cells = Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent);
        return { metric: row.getAttribute('data-metric'), workerId: row.getAttribute('data-worker'), metricCell: cells[0], name: cells[1], reason: cells[3] };
      }),
    );
    const expected = METRICS.flatMap((metric) => (detail.shortfalls[metric] ?? []).map((entry) => ({ metric, workerId: entry.workerId, name: entry.name })));
    expect(shown.map(({ metric, workerId }) => ({ metric, workerId }))).toEqual(expected.map(({ metric, workerId }) => ({ metric, workerId })));
    expect(shown.map((row) => row.metricCell)).toEqual(expected.map((row) => row.metric));
    for (const [i, row] of shown.entries()) {
      if (expected[i]!.name) expect(row.name).toBe(expected[i]!.name);
      expect(row.reason).not.toBe('');
    }
    expect(Number(await page.getAttribute('#workers table', 'data-rows'))).toBe(count(detail));

    // The milestones panel shows that enterprise's own rows, as GET /milestones?enterpriseId= answers them.
    type MilestoneRow = { milestone: string; unit: string; due: string; doneOn: string | null; status: string; progress?: { metricsMet: number; metricsWithTarget: number; metrics: Record<string, { standing: string }> } };
    const own = await api<{ items: MilestoneRow[] }>(`milestones?asOf=2021-10-31&enterpriseId=${chosen}`);
    expect(own.items.map((i) => i.milestone)).toEqual(['enterprise_training_plan', 'enterprise_implementation', 'enterprise_summary']);
    const milestoneRows = await page.$$eval('#milestones-table tbody tr', (rows: (Attributed & { querySelector(s: string): { textContent: string | null } | null; querySelectorAll(s: string): ArrayLike<Attributed> })[]) =>
      rows.map((row) => ({
        milestone: row.getAttribute('data-milestone'),
        unit: row.getAttribute('data-unit'),
        status: row.getAttribute('data-status'),
        due: row.querySelector('td.due')?.textContent ?? null,
        doneOn: row.querySelector('td.done-on')?.textContent ?? null,
        summary: row.querySelector('.progress-summary')?.textContent ?? null,
        standings: Object.fromEntries(Array.from(row.querySelectorAll('.progress-metric')).map((m) => [m.getAttribute('data-metric'), m.getAttribute('data-standing')])),
      })),
    );
    expect(milestoneRows).toEqual(
      own.items.map((i) => ({
        milestone: i.milestone,
        unit: chosen,
        status: i.status,
        due: i.due,
        doneOn: i.doneOn ?? '—',
        summary: i.progress ? `${i.progress.metricsMet} / ${i.progress.metricsWithTarget} 项量化目标已达标` : null,
        standings: Object.fromEntries(Object.entries(i.progress?.metrics ?? {}).map(([id, m]) => [id, m.standing])),
      })),
    );
    expect(Object.keys(milestoneRows[1]!.standings).length).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-enterprise.png'), fullPage: true });

    await page.click('#crumb-city');
    await loaded('2021-10-31|||');
  });

  it('switches to English and back', async () => {
    await page.click('#language');
    await loaded('2021-10-31|||');
    expect(await page.textContent('h1')).toContain('Dashboard');
    await page.click('#language');
    await loaded('2021-10-31|||');
    expect(await page.textContent('h1')).toContain('看板');
  });

  it('shows the auditor every claim status with its amounts, the milestones in each status, and the rectification orders by unit', async () => {
    await page.click('#sign-out');
    await page.waitForSelector('#sign-in-form');
    // The same day and filters as before: forget the last load so that the wait below is for the auditor's.
    await page.$eval('body', (body: { removeAttribute(name: string): void }) => body.removeAttribute('data-loaded'));
    await page.selectOption('#sign-in-role', 'auditor');
    await page.click('#sign-in-submit');
    await loaded('2021-10-31|||');
    // Every claim, page by page as the dashboard reads them (more than one page of the default 100).
    type ClaimPage = { items: { status: string; claimedTotal: number; paidAmount: number | null }[]; nextCursor: string | null };
    const claims: Pick<ClaimPage, 'items'> = { items: [] };
    const auditorToken = await t.token('auditor');
    let pages = 0;
    for (let cursor: string | null = null; pages === 0 || cursor !== null; pages += 1) {
      const page: ClaimPage = await api<ClaimPage>(`subsidy-claims${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, auditorToken);
      claims.items.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(pages).toBeGreaterThan(1);
    const expected = new Map<string, number>();
    for (const claim of claims.items) expected.set(claim.status, (expected.get(claim.status) ?? 0) + 1);
    const shown = await page.$$eval('#claims-table tbody tr', (rows: Attributed[]) => rows.map((row) => [row.getAttribute('data-status'), Number(row.getAttribute('data-count'))]));
    expect(new Map(shown as [string, number][])).toEqual(expected);
    expect([...expected.keys()].sort()).toEqual(['approved', 'clawed_back', 'em_verified', 'paid', 'rejected', 'submitted']);
    expect(claims.items.filter((c) => c.status === 'paid').every((c) => c.paidAmount! > 0 && c.claimedTotal > 0)).toBe(true);

    const statuses = await page.$$eval('#milestones-table td.status:not(.zero)', (cells: Attributed[]) => cells.map((cell) => cell.getAttribute('data-status')));
    expect(new Set(statuses)).toEqual(new Set(['done_on_time', 'done_late', 'overdue', 'pending', 'progress']));
    // Each milestone's row counts the API's units in each status; the 2021-10-31 phase end only as progress.
    const milestones = await api<{ items: { milestone: string; status: string }[] }>('milestones?asOf=2021-10-31', await t.token('auditor'));
    const counted = await page.$$eval('#milestones-table tbody tr', (rows: (Attributed & { querySelectorAll(s: string): ArrayLike<Attributed & { textContent: string | null }> })[]) =>
      rows.map((row) => [row.getAttribute('data-milestone'), Object.fromEntries(Array.from(row.querySelectorAll('td[data-status]')).map((cell) => [cell.getAttribute('data-status'), Number(cell.textContent)]))]),
    );
    const expectedCounts = new Map<string, Record<string, number>>();
    for (const item of milestones.items) {
      const row = expectedCounts.get(item.milestone) ?? { done_on_time: 0, done_late: 0, overdue: 0, pending: 0, progress: 0 };
      row[item.status]! += 1;
      expectedCounts.set(item.milestone, row);
    }
    expect(new Map(counted as [string, Record<string, number>][])).toEqual(expectedCounts);
    const implementation = expectedCounts.get('enterprise_implementation')!;
    expect(implementation.progress).toBeGreaterThan(0);
    expect(implementation.overdue + implementation.done_on_time + implementation.done_late).toBe(0);

    const orders = await api<{ items: { countyCode: string }[] }>('rectification-orders?asOf=2021-10-31', await t.token('auditor'));
    const perUnit = await page.$$eval('#orders-table tbody tr', (rows: Attributed[]) => rows.map((row) => [row.getAttribute('data-county'), Number(row.getAttribute('data-count'))]));
    expect(perUnit).toHaveLength(8);
    expect(perUnit.reduce((sum, [, count]) => sum + Number(count), 0)).toBe(orders.items.length);
    expect(orders.items.length).toBeGreaterThan(0);
  });
});
