import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { consoleLogin, shot, startPlatform, type Running } from './harness.js';

let run: Running;
beforeAll(async () => {
  run = await startPlatform();
});
afterAll(() => run?.stop());

const BAIKENG = '330299101201';
const description = `购买村委会办公用品 e2e-${Date.now().toString(36)}`;

async function openBooks(page: Page, username: string) {
  await consoleLogin(page, run.baseUrl, username);
  await page.getByTestId('side-menu').waitFor({ timeout: 30_000 });
  await page.goto(`${run.baseUrl}/books`);
  await page.getByTestId('books-table').waitFor({ timeout: 30_000 });
}

function entryRow(page: Page) {
  return page.locator('tr', { hasText: description });
}

describe('village books: accountant → supervisor → villagers’ portal', () => {
  it('the accountant records and submits an expense entry', async () => {
    const page = await run.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await openBooks(page, 'bk.accountant');
    await page.getByTestId('entry-create').click();
    const form = page.getByTestId('entry-form');
    await form.waitFor();
    await page.locator('#accountCode').click();
    await page.keyboard.type('541');
    await page.keyboard.press('Enter');
    await page.locator('#amountYuan').fill('1280.5');
    await page.locator('#counterpartyName').fill('白坑文具店');
    await page.locator('#description').fill(description);
    await shot(page, 'books-entry-form');
    await page.getByTestId('entry-save').click();
    await entryRow(page).waitFor({ timeout: 15_000 });
    expect(await entryRow(page).innerText()).toContain('草稿');
    expect(await entryRow(page).innerText()).toContain('1,280.50');
    await entryRow(page).getByTestId('entry-submit').click();
    await expect.poll(() => entryRow(page).innerText(), { timeout: 15_000 }).toContain('待审核');
    await shot(page, 'books-entry-submitted');
    // The invoice is uploaded as the entry's voucher and listed with it.
    await entryRow(page).getByTestId('entry-vouchers').click();
    await page.getByTestId('attachments').waitFor({ timeout: 15_000 });
    await page.getByTestId('attachments').locator('input[type=file]').setInputFiles({ name: '文具发票.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% 发票\n%%EOF\n') });
    await expect.poll(() => page.getByTestId('attachments').innerText(), { timeout: 15_000 }).toContain('文具发票.pdf');
    await shot(page, 'books-entry-vouchers');
    await page.keyboard.press('Escape');
    await expect.poll(() => entryRow(page).getByTestId('entry-vouchers').innerText(), { timeout: 15_000 }).toContain('1');
    await page.close();
  });

  it('the supervisor approves it', async () => {
    const page = await run.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await openBooks(page, 'bk.supervisor');
    await entryRow(page).waitFor({ timeout: 15_000 });
    await entryRow(page).getByTestId('entry-approve').click();
    await page.getByTestId('entry-action-ok').click();
    await expect.poll(() => entryRow(page).innerText(), { timeout: 15_000 }).toContain('已审核');
    await shot(page, 'books-entry-approved');
    await page.close();
  });

  it('the portal shows it in 白坑村’s 财务收支 for this month', async () => {
    const page = await run.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    await page.goto(`${run.baseUrl}/portal/v/${BAIKENG}`);
    await page.getByTestId('section-finance').click();
    await page.getByTestId('finance-summary').waitFor({ timeout: 30_000 });
    expect(page.url()).toContain(`/portal/v/${BAIKENG}/finance`);
    const expense = page.getByTestId('finance-expense');
    await expect.poll(() => expense.innerText(), { timeout: 15_000 }).toContain('村里日常办公开支');
    await shot(page, 'portal-finance');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expense.locator('[data-category="村里日常办公开支"]').click();
    await page.getByTestId('finance-entries').waitFor({ timeout: 15_000 });
    const entry = page.getByTestId('finance-entry').filter({ hasText: description });
    await entry.waitFor({ timeout: 15_000 });
    expect(await entry.innerText()).toContain('1,280.50 元');
    expect(await entry.innerText()).toContain('白坑文具店');
    await shot(page, 'portal-finance-entries');
    await page.close();
  });

  it('the new console pages and portal sections open without errors', async () => {
    const page = await run.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await consoleLogin(page, run.baseUrl, 'bk.secretary');
    await page.getByTestId('side-menu').waitFor({ timeout: 30_000 });
    await page.goto(`${run.baseUrl}/book-periods`);
    await page.getByTestId('balances-table').waitFor({ timeout: 30_000 });
    await shot(page, 'books-periods');
    await page.goto(`${run.baseUrl}/assets`);
    await page.getByTestId('assets-table').waitFor({ timeout: 30_000 });
    await shot(page, 'assets-console');
    await page.goto(`${run.baseUrl}/disclosures`);
    await page.getByTestId('disclosures-table').waitFor({ timeout: 30_000 });
    await shot(page, 'disclosures-console');
    expect(errors).toEqual([]);
    await page.close();

    const phone = await run.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    phone.on('pageerror', (e) => errors.push(e.message));
    await phone.goto(`${run.baseUrl}/portal/v/${BAIKENG}/affairs?tab=disclosures`);
    await phone.getByTestId('tab-disclosures').waitFor({ timeout: 30_000 });
    await phone.waitForLoadState('networkidle');
    await shot(phone, 'portal-disclosures');
    await phone.goto(`${run.baseUrl}/portal/v/${BAIKENG}/assets`);
    await phone.getByTestId('assets-title').waitFor({ timeout: 30_000 });
    await phone.waitForLoadState('networkidle');
    await shot(phone, 'portal-assets');
    expect(errors).toEqual([]);
    await phone.close();
  });
});
