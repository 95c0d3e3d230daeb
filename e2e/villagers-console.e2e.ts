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
/** Another village of 凤岭镇: the demo issues no codes there. */
const NEIGHBOUR = '330299101202';
/** A household of 白坑村 other than the demo household with the documented code. */
const REISSUED = `${BAIKENG}-003`;
const tag = Date.now().toString(36);
const hearingTitle = `第四季度村民问政会（${tag}）`;
const sessionQuestion = `村道路灯坏了三个月，什么时候修？（${tag}）`;
const abusiveQuestion = `某某干部就是个骗子，大家别信他！（${tag}）`;
/** QUERY_CODE_ALPHABET, printed XXXX-XXXX. */
const CODE = /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/;

/** A villager's question through the portal's public endpoint (anonymous, no villager session). */
async function ask(body: { content: string; hearingId?: string }) {
  const r = await fetch(`${run.baseUrl}/api/v1/public/hearings/questions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ villageCode: BAIKENG, anonymous: true, ...body }),
  });
  expect(r.status).toBe(201);
}

async function newPage(errors: string[]) {
  const page = await run.browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

async function storedText(page: Page): Promise<string> {
  return page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
}

/** The first table row (of `rowClass`) whose text contains `text`. */
const rowWith = (page: Page, rowClass: string, text: string) => page.locator(`tr.${rowClass}`, { hasText: text }).first();

describe('the villagers’ side in the console: query cards, 村民问政, moderation, satisfaction', () => {
  it('cards are issued and printed, a re-issue needs a reason; the secretary runs a hearing and answers a question; the township hides an abusive one', async () => {
    const errors: string[] = [];

    // 户查询码 first issue: the demo gave every household of 白坑村 a code, so the township staff (who may
    // issue for the township's villages) issues to three households of a neighbouring village without one.
    const staff = await newPage(errors);
    await consoleLogin(staff, run.baseUrl, 'fl.staff');
    await staff.getByTestId('side-menu').waitFor({ timeout: 30_000 });
    expect(await staff.getByTestId('side-menu').innerText()).toContain('户查询码');
    await staff.goto(`${run.baseUrl}/households?regionCode=${NEIGHBOUR}&codeStatus=none`);
    await staff.locator('tr.hh-row').first().waitFor({ timeout: 30_000 });
    const householdIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const row = staff.locator('tr.hh-row').nth(i);
      householdIds.push((await row.locator('td').nth(1).innerText()).trim());
      await row.locator('.ant-checkbox-input').check();
    }
    await staff.getByTestId('hh-issue').click();
    await staff.locator('.ant-modal-confirm .ant-btn-primary').click();

    // The print view: a card per household with its code and QR, two per row on A4, a print button.
    const card = staff.getByTestId('hh-card').first();
    await card.waitFor({ timeout: 30_000 });
    expect(await staff.getByTestId('hh-card').count()).toBe(3);
    const code = (await card.getByTestId('hh-card-code').innerText()).trim();
    expect(code).toMatch(CODE);
    expect(await card.innerText()).toContain(householdIds[0]);
    const qr = card.getByTestId('hh-card-qr');
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const boxes = await staff.getByTestId('hh-card').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    expect(boxes[0]).toBe(boxes[1]);
    expect(boxes[2]).toBeGreaterThan(boxes[0]!);
    expect(await staff.getByTestId('hh-print').innerText()).toContain('查询码只显示这一次');
    expect(await staff.getByTestId('hh-print-button').isVisible()).toBe(true);
    await shot(staff, 'villagers-console-print');
    // Printing shows the cards alone (the A4 PDF is kept with the screenshots).
    await staff.emulateMedia({ media: 'print' });
    expect(await staff.getByTestId('side-menu').isVisible()).toBe(false);
    expect(await card.isVisible()).toBe(true);
    await staff.pdf({ path: path.join(ARTIFACTS, 'villagers-console-cards.pdf'), format: 'A4', printBackground: true });
    await staff.emulateMedia({ media: 'screen' });
    await staff.getByTestId('hh-print-close').click();
    await staff.getByTestId('hh-print').waitFor({ state: 'detached', timeout: 5_000 });
    // The code lives nowhere once the view is closed; the households show as issued.
    expect(await staff.content()).not.toContain(code);
    expect(await storedText(staff)).not.toContain(code);
    await staff.goto(`${run.baseUrl}/households?regionCode=${NEIGHBOUR}&q=${encodeURIComponent(householdIds[0]!)}`);
    await expect.poll(() => rowWith(staff, 'hh-row', householdIds[0]!).innerText(), { timeout: 15_000 }).toContain('已发放');
    await staff.close();

    // The secretary of 白坑村: the menu entries, then a re-issue, which needs a reason and warns that the old card stops working.
    const page = await newPage(errors);
    await consoleLogin(page, run.baseUrl, 'bk.secretary');
    const menu = page.getByTestId('side-menu');
    await menu.waitFor({ timeout: 30_000 });
    for (const item of ['户查询码', '村民问政', '村民提问', '满意度测评']) expect(await menu.innerText()).toContain(item);
    await page.goto(`${run.baseUrl}/households?codeStatus=active&q=${REISSUED}`);
    const issuedRow = rowWith(page, 'hh-row', REISSUED);
    await issuedRow.waitFor({ timeout: 30_000 });
    expect(await issuedRow.innerText()).toContain('已发放');
    await issuedRow.locator('.ant-checkbox-input').check();
    // A household with a code is re-issued, never issued again silently.
    expect(await page.getByTestId('hh-issue').isDisabled()).toBe(true);
    await page.getByTestId('hh-reissue').click();
    await page.getByTestId('hh-reissue-text').waitFor({ timeout: 10_000 });
    const dialog = page.locator('.ant-modal', { has: page.getByTestId('hh-reissue-text') });
    expect(await dialog.innerText()).toContain('原来的查询卡立即作废');
    await page.getByTestId('hh-reissue-ok').click();
    await dialog.locator('.ant-form-item-explain-error', { hasText: '请填写理由' }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('hh-print').count()).toBe(0);
    await shot(page, 'villagers-console-reissue-reason');
    await page.getByTestId('hh-reissue-text').fill('查询卡遗失，户主申请补发');
    await page.getByTestId('hh-reissue-ok').click();
    const newCard = page.getByTestId('hh-card').first();
    await newCard.waitFor({ timeout: 30_000 });
    expect((await newCard.getByTestId('hh-card-code').innerText()).trim()).toMatch(CODE);
    expect(await newCard.innerText()).toContain('白坑村');
    expect(await newCard.innerText()).toContain('第2张');
    expect(await newCard.getByTestId('hh-card-qr').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await page.getByTestId('hh-print-close').click();

    // 新建问政会 with two cadres, then start it.
    await page.goto(`${run.baseUrl}/hearings`);
    await page.getByTestId('hr-create').click();
    await page.getByTestId('hr-form-title').waitFor({ timeout: 10_000 });
    await page.getByTestId('hr-form-title').fill(hearingTitle);
    await page.getByTestId('hr-form-place').fill('白坑村村委会议室');
    await page.getByTestId('hr-cadre-name-0').fill('白书记');
    await page.getByTestId('hr-cadre-position-0').fill('村党支部书记');
    await page.getByTestId('hr-add-cadre').click();
    await page.getByTestId('hr-cadre-name-1').fill('白会计');
    await page.getByTestId('hr-cadre-position-1').fill('村报账员');
    await shot(page, 'villagers-console-hearing-form');
    await page.getByTestId('hr-form-ok').click();
    await page.waitForURL(/\/hearings\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const hearingId = page.url().split('/').pop()!;
    await page.getByTestId('hr-title').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('hr-title').innerText()).toBe(hearingTitle);
    expect(await page.getByTestId('hr-status').first().innerText()).toBe('即将召开');
    expect(await page.getByTestId('hr-cadre').count()).toBe(2);

    // The secretary (a manager) writes the first cadre's report.
    await page.getByTestId('hr-report-edit').first().click();
    await page.getByTestId('hr-report-text').fill('本季度主持村两委工作，推进村道硬化和路灯维修，严格执行“四议两公开”，未收受任何礼品礼金。');
    await page.getByTestId('hr-report-ok').click();
    await expect.poll(() => page.getByTestId('hr-cadres').innerText(), { timeout: 15_000 }).toContain('未收受任何礼品礼金');

    await page.getByTestId('hr-start').click();
    await page.getByTestId('hr-start-ok').click();
    await expect.poll(() => page.getByTestId('hr-status').first().innerText(), { timeout: 15_000 }).toBe('正在问政');
    expect(await page.getByTestId('hr-close').isVisible()).toBe(true);

    // A villager asks during the session (and someone posts abuse to the village); the secretary answers the first.
    await ask({ content: sessionQuestion, hearingId });
    await ask({ content: abusiveQuestion });
    await page.reload();
    const qRow = rowWith(page, 'q-row', sessionQuestion);
    await qRow.waitFor({ timeout: 15_000 });
    expect(await qRow.innerText()).toContain('待答复');
    await qRow.getByTestId('q-answer-button').click();
    await page.getByTestId('q-answer-text').fill('已联系供电所，本周五前全部修复，费用由村集体支出并公开。');
    await page.getByTestId('q-answer-ok').click();
    await expect.poll(() => rowWith(page, 'q-row', sessionQuestion).innerText(), { timeout: 15_000 }).toContain('已答复');
    expect(await rowWith(page, 'q-row', sessionQuestion).innerText()).toContain('本周五前全部修复');
    // The secretary may not hide questions.
    expect(await page.getByTestId('q-hide-button').count()).toBe(0);
    await shot(page, 'villagers-console-hearing');
    await page.close();

    // The township discipline officer hides the abusive question with a reason.
    const jiwei = await newPage(errors);
    await consoleLogin(jiwei, run.baseUrl, 'fl.jiwei');
    await jiwei.getByTestId('side-menu').waitFor({ timeout: 30_000 });
    await jiwei.goto(`${run.baseUrl}/village-questions?regionCode=${BAIKENG}&status=open`);
    const abuse = rowWith(jiwei, 'q-row', abusiveQuestion);
    await abuse.waitFor({ timeout: 30_000 });
    // Discipline officers moderate but do not answer for the village.
    expect(await abuse.getByTestId('q-answer-button').count()).toBe(0);
    await abuse.getByTestId('q-hide-button').click();
    await jiwei.getByTestId('q-hide-text').fill('含有侮辱他人的内容');
    await jiwei.getByTestId('q-hide-ok').click();
    await jiwei.goto(`${run.baseUrl}/village-questions?regionCode=${BAIKENG}&status=hidden`);
    const hidden = rowWith(jiwei, 'q-row', abusiveQuestion);
    await hidden.waitFor({ timeout: 30_000 });
    expect(await hidden.innerText()).toContain('已屏蔽');
    expect(await hidden.getByTestId('q-hide-reason').innerText()).toContain('含有侮辱他人的内容');
    await shot(jiwei, 'villagers-console-hidden');

    // The hidden question is gone from the portal's list.
    const pub = (await (await fetch(`${run.baseUrl}/api/v1/public/hearings/questions?villageCode=${BAIKENG}&pageSize=100`)).json()) as { data: { content: string }[] };
    expect(pub.data.map((q) => q.content)).not.toContain(abusiveQuestion);
    expect(pub.data.map((q) => q.content)).toContain(sessionQuestion);

    // 满意度测评: one row per village of the township and the township's total.
    await jiwei.goto(`${run.baseUrl}/satisfaction`);
    await jiwei.locator('tr.sv-row').first().waitFor({ timeout: 30_000 });
    const table = await jiwei.getByTestId('sv-table').innerText();
    expect(table).toContain('白坑村');
    expect(table).toContain('全镇合计');
    expect(await jiwei.locator('tr.sv-row').count()).toBeGreaterThan(2);
    await shot(jiwei, 'villagers-console-satisfaction');
    await jiwei.close();

    expect(errors).toEqual([]);
  });
});
