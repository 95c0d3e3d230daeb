import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { consoleLogin, shot, startPlatform, type Running } from './harness.js';

let run: Running;
beforeAll(async () => {
  run = await startPlatform();
});
afterAll(() => run?.stop());

const stamp = Date.now().toString(36).slice(-5);
const problem1 = `2026年村级财务收支未按月公开-${stamp}`;
const problem2 = `集体鱼塘发包未经公开竞价-${stamp}`;
const PDF = Buffer.from('%PDF-1.4\n% 整改佐证\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A signed-in console page of its own (a browser context per person, so both stay signed in). */
async function signedIn(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  await consoleLogin(page, run.baseUrl, username);
  await page.getByTestId('side-menu').waitFor({ timeout: 30_000 });
  return page;
}

async function itemStatus(page: Page, seq: number, text: string) {
  await expect.poll(() => page.getByTestId(`item-${seq}`).getByTestId('item-status').innerText(), { timeout: 15_000 }).toBe(text);
}

async function modalOk(page: Page, testId: string, text?: string) {
  await page.locator('.ant-modal:visible').last().waitFor({ timeout: 10_000 });
  if (text !== undefined) await page.getByTestId(`${testId}-text`).fill(text);
  await page.getByTestId(`${testId}-ok`).click();
  await page.locator('.ant-modal:visible').last().waitFor({ state: 'hidden', timeout: 15_000 });
}

/** Text of the page must not show boxes for Chinese nor cut off: the screenshots are looked at, this checks the layout is wider than the viewport nowhere. */
async function noHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('整改 in the console: a township notice to a village, answered, returned, answered again, accepted; ledger and export', () => {
  it('runs the whole round between 凤岭镇纪委 and 白坑村', async () => {
    const errors: string[] = [];
    const township = await signedIn(run.browser, 'fl.jiwei');
    township.on('pageerror', (e) => errors.push(e.message));

    // The township discipline officer opens the ledger from the menu and issues a notice with two items.
    const menu = township.getByTestId('side-menu');
    expect(await menu.innerText()).toContain('整改台账');
    expect(await menu.innerText()).toContain('监督检查');
    await menu.getByText('整改台账').click();
    await township.getByTestId('rect-new-notice').click();
    await township.getByTestId('notice-submit').waitFor({ timeout: 30_000 });

    const unitItem = township.locator('.ant-form-item', { has: township.locator('label', { hasText: '责任单位' }) }).first();
    await unitItem.locator('.ant-select').click();
    await township.keyboard.type('白坑');
    await township.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: '白坑村' }).first().click();
    await township.getByTestId('notice-title').fill(`关于白坑村财务公开问题的整改通知-${stamp}`);
    await township.getByTestId('notice-requirement').fill('请于期限内逐项整改到位，并报送整改措施和佐证材料。');
    await township.getByTestId('notice-responsible').fill('白坑村党支部书记');
    await township.getByTestId('notice-item-0-problem').fill(problem1);
    await township.getByTestId('notice-item-0-requirement').fill('补公开1—6月财务收支明细，建立按月公开台账。');
    await township.getByTestId('notice-add-item').click();
    await township.getByTestId('notice-item-1-problem').fill(problem2);
    await township.getByTestId('notice-item-1-requirement').fill('重新组织公开竞价，收回不合规合同。');
    await shot(township, 'rectification-notice-form');
    await noHorizontalOverflow(township);
    await township.getByTestId('notice-submit').click();

    // The notice: numbered by the issuer (凤岭镇纪整改〔year〕n号), two open items, print available.
    const numberEl = township.getByTestId('notice-number');
    await numberEl.waitFor({ timeout: 15_000 });
    const number = (await numberEl.innerText()).trim();
    expect(number).toMatch(/^凤岭镇纪整改〔\d{4}〕\d+号$/);
    const noticeUrl = township.url();
    expect(noticeUrl).toMatch(/\/rectification\/notices\/[0-9a-f-]{36}$/);
    await itemStatus(township, 1, '整改中');
    await itemStatus(township, 2, '整改中');
    expect(await township.getByTestId('notice-facts').innerText()).toContain('白坑村');
    expect(await township.getByTestId('notice-print').getAttribute('href')).toContain('/print');
    // The issuer decides but does not answer.
    expect(await township.getByTestId('item-1-answer').count()).toBe(0);
    await shot(township, 'rectification-notice-issued');

    // The village secretary finds it in the ledger and answers item 1 with evidence.
    const village = await signedIn(run.browser, 'bk.secretary');
    village.on('pageerror', (e) => errors.push(e.message));
    await village.getByTestId('side-menu').getByText('整改台账').click();
    await village.getByTestId('rect-search').locator('input').fill(number);
    await village.getByTestId('rect-search').locator('input').press('Enter');
    await expect.poll(() => village.getByTestId('rect-items').locator('tbody tr.rect-row').count(), { timeout: 15_000 }).toBe(2);
    expect(await village.getByTestId('rect-new-notice').count()).toBe(0);
    await village.getByTestId('rect-items').locator('tbody tr.rect-row', { hasText: problem1 }).click();
    await village.getByTestId('notice-number').waitFor({ timeout: 15_000 });
    expect(await village.getByTestId('item-1-accept').count()).toBe(0);
    await village.getByTestId('item-1-answer').click();
    await village.locator('.ant-modal:visible').last().waitFor({ timeout: 10_000 });
    await village.getByTestId('item-answer-text').fill('已补公开1—6月财务收支明细，并在村务公开栏张贴。');
    await village.locator('.ant-modal:visible input[type=file]').setInputFiles({ name: '公开栏照片.pdf', mimeType: 'application/pdf', buffer: PDF });
    await shot(village, 'rectification-answer-dialog');
    await village.getByTestId('item-answer-ok').click();
    await village.locator('.ant-modal:visible').last().waitFor({ state: 'hidden', timeout: 15_000 });
    await itemStatus(village, 1, '待验收');
    await expect.poll(() => village.getByTestId('item-1-answers').innerText(), { timeout: 10_000 }).toContain('公开栏照片.pdf');

    // Back at the township: return it with a reason.
    await township.reload();
    await itemStatus(township, 1, '待验收');
    await township.getByTestId('item-1-return').click();
    await modalOk(township, 'item-return', '未附公开栏现场照片，公开内容缺少5月明细。');
    await itemStatus(township, 1, '已退回');
    expect(await township.getByTestId('item-1-answers').innerText()).toContain('缺少5月明细');

    // The village sees the reason and answers again.
    await village.reload();
    await itemStatus(village, 1, '已退回');
    expect(await village.getByTestId('item-1-answers').innerText()).toContain('缺少5月明细');
    await village.getByTestId('item-1-answer').click();
    await modalOk(village, 'item-answer', '已补齐5月明细并重新公开，附现场照片。');
    await itemStatus(village, 1, '待验收');

    // The township accepts (销号): item 1 closed, the notice still open for item 2.
    await township.reload();
    await township.getByTestId('item-1-accept').click();
    await modalOk(township, 'item-accept');
    await itemStatus(township, 1, '已销号');
    await itemStatus(township, 2, '整改中');
    expect(await township.getByTestId('notice-status').innerText()).toBe('整改中');
    await shot(township, 'rectification-notice-after-accept');

    // The ledger: item 1 closed (销号 today), item 2 open.
    await township.goto(`${run.baseUrl}/rectification?q=${encodeURIComponent(number)}`);
    const rows = township.getByTestId('rect-items').locator('tbody tr.rect-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    const row1 = await rows.filter({ hasText: problem1 }).innerText();
    const row2 = await rows.filter({ hasText: problem2 }).innerText();
    expect(row1).toContain('已销号');
    expect(row1).toContain('按期');
    expect(row2).toContain('整改中');
    await shot(township, 'rectification-ledger');
    await township.getByRole('tab', { name: '整改通知书' }).click();
    await expect.poll(() => township.getByTestId('rect-notices').innerText(), { timeout: 15_000 }).toContain(number);
    expect(await township.getByTestId('rect-notices').innerText()).toContain('已销号 1/2');
    await shot(township, 'rectification-notices');
    await township.goto(`${run.baseUrl}/rectification?q=${encodeURIComponent(number)}`);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    await noHorizontalOverflow(township);

    // The status filter narrows to the closed one.
    await township.goto(`${run.baseUrl}/rectification?q=${encodeURIComponent(number)}&status=closed`);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await rows.first().innerText()).toContain(problem1.slice(0, 10));

    // Export: an .xlsx (a zip: starts with PK) with the filters of the page.
    const [download] = await Promise.all([township.waitForEvent('download', { timeout: 30_000 }), township.getByTestId('rect-export').click()]);
    const file = await download.path();
    const bytes = readFileSync(file!);
    expect(bytes.length).toBeGreaterThan(1000);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(download.url()).toContain('status=closed');

    // The on-time rate tab with its chart.
    await township.goto(`${run.baseUrl}/rectification?tab=stats`);
    await township.getByTestId('rect-stats').waitFor({ timeout: 15_000 });
    await expect.poll(() => township.getByTestId('rect-stats').innerText(), { timeout: 15_000 }).toContain('凤岭镇');
    await township.getByTestId('rect-stats-by').getByText('按村').click();
    await expect.poll(() => township.getByTestId('rect-stats').innerText(), { timeout: 15_000 }).toContain('白坑村');
    await township.getByTestId('rect-stats-chart').waitFor({ timeout: 15_000 });
    await shot(township, 'rectification-stats');

    // English is available: the ledger in English.
    await township.goto(`${run.baseUrl}/rectification?q=${encodeURIComponent(number)}`);
    await township.locator('.ant-segmented-item', { hasText: 'EN' }).first().click();
    await expect.poll(() => township.getByTestId('rect-items').innerText(), { timeout: 10_000 }).toContain('Rectifying');
    expect(await township.getByTestId('side-menu').innerText()).toContain('Rectification ledger');
    await shot(township, 'rectification-ledger-en');
    await noHorizontalOverflow(township);
    await township.locator('.ant-segmented-item', { hasText: '中文' }).first().click();

    // The print view is an HTML page with the number.
    const print = await township.context().request.get(`${run.baseUrl}/api/v1/rectification/notices/${noticeUrl.split('/').pop()}/print`);
    expect(print.status()).toBe(200);
    expect(await print.text()).toContain(number);

    expect(errors).toEqual([]);
    await township.context().close();
    await village.context().close();
  }, 300_000);

  it('the inspections page lists plans and the new-plan form pre-fills the checklist of a focus area', async () => {
    const page = await signedIn(run.browser, 'fl.jiwei');
    await page.getByTestId('side-menu').getByText('监督检查').click();
    await page.getByTestId('plan-new-link').click();
    await page.getByTestId('plan-submit').waitFor({ timeout: 30_000 });
    await page.getByTestId('plan-title').fill(`2026年第一季度村级财务自查-${stamp}`);
    await page.getByTestId('plan-areas').getByText('村级财务').click();
    await expect.poll(() => page.getByTestId('plan-checklist').innerText(), { timeout: 5_000 }).toContain('村级财务');
    expect(await page.getByTestId('plan-checklist').locator('input').first().inputValue()).toContain('账外账');
    const scope = page.locator('.ant-form-item', { has: page.locator('label', { hasText: '检查范围' }) }).first();
    await scope.locator('.ant-select').click();
    await page.keyboard.type('白坑');
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: '白坑村' }).first().click();
    await page.keyboard.press('Escape');
    await shot(page, 'inspection-plan-form');
    await noHorizontalOverflow(page);
    await page.getByTestId('plan-submit').click();
    await page.getByTestId('plan-title-text').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('plan-status').innerText()).toBe('草稿');
    expect(await page.getByTestId('plan-scope-list').innerText()).toContain('白坑村');
    await page.getByTestId('plan-activate').click();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('plan-status').innerText(), { timeout: 15_000 }).toBe('进行中');

    // A finding in the plan, with its checklist item.
    await page.getByTestId('plan-add-finding').click();
    await page.getByTestId('finding-submit').waitFor({ timeout: 15_000 });
    await page.getByTestId('finding-village').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '白坑村' }).first().click();
    await page.getByTestId('finding-checklist').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '报销凭证是否齐全' }).first().click();
    await page.getByTestId('finding-description').fill('2026年1—3月有4笔支出无经手人签字。');
    await page.locator('input[type=file]').setInputFiles({ name: '凭证照片.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByTestId('finding-submit').click();
    await page.getByTestId('finding-description-text').waitFor({ timeout: 15_000 });
    const facts = await page.getByTestId('finding-facts').innerText();
    expect(facts).toContain('白坑村');
    expect(facts).toContain('报销凭证是否齐全');
    const findingUrl = page.url();
    await expect.poll(() => page.getByTestId('attachments').innerText(), { timeout: 10_000 }).toContain('凭证照片.pdf');
    await shot(page, 'inspection-finding');

    // 下发整改 from the finding: the notice form is pre-filled with the village and the problem.
    await page.getByTestId('finding-rectify').click();
    await page.getByTestId('notice-submit').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('notice-item-0-problem').inputValue()).toContain('无经手人签字');
    expect(await page.getByTestId('notice-source').innerText()).toContain('监督检查');
    await shot(page, 'rectification-notice-from-finding');
    await page.getByTestId('notice-requirement').fill('请补齐签字手续，并规范报销审核流程。');
    await page.getByTestId('notice-responsible').fill('白坑村报账员');
    await page.getByTestId('notice-item-0-requirement').fill('补签并说明情况。');
    await page.getByTestId('notice-submit').click();
    await page.getByTestId('notice-number').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('item-1').innerText()).toContain('监督检查');

    // The finding is now being rectified.
    await page.goto(findingUrl);
    await expect.poll(() => page.getByTestId('finding-status').innerText(), { timeout: 15_000 }).toBe('整改中');

    // The plans list shows the plan in progress with its finding.
    await page.goto(`${run.baseUrl}/inspections`);
    const plan = page.getByTestId('plans-table').locator('tbody tr', { hasText: stamp });
    await expect.poll(() => plan.innerText(), { timeout: 15_000 }).toContain('进行中');
    await shot(page, 'inspection-plans');
    await noHorizontalOverflow(page);
    await page.context().close();
  }, 240_000);
});
