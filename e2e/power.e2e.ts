import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { consoleLogin, shot, startPlatform, type Running } from './harness.js';

/** The <input> of an antd field, whether the test id sits on the input or on its wrapper. */
const input = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

/**
 * The power list, matters and the township's filing inbox, in a browser against the real server with
 * the demo district (the demo seed loads the default catalogue into 330299000000).
 */
let run: Running;
beforeAll(async () => {
  run = await startPlatform();
});
afterAll(() => run?.stop());

const VILLAGE = '330299101201'; // 白坑村
const TITLE = `李大娘困难救助申请 ${Date.now() % 100000}`;

describe('power list and matters', () => {
  it('a villager opens 白坑村’s power list on a phone and reads the 低保 item with its flowchart', async () => {
    const page = await run.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    await page.goto(`${run.baseUrl}/portal/`);
    const village = page.locator(`[data-testid="village-item"][data-code="${VILLAGE}"]`);
    await village.waitFor({ timeout: 30_000 });
    await village.click();
    await expect.poll(() => page.getByTestId('village-title').innerText().catch(() => ''), { timeout: 15_000 }).toContain('白坑村');

    await page.getByTestId('section-powerList').click();
    const items = page.getByTestId('power-item');
    await items.first().waitFor({ timeout: 15_000 });
    expect(page.url()).toContain(`/portal/v/${VILLAGE}/power`);
    expect(await items.count()).toBeGreaterThan(20);
    await shot(page, 'portal-power-list');

    await page.locator('[data-testid="power-item"][data-name*="低保"]').first().click();
    await expect.poll(() => page.getByTestId('power-item-title').innerText().catch(() => ''), { timeout: 15_000 }).toContain('低保');
    for (const text of ['要带哪些材料', '多长时间办完', '谁负责', '办事流程图', '要公开什么']) await expect.poll(() => page.locator('body').innerText()).toContain(text);

    const img = page.getByTestId('flowchart-img');
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    const fit = await img.evaluate((el: HTMLImageElement) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, width: r.width, height: r.height, viewport: window.innerWidth };
    });
    expect(fit.left).toBeGreaterThanOrEqual(0);
    expect(fit.right).toBeLessThanOrEqual(fit.viewport);
    expect(fit.width).toBeGreaterThan(fit.viewport * 0.75); // readable: nearly the whole screen width
    expect(fit.height).toBeGreaterThan(fit.width); // a tall chart, not squashed
    // The page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await shot(page, 'portal-power-item');
    await page.close();
  });

  it('the village secretary starts a matter from an item, finds it in the list and follows it', async () => {
    const page = await run.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await consoleLogin(page, run.baseUrl, 'bk.secretary');
    await page.getByTestId('side-menu').getByText('权力清单').click();
    await page.getByTestId('power-table').waitFor({ timeout: 30_000 });
    await input(page, 'power-search').fill('困难群众救助');
    await input(page, 'power-search').press('Enter');
    const link = page.getByTestId('power-item-link').filter({ hasText: '困难群众救助' });
    await link.first().waitFor({ timeout: 15_000 });
    await link.first().click();
    await expect.poll(() => page.getByTestId('power-item-title').innerText().catch(() => ''), { timeout: 15_000 }).toContain('困难群众救助');

    // 流程图 tab: the server's SVG renders.
    await page.getByRole('tab', { name: '流程图' }).click();
    await expect.poll(() => page.getByTestId('flowchart-img').evaluate((el: HTMLImageElement) => el.naturalWidth).catch(() => 0), { timeout: 15_000 }).toBeGreaterThan(0);

    // Start a matter from the item (village and item are filled in).
    await page.getByTestId('power-start-matter').click();
    const form = page.getByTestId('matter-start-form');
    await form.waitFor();
    await expect.poll(() => form.innerText()).toContain('困难群众救助');
    await input(page, 'matter-start-title').fill(TITLE);
    await input(page, 'matter-start-amount').fill('2000');
    await input(page, 'matter-start-applicant').fill('李秀英');
    await input(page, 'matter-start-idnumber').fill('11010519491231002X');
    await page.getByTestId('matter-start-submit').click();

    // The detail page of the new matter.
    await page.waitForURL(/\/matters\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    const matterUrl = page.url();
    await expect.poll(() => page.getByTestId('matter-title').innerText().catch(() => ''), { timeout: 15_000 }).toContain(TITLE);

    // It is in the list.
    await page.getByTestId('side-menu').getByText('事项办理').click();
    const row = page.getByTestId('matter-link').filter({ hasText: TITLE });
    await row.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('matters-table').innerText()).toContain('2,000.00 元');
    await row.click();
    await page.waitForURL(matterUrl);

    // Detail: steps, the coloured flowchart, the history, the amount in yuan, the masked ID number.
    await expect.poll(() => page.getByTestId('matter-steps').innerText().catch(() => ''), { timeout: 15_000 }).toContain('初步核实');
    await page.locator('[data-testid="flowchart-inline"] svg').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="flowchart-inline"] .mpw-state-done').count()).toBe(1);
    expect(await page.locator('[data-testid="flowchart-inline"] .mpw-state-current').count()).toBe(1);
    const history = await page.getByTestId('matter-history').innerText();
    expect(history).toContain('发起');
    expect(history).toContain('提交');
    expect(history).toContain('bk.secretary');
    const info = await page.getByTestId('matter-info').innerText();
    expect(info).toContain('2,000.00 元');
    expect(info).not.toContain('11010519491231002X');
    await shot(page, 'console-matter-detail');

    // The open step is the secretary's: approve it, so that it goes to the township for filing.
    await page.getByTestId('matter-action-approve').click();
    await page.getByTestId('matter-action-note').fill('经入户核实，情况属实');
    await page.getByTestId('matter-action-ok').click();
    await expect.poll(() => page.getByTestId('matter-history').innerText(), { timeout: 15_000 }).toContain('经入户核实，情况属实');
    await expect.poll(() => page.getByTestId('matter-info').innerText()).toContain('转交乡镇');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.waitForTimeout(300); // the mask's fade-out
    await shot(page, 'console-matter-after-approve');
    await page.close();
  });

  it('the township staff is told in the inbox, sees the matter in the filing inbox and accepts it', async () => {
    const page = await run.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await consoleLogin(page, run.baseUrl, 'fl.staff');

    // The bell counts the unread notice of the filing step; its link opens the matter.
    const bell = page.getByTestId('notification-bell');
    await bell.waitFor({ timeout: 30_000 });
    await bell.click();
    const notice = page.getByTestId('inbox-item').filter({ hasText: TITLE });
    await notice.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(400); // the popover's fade-in
    await shot(page, 'console-inbox');
    await notice.locator('button').first().click();
    await page.waitForURL(/\/matters\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    await expect.poll(() => page.getByTestId('matter-actions').innerText(), { timeout: 15_000 }).toContain('备案通过');

    await page.getByTestId('side-menu').getByText('备案收件箱').click();
    const pending = page.getByTestId('filing-pending');
    await pending.waitFor({ timeout: 30_000 });
    await expect.poll(() => pending.innerText(), { timeout: 15_000 }).toContain(TITLE);
    expect(await page.getByTestId('filing-by-village').innerText()).toContain('白坑村');
    await shot(page, 'console-filing-inbox');

    await pending.locator('tr', { hasText: TITLE }).getByTestId('filing-accept').click();
    await page.getByRole('button', { name: '备案通过' }).last().click();
    await expect.poll(() => page.getByTestId('filing-recent').innerText(), { timeout: 15_000 }).toContain('通过');
    await expect.poll(() => pending.innerText()).not.toContain(TITLE);
    await page.locator('.ant-modal-confirm').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    await shot(page, 'console-filing-after-accept');
    await page.close();
  });
});
