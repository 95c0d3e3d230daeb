import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, shot, startPlatform, type Running } from './harness.js';

let run: Running;
beforeAll(async () => {
  run = await startPlatform();
});
afterAll(() => run?.stop());

const BAIKENG = '330299101201';
const RECEIPT = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;
const tag = Date.now().toString(36);
const content = `村会计王某把自己不符合条件的表弟报进了低保，每月领钱。核对编号 ${tag}`;
const question = `您说的表弟叫什么名字？住在几组？（${tag}）`;
const answer = `叫李某某，住在三组，家里开着小卖部。（${tag}）`;

/** Signs in over the API and returns a caller that sends the session cookie and the CSRF header, plus the user's id. */
async function apiAs(username: string) {
  const res = await fetch(`${run.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  expect(res.status).toBe(200);
  const session = (await res.json()) as { csrfToken: string; user: { id: string } };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const call = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${run.baseUrl}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': session.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await r.json()) as T;
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
  return { call, userId: session.user.id };
}

async function noOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

describe('我要举报 on a phone: an anonymous report, a question from the township, the answer', () => {
  it('submits with the proof-of-work, shows the receipt once, tracks with code + passphrase and answers the handler', async () => {
    const phone = await run.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const errors: string[] = [];
    const thirdParty: string[] = [];
    phone.on('pageerror', (e) => errors.push(e.message));
    phone.on('request', (r) => {
      if (!r.url().startsWith(run.baseUrl) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) thirdParty.push(r.url());
    });

    // The village home has the 我要举报 tile.
    await phone.goto(`${run.baseUrl}/portal/`);
    await phone.locator('input').first().fill('白坑');
    await phone.locator(`[data-testid="village-item"][data-code="${BAIKENG}"]`).click();
    await expect.poll(() => phone.getByTestId('village-title').innerText().catch(() => ''), { timeout: 15_000 }).toContain('白坑村');
    await shot(phone, 'report-1-village-home');
    await phone.getByTestId('section-report').click();
    await phone.getByTestId('report-form').waitFor({ timeout: 15_000 });
    expect(phone.url()).toContain(`/portal/v/${BAIKENG}/report`);
    // The village is filled in from the link.
    await expect.poll(() => phone.getByTestId('village-chosen').innerText().catch(() => ''), { timeout: 15_000 }).toContain('白坑村');
    expect(await phone.getByTestId('report-mode-explain').innerText()).toContain('不记录您的IP地址');
    await noOverflow(phone);
    await shot(phone, 'report-2-empty-form');

    // Sending an empty form names each missing field next to it, in Chinese.
    await phone.getByTestId('report-submit').click();
    await phone.getByTestId('error-subjectName').waitFor({ timeout: 5_000 });
    expect(await phone.getByTestId('error-category').innerText()).toBe('请选择举报类别');
    expect(await phone.getByTestId('error-passphrase').innerText()).toBe('查询密码至少8位');
    await shot(phone, 'report-3-errors');

    await phone.getByTestId('category-subsistence').click();
    await phone.getByTestId('report-subject-name').fill('王某');
    await phone.getByTestId('report-subject-position').fill('村会计');
    await phone.getByTestId('kind-village_cadre').click();
    await phone.getByTestId('report-content').fill(content);
    await phone.getByTestId('report-when').fill('今年3月');
    // A photo as evidence, uploaded with the reporter's token after the report is in.
    const png = await phone.screenshot({ type: 'png' });
    await phone.getByTestId('report-files-input').setInputFiles({ name: 'evidence.png', mimeType: 'image/png', buffer: png });
    await phone.getByTestId('report-files-file').waitFor();
    const passphrase = `qingshan-${tag}`;
    await phone.getByTestId('report-passphrase').fill(passphrase);
    await phone.getByTestId('report-passphrase2').fill(passphrase);
    expect(await phone.locator('[data-testid^="error-"]').count()).toBe(0);
    await shot(phone, 'report-4-filled');
    await phone.getByTestId('report-submit').click();
    // The proof-of-work runs in the page (visible unless it finishes within a frame).
    await phone.getByTestId('report-verifying').waitFor({ timeout: 10_000 }).catch(() => undefined);
    // Read it in one step: the solver may finish between a visibility check and a second read.
    const verifying = await phone.getByTestId('report-verifying').innerText({ timeout: 200 }).catch(() => null);
    if (verifying !== null) {
      expect(verifying).toContain('正在进行安全验证');
      await shot(phone, 'report-5-verifying');
    }

    // The receipt: the code, big, copyable, with the only-once warning.
    await phone.getByTestId('report-receipt').waitFor({ timeout: 90_000 });
    const code = (await phone.getByTestId('receipt-code').innerText()).trim();
    expect(code).toMatch(RECEIPT);
    expect(await phone.getByTestId('receipt-warning').innerText()).toContain('只显示这一次');
    expect(await phone.getByTestId('receipt-upload-failed').count()).toBe(0);
    const number = (await phone.getByTestId('receipt-number').innerText()).trim();
    expect(number).toMatch(/^JB/);
    await phone.getByTestId('receipt-copy').click();
    await expect.poll(() => phone.getByTestId('receipt-copy').innerText()).toMatch(/已复制|复制失败/);
    await noOverflow(phone);
    await shot(phone, 'report-6-receipt');

    // The township discipline officer accepts it, takes it and asks a question.
    const staff = await apiAs('fl.jiwei');
    const list = await staff.call<{ data: { id: string; number: string; anonymous: boolean; receivedOn: string }[] }>('GET', `/reports?q=${encodeURIComponent(number)}`);
    const row = list.data.find((r) => r.number === number);
    expect(row).toBeTruthy();
    expect(row!.anonymous).toBe(true);
    const id = row!.id;
    await staff.call('POST', `/reports/${id}/accept`, { note: '符合受理条件' });
    await staff.call('POST', `/reports/${id}/assign`, { userId: staff.userId });
    await staff.call('POST', `/reports/${id}/questions`, { body: question });

    // Back on the phone: a wrong passphrase is refused in plain words, the right one opens the report.
    await phone.getByTestId('receipt-track').click();
    await phone.getByTestId('track-form').waitFor({ timeout: 15_000 });
    await phone.getByTestId('track-code').fill(code.toLowerCase().replace(/-/g, ''));
    expect(await phone.getByTestId('track-code').inputValue()).toBe(code);
    await phone.getByTestId('track-passphrase').fill('wrong-passphrase');
    await phone.getByTestId('track-submit').click();
    await expect.poll(() => phone.getByTestId('track-error').innerText().catch(() => ''), { timeout: 15_000 }).toContain('受理码或查询密码不正确');
    await shot(phone, 'report-7-track-wrong');
    await phone.getByTestId('track-passphrase').fill(passphrase);
    await phone.getByTestId('track-submit').click();
    await phone.getByTestId('track-view').waitFor({ timeout: 15_000 });
    expect(await phone.getByTestId('track-number').innerText()).toBe(number);
    expect(await phone.getByTestId('track-status').innerText()).toBeTruthy();
    const toMe = phone.locator('[data-testid="track-message"][data-direction="to_reporter"]');
    await expect.poll(() => toMe.innerText().catch(() => ''), { timeout: 15_000 }).toContain(question);
    // The photo went up after submission (the server keeps no original file name: it could name the reporter).
    expect(await phone.getByTestId('track-attachment').count()).toBe(1);
    expect(await phone.getByTestId('track-content').textContent()).toContain(tag);
    await noOverflow(phone);
    await shot(phone, 'report-8-track-question');

    await phone.getByTestId('track-reply-text').fill(answer);
    await phone.getByTestId('track-reply-submit').click();
    const fromMe = phone.locator('[data-testid="track-message"][data-direction="from_reporter"]');
    await expect.poll(() => fromMe.innerText().catch(() => ''), { timeout: 15_000 }).toContain(answer);
    await phone.getByTestId('track-reply-sent').waitFor();
    await shot(phone, 'report-9-answered');

    // The staff side sees the answer (dated by the day only) and the reporter's photo.
    const detail = await staff.call<{ messages: { direction: string; body: string; at: string }[]; attachments: { fileName: string; fromReporter: boolean }[] }>('GET', `/reports/${id}`);
    const reply = detail.messages.find((m) => m.direction === 'from_reporter');
    expect(reply?.body).toBe(answer);
    expect(reply!.at).toMatch(/^\d{4}-\d{2}-\d{2}$|T00:00:00|T16:00:00/);
    expect(detail.attachments.filter((a) => a.fromReporter)).toHaveLength(1);

    // 遭受打击报复: described and flagged.
    await phone.getByTestId('retaliation-open').click();
    await phone.getByTestId('retaliation-text').fill('提交举报后，村会计停发了我家的补贴。');
    await shot(phone, 'report-10-retaliation');
    await phone.getByTestId('retaliation-submit').click();
    await phone.getByTestId('track-retaliation-done').waitFor({ timeout: 15_000 });
    const after = await staff.call<{ retaliationFlagged: boolean; priority: string }>('GET', `/reports/${id}`);
    expect(after.retaliationFlagged).toBe(true);
    expect(after.priority).toBe('high');

    // 退出查询 forgets everything on this phone.
    await phone.getByTestId('track-leave').click();
    await phone.getByTestId('track-form').waitFor();
    expect(await phone.getByTestId('track-code').inputValue()).toBe('');
    await phone.setViewportSize({ width: 360, height: 740 });
    const page = await phone.goto(`${run.baseUrl}/portal/report`);
    // The reporting pages are never kept by the browser or a proxy.
    expect(page?.headers()['cache-control']).toBe('no-store');
    await phone.getByTestId('report-form').waitFor({ timeout: 15_000 });
    await noOverflow(phone);
    await shot(phone, 'report-11-form-360');

    expect(thirdParty).toEqual([]);
    expect(errors).toEqual([]);
    await phone.close();
  });

  it('a real-name report: the server\'s message appears next to the field it names, and the solved check is not asked again', async () => {
    const phone = await run.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const errors: string[] = [];
    phone.on('pageerror', (e) => errors.push(e.message));
    let challenges = 0;
    phone.on('request', (r) => {
      if (r.url().includes('/api/v1/public/reports/challenge')) challenges++;
    });
    // No village in the link: pick it from the list.
    await phone.goto(`${run.baseUrl}/portal/report`);
    await phone.getByTestId('report-form').waitFor({ timeout: 15_000 });
    await phone.getByTestId('report-village-search').fill('白坑');
    await phone.locator(`[data-testid="report-village-option"][data-code="${BAIKENG}"]`).click();
    await expect.poll(() => phone.getByTestId('village-chosen').innerText().catch(() => ''), { timeout: 15_000 }).toContain('白坑村');
    await phone.getByTestId('category-works').click();
    await phone.getByTestId('report-subject-name').fill('张某');
    await phone.getByTestId('report-subject-position').fill('村主任');
    await phone.getByTestId('kind-village_cadre').click();
    await phone.getByTestId('report-content').fill(`村道硬化工程偷工减料，路面厚度不到一半。${tag}`);
    await phone.getByTestId('report-realname').click();
    expect(await phone.getByTestId('report-mode-explain').innerText()).toContain('加密保存');
    await phone.getByTestId('report-reporter-name').fill('李四');
    await phone.getByTestId('report-reporter-phone').fill('13800000000');
    // Right shape, wrong check character: only the server knows.
    const base = '33029919800101002';
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const check = '10X98765432'[[...base].reduce((sum, d, i) => sum + Number(d) * weights[i]!, 0) % 11]!;
    const wrong = check === '0' ? '1' : '0';
    await phone.getByTestId('report-reporter-id').fill(base + wrong);
    await phone.getByTestId('report-protection').check();
    await phone.getByTestId('report-passphrase').fill(`lishi-${tag}`);
    await phone.getByTestId('report-passphrase2').fill(`lishi-${tag}`);
    await phone.getByTestId('report-submit').click();
    await phone.getByTestId('error-idNumber').waitFor({ timeout: 90_000 });
    expect(await phone.getByTestId('error-idNumber').innerText()).toContain('身份证号');
    expect(await phone.getByTestId('report-receipt').count()).toBe(0);
    await phone.getByTestId('error-idNumber').scrollIntoViewIfNeeded();
    await shot(phone, 'report-12-server-field-error');
    await phone.getByTestId('report-reporter-id').fill(base + check);
    expect(await phone.getByTestId('error-idNumber').count()).toBe(0);
    await phone.getByTestId('report-submit').click();
    await phone.getByTestId('report-receipt').waitFor({ timeout: 90_000 });
    expect((await phone.getByTestId('receipt-code').innerText()).trim()).toMatch(RECEIPT);
    expect(challenges).toBe(1);

    // The township sees a real-name report asking for protection, without the name until a reveal.
    const staff = await apiAs('fl.jiwei');
    const number = (await phone.getByTestId('receipt-number').innerText()).trim();
    const list = await staff.call<{ data: { id: string; number: string; anonymous: boolean }[] }>('GET', `/reports?q=${encodeURIComponent(number)}`);
    const row = list.data.find((r) => r.number === number)!;
    expect(row.anonymous).toBe(false);
    const detail = await staff.call<Record<string, unknown>>('GET', `/reports/${row.id}`);
    expect(detail.wantsProtection).toBe(true);
    expect(detail.hasReporterIdentity).toBe(true);
    expect(JSON.stringify(detail)).not.toContain('李四');
    expect(errors).toEqual([]);
    await phone.close();
  });
});
