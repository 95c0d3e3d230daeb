import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, shot, startPlatform, type Running } from './harness.js';

let run: Running;
beforeAll(async () => {
  run = await startPlatform();
});
afterAll(() => run?.stop());

const BAIKENG = '330299101201';
const DISTRICT = '330299000000';
const stamp = Date.now().toString(36);
const subject = `周德${stamp.slice(-2)}`;
const title = `某村报账员挪用集体资金被查处（${stamp}）`;

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

describe('警示教育 on a phone: the district’s published typical cases, anonymised', () => {
  it('shows a published typical case from the village home and on its own page, without the subject’s name, at 390 and 360 px', async () => {
    // A case handled to a decision by the township, drafted as a typical case, approved and published by the district.
    const jiwei = await apiAs('fl.jiwei');
    const c = await jiwei<{ id: string }>('POST', '/cases', {
      title: '白坑村报账员挪用集体资金',
      sourceType: 'direct',
      regionCode: BAIKENG,
      subjectName: subject,
      subjectPosition: '村报账员',
      summary: `挪用村集体资金用于个人消费。e2e-${stamp}`,
    });
    for (const step of ['file', 'investigate', 'review']) await jiwei('POST', `/cases/${c.id}/${step}`, {});
    await jiwei('POST', `/cases/${c.id}/decide`, {
      note: '给予党内警告处分，追缴挪用资金。',
      sanctions: [
        { category: 'party', measure: 'warning' },
        { category: 'recovery', measure: 'recovery', amountFen: 860000 },
      ],
    });
    const drafted = await jiwei<{ typical: { id: string } }>('POST', `/cases/${c.id}/typical`, {
      title,
      summary: '凤岭镇某村报账员周某利用管理村级账目的便利，挪用村集体资金8600元用于个人消费。\n周某受到党内警告处分，挪用资金已全部追缴。',
      lesson: '村级资金一分一厘都要管住，“小微权力”也必须在阳光下运行。',
    });
    const inspector = await apiAs('inspector');
    await inspector('POST', `/cases/typical/${drafted.typical.id}/decide`, { approve: true });
    await inspector('POST', `/cases/typical/${drafted.typical.id}/publish`);

    // 390 × 844: from the village home's 警示教育 tile.
    const phone = await run.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const errors: string[] = [];
    phone.on('pageerror', (e) => errors.push(e.message));
    await phone.goto(`${run.baseUrl}/portal/v/${BAIKENG}`);
    await phone.getByTestId('section-typical').waitFor({ timeout: 30_000 });
    expect(await phone.getByTestId('section-typical').innerText()).toContain('警示教育');
    await shot(phone, 'typical-portal-village-home');
    await phone.getByTestId('section-typical').click();
    const card = phone.getByTestId('typical-case').filter({ hasText: title });
    await card.waitFor({ timeout: 15_000 });
    expect(phone.url()).toContain(`/portal/v/${BAIKENG}/typical-cases`);
    const text = await card.innerText();
    expect(text).toContain('挪用村集体资金8600元');
    expect(text).toContain('周某受到党内警告处分');
    expect(text).toContain('阳光下运行');
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 公开/);
    expect(await phone.getByTestId('typical-title').innerText()).toContain('典型案例');
    expect(await phone.content()).not.toContain(subject);
    await noOverflow(phone);
    await shot(phone, 'typical-portal-390');
    expect(errors).toEqual([]);
    await phone.close();

    // 360 px, straight to the district's page (no village opened on this phone).
    const small = await run.browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    await small.goto(`${run.baseUrl}/portal/typical-cases?district=${DISTRICT}`);
    const smallCard = small.getByTestId('typical-case').filter({ hasText: title });
    await smallCard.waitFor({ timeout: 30_000 });
    expect(await small.content()).not.toContain(subject);
    await noOverflow(small);
    await shot(small, 'typical-portal-360');
    // Without a district in the address, the only district is chosen by itself.
    await small.goto(`${run.baseUrl}/portal/typical-cases`);
    await small.getByTestId('typical-case').filter({ hasText: title }).waitFor({ timeout: 30_000 });
    expect(small.url()).toContain(`district=${DISTRICT}`);
    await small.close();

    // Withdrawn: gone from the portal.
    await inspector('POST', `/cases/typical/${drafted.typical.id}/withdraw`);
    const after = (await (await fetch(`${run.baseUrl}/api/v1/public/cases/typical?district=${DISTRICT}`)).json()) as { title: string }[];
    expect(after.some((x) => x.title === title)).toBe(false);
  });
});
