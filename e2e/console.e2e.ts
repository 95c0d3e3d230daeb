import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLogin, shot, startPlatform, type Running } from './harness.js';

let run: Running;
beforeAll(async () => {
  run = await startPlatform();
});
afterAll(() => run?.stop());

describe('console', () => {
  it('a township discipline officer signs in and sees only that township’s villages', async () => {
    const page = await run.browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    await consoleLogin(page, run.baseUrl, 'fl.jiwei');
    const tree = page.getByTestId('region-tree');
    await tree.waitFor({ timeout: 30_000 });
    await expect.poll(() => tree.innerText()).toContain('白坑村');
    const text = await tree.innerText();
    for (const own of ['凤岭镇', '白坑村', '小家村', '上坞村', '桃源村']) expect(text).toContain(own);
    for (const other of ['黄泥镇', '竹畈村', '白沙镇', '茶岭村']) expect(text).not.toContain(other);
    // The menu shows what the role may use: audit yes, settings yes (read), account management read-only.
    const menu = await page.locator('.ant-layout-sider').innerText();
    expect(menu).toContain('审计');
    await shot(page, 'console-township-home');
    await page.close();
  });

  it('five wrong passwords lock the account, and then even the right one is refused', async () => {
    const page = await run.browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    for (let i = 1; i <= 5; i++) {
      await consoleLogin(page, run.baseUrl, 'bk.accountant', `Wrong-pass-${i}x`);
      await expect.poll(() => page.getByTestId('login-error').innerText().catch(() => ''), { timeout: 15_000 }).toMatch(i < 5 ? /用户名或密码错误/ : /锁定/);
    }
    await consoleLogin(page, run.baseUrl, 'bk.accountant');
    await expect.poll(() => page.getByTestId('login-error').innerText().catch(() => ''), { timeout: 15_000 }).toMatch(/锁定/);
    await shot(page, 'console-locked');
    expect(page.url()).toContain('/login');
    await page.close();
  });

  it('the district admin sees every township and the OpenAPI document is served', async () => {
    const page = await run.browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    await consoleLogin(page, run.baseUrl, 'admin');
    const tree = page.getByTestId('region-tree');
    await tree.waitFor({ timeout: 30_000 });
    await expect.poll(() => tree.innerText()).toContain('白沙镇');
    await shot(page, 'console-admin-home');
    const docs = await fetch(`${run.baseUrl}/api/docs/json`).then((r) => r.json());
    expect(Object.keys(docs.paths)).toContain('/api/v1/auth/login');
    await page.close();
  });
  it('the district admin adds a local holiday to the calendar and the due date moves past it', async () => {
    const page = await run.browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    await consoleLogin(page, run.baseUrl, 'admin');
    await page.getByTestId('side-menu').waitFor({ timeout: 30_000 });
    await page.goto(`${run.baseUrl}/calendar`);
    await page.getByTestId('calendar-add').click();
    await page.getByRole('dialog').waitFor();
    // 2026-12-02 is a Wednesday: made a district holiday, three working days from Tuesday 12-01 end on Monday 12-07.
    await page.getByTestId('calendar-day').click();
    await page.keyboard.type('2026-12-02');
    await page.keyboard.press('Enter');
    await page.getByTestId('calendar-name').fill('防汛抢险调休');
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.locator('tr', { hasText: '2026-12-02' }).innerText().catch(() => ''), { timeout: 15_000 }).toContain('防汛抢险调休');
    // The dialog closes after saving; wait until it no longer covers the page.
    await page.getByRole('dialog').waitFor({ state: 'hidden', timeout: 15_000 });
    const dueCard = page.locator('.ant-card', { hasText: '期限计算' });
    await dueCard.locator('.ant-picker input').fill('2026-12-01');
    await page.keyboard.press('Enter');
    await dueCard.locator('.ant-input-number-input').fill('3');
    await page.getByTestId('calendar-compute').click();
    await expect.poll(() => page.getByTestId('calendar-due').innerText().catch(() => ''), { timeout: 15_000 }).toContain('2026-12-07');
    await shot(page, 'console-calendar');
    await page.close();
  });
});
