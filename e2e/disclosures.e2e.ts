import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLogin, shot, startPlatform, type Running } from './harness.js';

let run: Running;
beforeAll(async () => {
  run = await startPlatform();
});
afterAll(() => run?.stop());

const BAIKENG = '330299101201';
const title = `村道路灯维修费用公开 ${Date.now().toString(36)}`;

describe('村务公开: the secretary publishes, a villager asks, the secretary answers and corrects', () => {
  it('runs the whole loop between the console and the portal', async () => {
    const page = await run.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await consoleLogin(page, run.baseUrl, 'bk.secretary');
    await page.getByTestId('side-menu').waitFor({ timeout: 30_000 });
    await page.goto(`${run.baseUrl}/disclosures`);
    await page.getByTestId('disclosure-create').click();
    await page.locator('#title').fill(title);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.getByTestId('disclosure-editor').waitFor({ timeout: 15_000 });
    await page.locator('#summary').fill('本月维修村道路灯12盏，共花费3,600元，由村委会从管理费用中支付。');
    await page.getByTestId('disclosure-add-section').click();
    await page.locator('#sections_0_heading').fill('维修明细');
    await page.getByText('表格', { exact: true }).click();
    await page.locator('#sections_0_table').fill('地点 | 盏数 | 金额（元）\n村口 | 5 | 1500\n祠堂前 | 7 | 2100');
    await shot(page, 'disclosure-editor');
    await page.getByTestId('disclosure-publish').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.getByTestId('disclosure-content').waitFor({ timeout: 15_000 });
    expect(await page.locator('body').innerText()).toContain('已公开');
    const url = page.url();

    const phone = await run.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    phone.on('pageerror', (e) => errors.push(e.message));
    await phone.goto(`${run.baseUrl}/portal/v/${BAIKENG}/affairs?tab=disclosures`);
    await phone.getByTestId('public-disclosure').filter({ hasText: title }).click();
    await phone.getByTestId('disclosure-title').waitFor({ timeout: 15_000 });
    expect(await phone.getByTestId('disclosure-section').innerText()).toContain('祠堂前');
    await phone.getByTestId('ask-open').click();
    await phone.getByTestId('ask-content').fill('路灯是哪家公司修的？');
    await phone.getByTestId('ask-submit').click();
    await phone.getByTestId('ask-done').waitFor({ timeout: 15_000 });
    await shot(phone, 'portal-disclosure-asked');

    await page.goto(url);
    await page.getByTestId('question-answer-text').fill('由镇上的光明电器维修部维修，发票已入账。');
    await page.getByTestId('question-answer').click();
    await expect.poll(() => page.getByTestId('disclosure-questions').innerText(), { timeout: 15_000 }).toContain('光明电器');
    await page.getByTestId('disclosure-correct').click();
    await page.locator('#summary').fill('本月维修村道路灯12盏，共花费3,660元（含运费60元），由村委会从管理费用中支付。');
    await page.getByTestId('disclosure-correct-reason').fill('漏记运费60元');
    await page.getByTestId('disclosure-correct-submit').click();
    await expect.poll(() => page.getByTestId('disclosure-versions').innerText().catch(() => ''), { timeout: 15_000 }).toContain('漏记运费');
    await shot(page, 'disclosure-console-corrected');

    // The public API answers no-cache with an ETag: a fresh browser (new context, empty cache) sees the correction at once.
    const phoneUrl = phone.url();
    await phone.close();
    const phone2 = await run.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    phone2.on('pageerror', (e) => errors.push(e.message));
    await phone2.goto(phoneUrl);
    await phone2.getByTestId('corrected-tag').waitFor({ timeout: 15_000 });
    expect(await phone2.getByTestId('disclosure-versions').innerText()).toContain('漏记运费60元');
    expect(await phone2.getByTestId('disclosure-questions').innerText()).toContain('光明电器');
    await shot(phone2, 'portal-disclosure-corrected');
    // The first version still opens, marked corrected, with the reason and a way back to the current one.
    await phone2.getByTestId('disclosure-version-link-1').click();
    await phone2.getByTestId('old-version-notice').waitFor({ timeout: 15_000 });
    expect(await phone2.getByTestId('old-version-notice').innerText()).toContain('漏记运费60元');
    expect(await phone2.getByTestId('disclosure-old-version').innerText()).toContain('共花费3,600元');
    await shot(phone2, 'portal-disclosure-old-version');
    await phone2.getByTestId('current-version-link').click();
    await expect.poll(() => phone2.getByTestId('disclosure-summary').innerText(), { timeout: 15_000 }).toContain('含运费60元');
    const overflow = await phone2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await phone2.close();
    await page.close();
  });
});
