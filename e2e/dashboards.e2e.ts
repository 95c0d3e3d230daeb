import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import path from 'node:path';
import { ARTIFACTS, consoleLogin, shot, startPlatform, type Running } from './harness.js';

let run: Running;
beforeAll(async () => {
  run = await startPlatform();
});
afterAll(() => run?.stop());

const BAIKENG = '330299101201';
const FENGLING_PREFIX = '330299101';

async function staffPage(username: string, errors: string[]) {
  const page = await run.browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
  page.on('pageerror', (e) => errors.push(e.message));
  await consoleLogin(page, run.baseUrl, username);
  await page.getByTestId('side-menu').waitFor({ timeout: 30_000 });
  return page;
}

/** "共 12 条" under a list → 12. */
async function listTotal(page: Page): Promise<number> {
  const text = await page.locator('.ant-pagination-total-text').first().innerText();
  return Number(/共\s*(\d+)\s*条/.exec(text)?.[1] ?? NaN);
}

async function noOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

/** Text that looks like an identity number (18 characters) or a mobile number (11 digits). */
const ID_LIKE = /(?<!\d)\d{17}[\dXx](?!\d)/;
const PHONE_LIKE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

describe('dashboards: 统计分析, 本村待办 and the portal’s 公开统计', () => {
  it('the district inspector opens 统计分析 and a figure opens the list behind it with its filter', async () => {
    const errors: string[] = [];
    const page = await staffPage('inspector', errors);
    expect(await page.getByTestId('side-menu').innerText()).toContain('统计分析');
    await page.getByTestId('side-menu').getByText('统计分析', { exact: true }).click();
    await page.waitForURL(/\/dashboard/);
    const cards = page.locator('[data-testid^="dash-group-"]');
    await cards.first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('dashboard').innerText()).toContain('清溪区');
    await page.getByTestId('dash-trends-chart').waitFor({ timeout: 15_000 });
    await page.getByTestId('dash-heat').locator('tr.dash-heat-row').first().waitFor({ timeout: 15_000 });
    await page.waitForTimeout(1_200); // the charts' entry animation
    await shot(page, 'dashboards-district');

    // 期间新增预警 opens the alerts list with the region and window in its address, and lists as many alerts.
    const card = page.locator('a', { has: page.getByTestId('dash-figure-alerts.raised') });
    const href = (await card.getAttribute('href')) ?? '';
    const expected = Number((await card.getByTestId('dash-figure-value').innerText()).replace(/[^\d]/g, ''));
    expect(href).toMatch(/^\/alerts\?/);
    expect(expected).toBeGreaterThan(0);
    await card.click();
    await page.waitForURL((u) => u.pathname === '/alerts');
    const url = new URL(page.url());
    const wanted = new URL(href, run.baseUrl);
    for (const [k, v] of wanted.searchParams) expect(url.searchParams.get(k)).toBe(v);
    await page.getByTestId('alerts-table').locator('tr.alert-row').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => listTotal(page), { timeout: 15_000 }).toBe(expected);
    // The filter shows on the list page: its date fields carry the dashboard's window.
    const dates = await page.locator('[data-testid="alert-filters"] input[type="date"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(dates).toEqual([wanted.searchParams.get('from'), wanted.searchParams.get('to')]);
    await shot(page, 'dashboards-figure-opens-alerts');

    // 收到举报 opens the reports list with the received window in its date fields, listing as many reports.
    await page.goBack();
    const reportsCard = page.locator('a', { has: page.getByTestId('dash-figure-reports.received') });
    const reportsHref = new URL((await reportsCard.getAttribute('href')) ?? '', run.baseUrl);
    const reportsExpected = Number((await reportsCard.getByTestId('dash-figure-value').innerText()).replace(/[^\d]/g, ''));
    expect(reportsHref.pathname).toBe('/reports');
    await reportsCard.click();
    await page.waitForURL((u) => u.pathname === '/reports' && u.searchParams.get('receivedFrom') === reportsHref.searchParams.get('receivedFrom'));
    await page.getByTestId('reports-table').waitFor({ timeout: 15_000 });
    await expect.poll(() => listTotal(page), { timeout: 15_000 }).toBe(reportsExpected);
    const received = await page.locator('[data-testid="report-received"] input[type="date"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(received).toEqual([reportsHref.searchParams.get('receivedFrom'), reportsHref.searchParams.get('receivedTo')]);

    // Back on the dashboard, the alerts-by-rule chart is drawn and a heat-table cell opens the region's own dashboard.
    await page.goBack();
    await page.getByTestId('dash-rules-chart').waitFor({ timeout: 15_000 });
    // 预警按规则: the busiest rule opens the alerts of that rule, as many as the bar says.
    const ruleLink = page.getByTestId('dash-rule-link').first();
    const ruleHref = (await ruleLink.getAttribute('href')) ?? '';
    const ruleCount = Number(/（(\d+)/.exec(await ruleLink.innerText())?.[1] ?? NaN);
    const rule = new URL(ruleHref, run.baseUrl).searchParams.get('rule');
    expect(rule).toBeTruthy();
    await ruleLink.click();
    await page.waitForURL((u) => u.pathname === '/alerts' && u.searchParams.get('rule') === rule);
    await page.getByTestId('alerts-table').locator('tr.alert-row').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => listTotal(page), { timeout: 15_000 }).toBe(ruleCount);
    await page.goBack();
    const firstRegion = page.locator('[data-testid^="dash-heat-region-"]').first();
    await firstRegion.waitFor({ timeout: 15_000 });
    const regionName = (await firstRegion.innerText()).trim();
    const cell = page.getByTestId('dash-heat').locator('tr.dash-heat-row').first().locator('td a').nth(1);
    await cell.click();
    await page.waitForURL(/regionCode=330299\d{3}000/);
    await expect.poll(() => page.getByTestId('dashboard').locator('.ant-card-head-title').first().innerText(), { timeout: 15_000 }).toContain(regionName);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the township discipline officer sees only 凤岭镇’s villages in the heat table', async () => {
    const errors: string[] = [];
    const page = await staffPage('fl.jiwei', errors);
    await page.goto(`${run.baseUrl}/dashboard`);
    const rows = page.getByTestId('dash-heat').locator('tr.dash-heat-row');
    await rows.first().waitFor({ timeout: 30_000 });
    const codes = await page.locator('[data-testid^="dash-heat-region-"]').evaluateAll((els) => els.map((e) => (e.getAttribute('data-testid') ?? '').replace('dash-heat-region-', '')));
    expect(codes.length).toBeGreaterThan(1);
    for (const c of codes) expect(c.startsWith(FENGLING_PREFIX), c).toBe(true);
    expect(codes).toContain(BAIKENG);
    const table = await page.getByTestId('dash-heat').innerText();
    expect(table).toContain('白坑村');
    expect(table).not.toContain('黄泥');
    // 其中公开事项提问 opens the disclosures page on its questions view, the asked window in its date fields.
    const dq = page.locator('a', { has: page.getByTestId('dash-figure-questions.disclosureAsked') });
    const dqHref = new URL((await dq.getAttribute('href')) ?? '', run.baseUrl);
    await dq.click();
    await page.waitForURL((u) => u.pathname === '/disclosures' && u.searchParams.get('view') === 'questions');
    await page.getByTestId('dq-table').waitFor({ timeout: 15_000 });
    const asked = await page.locator('[data-testid="dq-asked"] input[type="date"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(asked).toEqual([dqHref.searchParams.get('askedFrom'), dqHref.searchParams.get('askedTo')]);
    await page.goBack();
    // Another township's dashboard is out of scope.
    await page.goto(`${run.baseUrl}/dashboard?regionCode=330299102000`);
    await page.getByTestId('dash-error').waitFor({ timeout: 15_000 });
    await shot(page, 'dashboards-township-out-of-scope');
    await page.getByTestId('dash-back-to-scope').click();
    await page.waitForURL((u) => u.pathname === '/dashboard' && !u.searchParams.has('regionCode'));
    await rows.first().waitFor({ timeout: 30_000 });
    await page.getByTestId('dash-rules-chart').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(1_200); // the charts' entry animation
    await shot(page, 'dashboards-township');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the village secretary sees 本村待办 with links to the work', async () => {
    const errors: string[] = [];
    const page = await staffPage('bk.secretary', errors);
    expect(await page.getByTestId('side-menu').innerText()).toContain('本村待办');
    await page.getByTestId('side-menu').getByText('本村待办', { exact: true }).click();
    await page.waitForURL(/\/workboard/);
    for (const list of ['wb-overdue', 'wb-due', 'wb-waiting']) await page.getByTestId(list).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('workboard').innerText()).toContain('白坑村');
    // No village picker for a village account.
    expect(await page.getByTestId('wb-village').count()).toBe(0);
    const items = page.getByTestId('wb-item');
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await shot(page, 'dashboards-workboard');
    const link = items.first().locator('a').first();
    const href = (await link.getAttribute('href')) ?? '';
    expect(href.startsWith('/')).toBe(true);
    await link.click();
    await page.waitForURL((u) => u.pathname + u.search === href || u.pathname === href.split('?')[0]);
    expect(errors).toEqual([]);
    await page.close();

    // A township account chooses the village.
    const staff = await staffPage('fl.staff', errors);
    await staff.goto(`${run.baseUrl}/workboard`);
    await staff.getByTestId('wb-pick').waitFor({ timeout: 30_000 });
    await staff.goto(`${run.baseUrl}/workboard?regionCode=${BAIKENG}`);
    await staff.getByTestId('wb-overdue').waitFor({ timeout: 30_000 });
    expect(await staff.getByTestId('workboard').innerText()).toContain('白坑村');
    await staff.close();
  });

  it('the portal’s 公开统计 shows the village’s figures at 360 px, also in 长辈模式, and no personal data', async () => {
    const errors: string[] = [];
    const page = await run.browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${run.baseUrl}/portal/v/${BAIKENG}`);
    await page.getByText('公开统计', { exact: true }).first().click();
    await page.waitForURL(/\/stats$/);
    await page.getByTestId('stats-title').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('stats-title').innerText()).toContain('白坑村');
    expect(await page.getByTestId('stats-figure').count()).toBeGreaterThan(0);
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(ID_LIKE);
    expect(text).not.toMatch(PHONE_LIKE);
    expect(text).not.toContain('蒋伟');
    await noOverflow(page);
    await shot(page, 'dashboards-portal-stats-360');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboards-portal-stats-360-top.png') });

    // 长辈模式: larger type, still no sideways scrolling.
    await page.evaluate(() => localStorage.setItem('mpw.portal.elder', '1'));
    await page.reload();
    await page.getByTestId('stats-title').waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
    const size = await page.getByTestId('stats-figure').first().locator('.stats-figure-label').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(size).toBeGreaterThanOrEqual(22);
    await noOverflow(page);
    await shot(page, 'dashboards-portal-stats-360-elder');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboards-portal-stats-360-elder-top.png') });

    // The public endpoint itself answers aggregates only.
    const raw = await (await fetch(`${run.baseUrl}/api/v1/public/dashboards/stats?regionCode=${BAIKENG}`)).text();
    expect(raw).not.toMatch(ID_LIKE);
    expect(raw).not.toMatch(PHONE_LIKE);
    // An unknown village reads "not found".
    await page.goto(`${run.baseUrl}/portal/v/330299101299/stats`);
    await page.getByTestId('not-found').waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
