import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_HOUSEHOLD } from '../apps/server/src/modules/demo/demo.households.js';
import { DEMO_PASSWORD, shot, startPlatform, type Running } from './harness.js';

let run: Running;
beforeAll(async () => {
  run = await startPlatform();
});
afterAll(() => run?.stop());

const BAIKENG = '330299101201';
const tag = Date.now().toString(36);
const question = `村里新修的文化礼堂花了多少钱？钱从哪里来？（${tag}）`;
const answer = `共花费42.6万元，其中上级补助30万元，村集体出资12.6万元，明细已在公开栏公开。（${tag}）`;
const sessionQuestion = `请问村道硬化工程什么时候完工？（${tag}）`;

/** Signs in over the API and returns a caller that sends the session cookie and the CSRF header. */
async function apiAs(username: string) {
  const res = await fetch(`${run.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  expect(res.status).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${run.baseUrl}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await r.json()) as T;
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
}

async function noOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' } as const;

describe('我要提问 and 村民问政 on a 360 px phone', () => {
  it('asks anonymously, sees the answer, rates a cadre in session once (the second time refused), reads a closed session\'s results', async () => {
    const errors: string[] = [];
    /** A phone with an empty cache (the public lists may be kept by the browser for half a minute). */
    const newPhone = async () => {
      const p = await run.browser.newPage(PHONE);
      p.on('pageerror', (e) => errors.push(e.message));
      return p;
    };
    let phone = await newPhone();
    const secretary = await apiAs('bk.secretary');

    // 我要提问 from the village home: the sessions, open ones first.
    await phone.goto(`${run.baseUrl}/portal/v/${BAIKENG}`);
    await expect.poll(() => phone.getByTestId('village-title').innerText().catch(() => ''), { timeout: 15_000 }).toContain('白坑村');
    // The home's blocks load one after another: tap the tile once the page has settled.
    await phone.waitForLoadState('networkidle');
    await phone.getByTestId('section-ask').click();
    await phone.getByTestId('hearings').waitFor({ timeout: 15_000 });
    expect(phone.url()).toContain(`/portal/v/${BAIKENG}/ask`);
    const statuses = await phone.getByTestId('hearing-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses).toContain('scheduled');
    expect(statuses).toContain('closed');
    expect(statuses.indexOf('scheduled')).toBeLessThan(statuses.indexOf('closed'));
    await phone.getByTestId('village-questions').getByTestId('village-question').first().waitFor({ timeout: 15_000 });
    await noOverflow(phone);
    await shot(phone, 'hearings-1-ask');

    // An anonymous question (no verification): listed at once as 待答复 with its due date.
    await phone.getByTestId('hr-ask-content').fill(question);
    await phone.getByTestId('hr-ask-submit').click();
    await phone.getByTestId('hr-ask-done').waitFor({ timeout: 15_000 });
    const mine = phone.getByTestId('village-question').filter({ hasText: tag });
    await mine.waitFor({ timeout: 15_000 });
    expect(await mine.getAttribute('data-status')).toBe('open');
    expect(await mine.innerText()).toMatch(/待答复/);
    expect(await mine.innerText()).toContain('匿名村民');
    expect(await mine.getByTestId('question-waiting').innerText()).toMatch(/应在 \d{4}年\d{1,2}月\d{1,2}日 前答复/);
    await noOverflow(phone);
    await shot(phone, 'hearings-2-asked');

    // The secretary answers it through the staff API; the portal shows the answer with the answerer.
    const questionId = (await mine.getAttribute('data-id'))!;
    await secretary('POST', `/hearings/questions/${questionId}/answer`, { answer });
    const askUrl = phone.url();
    await phone.close();
    phone = await newPhone();
    await phone.goto(askUrl);
    const answered = phone.getByTestId('village-question').filter({ hasText: tag });
    await answered.getByTestId('question-answer').waitFor({ timeout: 15_000 });
    expect(await answered.getAttribute('data-status')).toBe('answered');
    expect(await answered.getByTestId('question-answer').innerText()).toContain('上级补助30万元');
    await answered.scrollIntoViewIfNeeded();
    await shot(phone, 'hearings-3-answered');

    // A closed session: results per cadre, counts and CSS bars; no more questions there.
    const closedId = (await phone.locator('[data-testid="hearing-item"][data-status="closed"]').first().getAttribute('data-id'))!;
    const scheduledId = (await phone.locator('[data-testid="hearing-item"][data-status="scheduled"]').first().getAttribute('data-id'))!;
    await phone.locator(`[data-testid="hearing-item"][data-id="${closedId}"]`).click();
    await phone.getByTestId('hearing-results').waitFor({ timeout: 15_000 });
    expect(await phone.getByTestId('hearing-status').first().innerText()).toBe('已结束');
    const results = phone.getByTestId('cadre-result');
    expect(await results.count()).toBeGreaterThan(0);
    expect(await results.first().innerText()).toMatch(/共 \d+ 人评议/);
    expect(await results.first().getByTestId('result-satisfied').innerText()).toMatch(/满意\s*\d+ 票（\d+%）/);
    expect(await phone.getByTestId('hearing-ask-closed').count()).toBe(1);
    expect(await phone.getByTestId('hearing-rate').count()).toBe(0);
    await noOverflow(phone);
    await shot(phone, 'hearings-4-closed-results');

    // The secretary opens the demo's scheduled session: 民主评议 opens for verified villagers.
    await secretary('POST', `/hearings/${scheduledId}/start`);
    const hearingPath = `/portal/v/${BAIKENG}/hearings/${scheduledId}`;
    await phone.goto(`${run.baseUrl}${hearingPath}`);
    await phone.getByTestId('hearing-rate').waitFor({ timeout: 15_000 });
    expect(await phone.getByTestId('hearing-status').first().innerText()).toBe('正在问政');
    // A cadre's 述职述廉 report is folded; opened it shows the text with 朗读.
    const report = phone.getByTestId('cadre-report').first();
    await report.locator('summary').click();
    expect((await report.getByTestId('cadre-report-text').innerText()).length).toBeGreaterThan(10);
    await shot(phone, 'hearings-5-in-session-unverified');

    // Not verified: the button leads to the household page, which comes back here after verifying.
    await phone.getByTestId('rate-verify').click();
    await phone.getByTestId('verify-form').waitFor({ timeout: 15_000 });
    expect(phone.url()).toContain(`/portal/v/${BAIKENG}/household?`);
    await phone.getByTestId('verify-id').fill(DEMO_HOUSEHOLD.idNumber);
    await phone.getByTestId('verify-name').fill(DEMO_HOUSEHOLD.name);
    await phone.getByTestId('verify-code').fill(DEMO_HOUSEHOLD.queryCode);
    await phone.getByTestId('verify-submit').click();
    await phone.getByTestId('rate-verified').waitFor({ timeout: 15_000 });
    expect(phone.url()).toContain(hearingPath);
    const cadres = phone.getByTestId('rate-cadre');
    await cadres.first().getByTestId('rate-satisfied').waitFor({ timeout: 15_000 });
    const cadreId = (await cadres.first().getAttribute('data-id'))!;

    // A second tab of the same villager, opened before the rating (its 已评议 list is stale).
    const session = await phone.evaluate(() => sessionStorage.getItem('mpw.portal.villager'));
    expect(session).toBeTruthy();
    const stale = await newPhone();
    await stale.addInitScript((s) => sessionStorage.setItem('mpw.portal.villager', s), session!);
    await stale.goto(`${run.baseUrl}${hearingPath}`);
    await stale.locator(`[data-testid="rate-cadre"][data-id="${cadreId}"]`).getByTestId('rate-dissatisfied').waitFor({ timeout: 15_000 });

    // Rate the first cadre 满意 with a comment: it then reads 已评议.
    await cadres.first().getByTestId('rate-satisfied').click();
    await cadres.first().getByTestId('rate-comment').fill('修路的事办得实在');
    await shot(phone, 'hearings-6-rating');
    await phone.getByTestId('rate-submit').click();
    await phone.getByTestId('rate-done').waitFor({ timeout: 15_000 });
    await expect.poll(() => phone.locator(`[data-testid="rate-cadre"][data-id="${cadreId}"]`).getAttribute('data-rated'), { timeout: 15_000 }).toBe('true');
    expect(await phone.locator(`[data-testid="rate-cadre"][data-id="${cadreId}"]`).getByTestId('rated-tag').innerText()).toBe('已评议');
    await noOverflow(phone);
    await shot(phone, 'hearings-7-rated');

    // The same cadre again from the stale tab: refused with the server's words, then shown as 已评议.
    const again = stale.locator(`[data-testid="rate-cadre"][data-id="${cadreId}"]`);
    await again.getByTestId('rate-dissatisfied').click();
    await stale.getByTestId('rate-submit').click();
    await expect.poll(() => stale.getByTestId('rate-error').innerText().catch(() => ''), { timeout: 15_000 }).toContain('您已评议过该干部');
    await expect.poll(() => again.getAttribute('data-rated'), { timeout: 15_000 }).toBe('true');
    await noOverflow(stale);
    await shot(stale, 'hearings-8-rated-twice-refused');
    await stale.close();

    // Verified, a question in the session to one cadre under the masked name (已核验).
    await phone.getByTestId(`hr-ask-to-${cadreId}`).click();
    await phone.getByTestId('hr-ask-realname').click();
    await phone.getByTestId('hr-ask-content').fill(sessionQuestion);
    await phone.getByTestId('hr-ask-submit').click();
    await phone.getByTestId('hr-ask-done').waitFor({ timeout: 15_000 });
    const named = phone.getByTestId('hearing-questions').getByTestId('village-question').filter({ hasText: tag });
    await named.waitFor({ timeout: 15_000 });
    expect(await named.innerText()).toContain('（已核验）');
    expect(await named.innerText()).toContain('问：');

    // 长辈模式 from the page's own switch: larger type, one rating choice per line, still no sideways scrolling.
    const open = phone.locator('[data-testid="rate-cadre"][data-rated="false"]').first();
    const textSize = () => phone.getByTestId('question-content').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    const before = await textSize();
    expect((await open.getByTestId('rate-satisfied').boundingBox())!.y).toBe((await open.getByTestId('rate-dissatisfied').boundingBox())!.y);
    await phone.getByTestId('elder-switch-compact').click();
    await expect.poll(() => phone.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
    expect(await textSize()).toBeGreaterThan(before);
    expect((await open.getByTestId('rate-dissatisfied').boundingBox())!.y).toBeGreaterThan((await open.getByTestId('rate-satisfied').boundingBox())!.y);
    await noOverflow(phone);
    await shot(phone, 'hearings-9-elder');
    expect(errors).toEqual([]);
    await phone.close();
  });
});
