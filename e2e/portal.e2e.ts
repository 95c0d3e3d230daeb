import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, startPlatform, type Running } from './harness.js';

let run: Running;
beforeAll(async () => {
  run = await startPlatform();
});
afterAll(() => run?.stop());

describe('villagers’ portal on a phone (390×844)', () => {
  it('lists the villages, finds one by name and opens its home page with the published audit checkpoint', async () => {
    const page = await run.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    await page.goto(`${run.baseUrl}/portal/`);
    const items = page.getByTestId('village-item');
    await items.first().waitFor({ timeout: 30_000 });
    expect(await items.count()).toBe(12);
    await shot(page, 'portal-village-list');
    await page.locator('input').first().fill('茶岭');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(1);
    await items.first().click();
    await expect.poll(() => page.getByTestId('village-title').innerText().catch(() => ''), { timeout: 15_000 }).toContain('茶岭村');
    expect(page.url()).toContain('/portal/v/330299103201');
    await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000 }).toContain('今日留痕校验值');
    await shot(page, 'portal-village-home');
    // No horizontal scrolling on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });

  it('opens a village straight from a QR-code link', async () => {
    const page = await run.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' });
    await page.goto(`${run.baseUrl}/portal/v/330299101201`);
    await expect.poll(() => page.getByTestId('village-title').innerText().catch(() => ''), { timeout: 15_000 }).toContain('白坑村');
    await page.goto(`${run.baseUrl}/portal/v/330299101999`);
    await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000 }).toMatch(/不存在|找不到|没有找到/);
    await shot(page, 'portal-not-found');
    await page.close();
  });
});
