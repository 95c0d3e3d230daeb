import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { DEMO_HOUSEHOLD } from '../apps/server/src/modules/demo/demo.households.js';
import { shot, startPlatform, type Running } from './harness.js';

let run: Running;
beforeAll(async () => {
  run = await startPlatform();
});
afterAll(() => run?.stop());

const BAIKENG = '330299101201';
const PHONE_360 = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' } as const;
const PHONE_390 = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' } as const;

/** The initial-JS budget of the issue, in bytes as they travel (what a phone on a slow network pays for). */
const JS_BUDGET = 200 * 1024;
/**
 * Bounds under Lighthouse's mobile throttling (150 ms round trip, 1.6 Mbit/s down, 4× slower CPU), cold
 * cache. Measured on the CI machine: first contentful paint ≈ 2 s and the village name ≈ 3 s (docs/portal.md).
 * The bounds leave 2–3× room for a busy machine: they catch a page that doubles its weight, not jitter.
 */
const FCP_BOUND_MS = 6_000;
const NAME_BOUND_MS = 9_000;

/** The code as printed on the card, XXXX-XXXX. */
const printed = (c: string) => c.replace(/[\s-]/g, '').toUpperCase().replace(/^(.{4})(.{4})$/, '$1-$2');
const CODE = printed(DEMO_HOUSEHOLD.queryCode);
/** A card's QR link: the code travels in the fragment. */
const cardUrl = () => `${run.baseUrl}/portal/v/${BAIKENG}/household#code=${CODE}`;

async function noOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

/** Every image has a text alternative and every button, link and switch has an accessible name (Chromium's own accessibility tree). */
async function accessible(page: Page, cdp: CDPSession) {
  expect(await page.locator('img:not([alt])').count()).toBe(0);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { ignored?: boolean; role?: { value?: string }; name?: { value?: string } }[] };
  const unnamed = nodes.filter((n) => !n.ignored && ['button', 'link', 'switch', 'radio', 'textbox', 'image'].includes(n.role?.value ?? '') && !(n.name?.value ?? '').trim());
  expect(unnamed.map((n) => n.role?.value)).toEqual([]);
}

async function villageHome(page: Page) {
  await page.goto(`${run.baseUrl}/portal/v/${BAIKENG}`);
  await expect.poll(() => page.getByTestId('village-title').innerText().catch(() => ''), { timeout: 20_000 }).toContain('白坑村');
}

async function verify(page: Page, code: string) {
  await page.getByTestId('verify-id').fill(DEMO_HOUSEHOLD.idNumber);
  await page.getByTestId('verify-name').fill(DEMO_HOUSEHOLD.name);
  await page.getByTestId('verify-code').fill(code);
  await page.getByTestId('verify-submit').click();
}

describe('portal on a slow phone: budget and performance', () => {
  it('transfers at most 200 KB of JavaScript on a cold load of the village home', async () => {
    const context = await run.browser.newContext(PHONE_360);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const scripts = new Map<string, { url: string; encoding: string }>();
    const bytes = new Map<string, number>();
    cdp.on('Network.responseReceived', (e: { requestId: string; type: string; response: { url: string; headers: Record<string, string> } }) => {
      if (e.type === 'Script') scripts.set(e.requestId, { url: e.response.url, encoding: e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? 'identity' });
    });
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => bytes.set(e.requestId, e.encodedDataLength));
    await villageHome(page);
    await page.waitForLoadState('networkidle');
    const files = [...scripts].map(([id, s]) => ({ ...s, bytes: bytes.get(id) ?? 0 }));
    const total = files.reduce((n, f) => n + f.bytes, 0);
    console.log(`village home, cold: ${files.length} scripts, ${(total / 1024).toFixed(1)} KB transferred (${[...new Set(files.map((f) => f.encoding))].join(', ')})`);
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.bytes > 0)).toBe(true);
    expect(total).toBeLessThanOrEqual(JS_BUDGET);
    await context.close();
  });

  it('paints and shows the village name in time under slow network and 4× CPU throttling, fits 360 px, names its controls', async () => {
    const context = await run.browser.newContext(PHONE_360);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(`${run.baseUrl}/portal/v/${BAIKENG}`, { waitUntil: 'commit' });
    await page.getByTestId('village-title').waitFor({ timeout: 30_000 });
    const nameAt = await page.evaluate(() => performance.now());
    await page.waitForLoadState('load');
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1);
    console.log(`throttled cold load: first contentful paint ${Math.round(fcp)} ms, village name ${Math.round(nameAt)} ms`);
    expect(fcp).toBeGreaterThan(0);
    expect(fcp).toBeLessThanOrEqual(FCP_BOUND_MS);
    expect(nameAt).toBeLessThanOrEqual(NAME_BOUND_MS);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.getByTestId('audit-head').waitFor({ timeout: 20_000 }).catch(() => undefined);
    await noOverflow(page);
    await accessible(page, cdp);
    await shot(page, 'villagers-perf-home-360');
    await context.close();
  });
});

describe('我家的待遇查询, 满意度测评, 长辈模式, 朗读 and 二维码 on a phone', () => {
  it('at 390×844: opens the card’s QR link, verifies and sees the household’s payments', async () => {
    const context = await run.browser.newContext(PHONE_390);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(cardUrl());
    await page.getByTestId('verify-form').waitFor({ timeout: 20_000 });
    // The code is filled in from the fragment, which is gone from the address bar.
    expect(await page.getByTestId('verify-code').inputValue()).toBe(CODE);
    await expect.poll(() => new URL(page.url()).hash).toBe('');
    expect(await page.getByTestId('verify-help').innerText()).toContain('查询码在村里发的本户查询卡上');
    await noOverflow(page);
    await accessible(page, cdp);
    await shot(page, 'villagers-1-verify-390');
    await verify(page, CODE);
    await page.getByTestId('household-view').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('household-payment').count()).toBeGreaterThan(0);
    await noOverflow(page);
    await accessible(page, cdp);
    await shot(page, 'villagers-2-household-390');
    await context.close();
  });

  it('at 360×740: household, survey once, elder mode, read-aloud, QR page, then throttling', async () => {
    const context = await run.browser.newContext(PHONE_360);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // The survey without verifying sends the villager to the household page, and back after.
    await page.goto(`${run.baseUrl}/portal/v/${BAIKENG}/survey`);
    await page.getByTestId('verify-form').waitFor({ timeout: 20_000 });
    expect(page.url()).toContain(`/portal/v/${BAIKENG}/household?return=`);
    await verify(page, CODE.replace('-', '').toLowerCase());
    await page.getByTestId('survey-form').waitFor({ timeout: 20_000 });
    expect(page.url()).toContain(`/portal/v/${BAIKENG}/survey`);
    // Submitting with a question unanswered names it; then three answers and a comment.
    await page.getByTestId('survey-disclosure-satisfied').click();
    await page.getByTestId('survey-submit').click();
    await expect.poll(() => page.getByTestId('survey-form').innerText()).toContain('请选择对便民服务的评价');
    await page.getByTestId('survey-services-basically_satisfied').click();
    await page.getByTestId('survey-integrity-dissatisfied').click();
    expect(await page.getByTestId('survey-integrity-dissatisfied').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('survey-comment').fill('希望村里的账目每月按时公开。');
    await noOverflow(page);
    await accessible(page, cdp);
    await shot(page, 'villagers-3-survey-360');
    await page.getByTestId('survey-submit').click();
    await page.getByTestId('survey-thanks').waitFor({ timeout: 20_000 });
    await shot(page, 'villagers-4-survey-thanks');
    // A second time: refused by the server, said in plain words.
    await page.reload();
    await page.getByTestId('survey-already').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('survey-already').innerText()).toContain('本户本季度已参加过测评');
    const again = await page.evaluate(async () => {
      const s = JSON.parse(sessionStorage.getItem('mpw.portal.villager') ?? '{}') as { token?: string };
      const r = await fetch('/api/v1/public/households/survey', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-villager-token': s.token ?? '' },
        body: JSON.stringify({ disclosure: 'satisfied', services: 'satisfied', integrity: 'satisfied' }),
      });
      return { status: r.status, body: (await r.json()) as { message?: string } };
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('本户本季度已参加过测评');

    // The household view: payments newest first with totals, the survey answered, 退出.
    await page.goto(`${run.baseUrl}/portal/v/${BAIKENG}/household`);
    await page.getByTestId('household-view').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('household-survey-done').count()).toBe(1);
    expect(await page.getByTestId('household-payments-total').innerText()).toMatch(/合计\s*[\d,]+\.\d{2} 元/);
    const dates = await page.getByTestId('household-payment').evaluateAll((els) => els.map((e) => e.querySelector('.muted')?.textContent ?? ''));
    expect(dates.length).toBeGreaterThan(0);
    expect(await page.getByTestId('household-entitlement').first().innerText()).toMatch(/每月 [\d,]+\.\d{2} 元|从 \d{4}年\d{1,2}月起/);
    expect(await page.getByTestId('household-member').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('household-member').first().innerText()).toMatch(/\d{4}\*{10}[\dX]{4}/);
    await noOverflow(page);
    await shot(page, 'villagers-5-household-360');
    const normalPayments = await page.getByTestId('household-payment').count();

    // 长辈模式: from the village home; larger type and one tile per row, kept on the phone.
    await villageHome(page);
    const measure = () =>
      page.evaluate(() => ({
        font: parseFloat(getComputedStyle(document.body).fontSize),
        title: parseFloat(getComputedStyle(document.querySelector('.tile-title')!).fontSize),
        tile: document.querySelector('[data-testid="section-powerList"]')!.getBoundingClientRect().width,
        tileTop: [...document.querySelectorAll('.tiles > *')].slice(0, 2).map((t) => Math.round(t.getBoundingClientRect().top)),
      }));
    const before = await measure();
    await shot(page, 'villagers-6-home-normal-360');
    await page.getByTestId('elder-switch').click();
    expect(await page.getByTestId('elder-switch').getAttribute('aria-checked')).toBe('true');
    const after = await measure();
    console.log(`elder mode at 360 px: body ${before.font} → ${after.font} px, tile ${Math.round(before.tile)} → ${Math.round(after.tile)} px`);
    expect(before.font).toBeLessThan(20);
    expect(after.font).toBeGreaterThanOrEqual(20);
    expect(after.title).toBeGreaterThan(before.title);
    expect(after.tile).toBeGreaterThan(before.tile * 1.6);
    // Two tiles side by side before, one under the other after.
    expect(before.tileTop[0]).toBe(before.tileTop[1]);
    expect(after.tileTop[1]!).toBeGreaterThan(after.tileTop[0]!);
    await noOverflow(page);
    await shot(page, 'villagers-7-home-elder-360');
    // Applied before the first render on the next visit: <html> has the class when the page first fills #root.
    await page.addInitScript(() => {
      const w = window as unknown as { __elderAtFirstRender?: boolean };
      new MutationObserver((_m, obs) => {
        const root = document.getElementById('root');
        if (root && root.childElementCount > 0) {
          w.__elderAtFirstRender = document.documentElement.classList.contains('elder');
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await villageHome(page);
    expect(await page.evaluate(() => (window as unknown as { __elderAtFirstRender?: boolean }).__elderAtFirstRender)).toBe(true);
    // Fewer items per screen on the household page too; the switch is in every page's bar.
    await page.goto(`${run.baseUrl}/portal/v/${BAIKENG}/household`);
    await page.getByTestId('household-view').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('elder-switch-compact').getAttribute('aria-checked')).toBe('true');
    if (normalPayments > 5) expect(await page.getByTestId('household-payment').count()).toBeLessThan(normalPayments);
    await noOverflow(page);
    await shot(page, 'villagers-8-household-elder-360');
    await page.getByTestId('elder-switch-compact').click();
    expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(false);

    // 朗读 on a disclosure and on a power item; the disclosure's 二维码 opens the printable page.
    const disclosures = (await (await fetch(`${run.baseUrl}/api/v1/public/disclosures?village=${BAIKENG}&pageSize=5`)).json()) as { data: { id: string; title: string }[] };
    expect(disclosures.data.length).toBeGreaterThan(0);
    const d = disclosures.data[0]!;
    await page.goto(`${run.baseUrl}/portal/v/${BAIKENG}/disclosures/${d.id}`);
    await page.getByTestId('disclosure-title').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('read-aloud').count()).toBeGreaterThan(0);
    await accessible(page, cdp);
    await noOverflow(page);
    await shot(page, 'villagers-9-disclosure-read-aloud');
    const items = (await (await fetch(`${run.baseUrl}/api/v1/public/power/items?village=${BAIKENG}&pageSize=1`)).json()) as { data: { id: string }[] };
    await page.goto(`${run.baseUrl}/portal/v/${BAIKENG}/power/${items.data[0]!.id}`);
    await page.getByTestId('power-item-title').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('read-aloud').count()).toBe(2);
    await page.goto(`${run.baseUrl}/portal/v/${BAIKENG}/disclosures/${d.id}`);
    await page.getByTestId('qr-button').click();
    await page.getByTestId('qr-sheet').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('qr-title').innerText()).toBe(d.title);
    await expect.poll(() => page.getByTestId('qr-village').innerText()).toContain('白坑村');
    await expect.poll(() => page.getByTestId('qr-image').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 15_000 }).toBe(true);
    const src = await page.getByTestId('qr-image').getAttribute('src');
    const svg = await fetch(new URL(src!, run.baseUrl));
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(await svg.text()).toContain('<svg');
    expect(await page.getByTestId('qr-address').innerText()).toContain(`/portal/v/${BAIKENG}/disclosures/${d.id}`);
    await noOverflow(page);
    await accessible(page, cdp);
    await shot(page, 'villagers-10-qr-screen');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.nav').isVisible()).toBe(false);
    expect(await page.getByTestId('qr-print').isVisible()).toBe(false);
    await shot(page, 'villagers-11-qr-print');
    await page.emulateMedia({ media: 'screen' });
    // The village home's 二维码.
    await villageHome(page);
    await page.getByTestId('qr-button').click();
    await page.getByTestId('qr-sheet').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('qr-title').innerText()).toBe('白坑村');

    // 退出, then a wrong code five times: throttled, and still throttled with the right code.
    await page.goto(`${run.baseUrl}/portal/v/${BAIKENG}/household`);
    await page.getByTestId('household-leave').click();
    await page.getByTestId('verify-form').waitFor({ timeout: 20_000 });
    const wrong = CODE.startsWith('AAAA') ? 'BBBB-BBBB' : 'AAAA-AAAA';
    await verify(page, wrong);
    await expect.poll(() => page.getByTestId('verify-error').innerText().catch(() => ''), { timeout: 15_000 }).toContain('身份证号、姓名或查询码不正确');
    await shot(page, 'villagers-12-wrong-code');
    const submitOnce = async () => {
      const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/public/households/verify')), page.getByTestId('verify-submit').click()]);
      return res.status();
    };
    const statuses = [];
    for (let i = 1; i < 5; i++) statuses.push(await submitOnce());
    expect(statuses).toEqual([401, 401, 401, 401]);
    await page.getByTestId('verify-code').fill(CODE);
    expect(await submitOnce()).toBe(429);
    await expect.poll(() => page.getByTestId('verify-error').getAttribute('data-throttled').catch(() => null), { timeout: 15_000 }).toBe('true');
    expect(await page.getByTestId('verify-error').innerText()).toMatch(/尝试次数过多/);
    expect(await page.getByTestId('household-view').count()).toBe(0);
    await noOverflow(page);
    await shot(page, 'villagers-13-throttled');
    expect(errors).toEqual([]);
    await context.close();
  });
});
