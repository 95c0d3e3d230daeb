import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { consoleLogin, DEMO_PASSWORD, shot, startPlatform, type Running } from './harness.js';

let run: Running;
beforeAll(async () => {
  run = await startPlatform();
});
afterAll(() => run?.stop());

const stamp = Date.now().toString(36);
const subject = `王某${stamp.slice(-4)}`;
const reporterName = `李举报${stamp.slice(-3)}`;
const reporterPhone = '13912345678';
const content = `白坑村低保评议中，村主任把不符合条件的亲属报成低保户。e2e-${stamp}`;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A well-formed identity number (GB 11643) from 17 digits. */
function idNumber(first17: string): string {
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * WEIGHTS[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

/** Signs in over the API and returns a caller that sends the session cookie and the CSRF header. */
async function apiAs(username: string) {
  const res = await fetch(`${run.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  expect(res.status).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${run.baseUrl}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await r.json()) as Record<string, unknown>;
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/** Opens the select of a form field (by its form item label) and clicks the option with the given text. */
async function pick(page: Page, label: string, option: string) {
  await page.locator('.ant-form-item', { has: page.locator('label', { hasText: label }) }).first().locator('.ant-select').first().click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().locator('.ant-select-item-option', { hasText: option }).first().click();
  // Let the dropdown close before the next field is opened.
  await page.waitForTimeout(400);
}

async function openDialog(page: Page, action: string) {
  await page.getByTestId(`report-action-${action}`).click();
  await page.locator('.ant-modal:visible').last().waitFor({ timeout: 10_000 });
}

async function statusIs(page: Page, text: string) {
  await expect.poll(() => page.getByTestId('report-status').first().innerText(), { timeout: 15_000 }).toBe(text);
}

describe('举报 in the console: intake by phone, handling to feedback, audited reveal, barred village', () => {
  it('the township discipline officer records a real-name phone report and handles it; the village never sees it', async () => {
    const page = await run.browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await consoleLogin(page, run.baseUrl, 'fl.jiwei');
    const menu = page.getByTestId('side-menu');
    await menu.waitFor({ timeout: 30_000 });
    expect(await menu.innerText()).toContain('举报管理');
    await menu.getByText('举报登记').click();
    await page.getByTestId('report-intake-submit').waitFor({ timeout: 30_000 });

    // Intake: a phone call about a village cadre of 白坑村, real name, with protection and a passphrase.
    await page.getByTestId('report-channel').getByText('电话举报').click();
    await pick(page, '类别', '低保/救助');
    await page.getByTestId('report-subject-name').fill(subject);
    await page.getByTestId('report-subject-position').fill('村委会主任');
    await pick(page, '被举报人身份', '村干部');
    // A village cadre needs a village: the township is refused in the form.
    const regionItem = page.locator('.ant-form-item', { has: page.locator('label', { hasText: '发生地' }) }).first();
    await regionItem.locator('.ant-select').click();
    await page.keyboard.type('凤岭镇');
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: '凤岭镇' }).first().click();
    await page.getByText('举报村干部时，发生地须选择到村（社区）').waitFor({ timeout: 5_000 });
    await regionItem.locator('.ant-select').click();
    await page.keyboard.type('白坑');
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: '白坑村' }).first().click();
    await page.getByTestId('report-content').fill(content);
    await page.getByTestId('report-reporter-name').fill(reporterName);
    await page.getByTestId('report-reporter-phone').fill(reporterPhone);
    await page.getByTestId('report-protection').check();
    await page.getByTestId('report-passphrase').fill('Jubao-e2e-2026');
    await shot(page, 'reports-intake-form');
    await page.getByTestId('report-intake-submit').click();

    // The receipt code, once, with the warning and a print button.
    const code = page.getByTestId('report-receipt-code');
    await code.waitFor({ timeout: 15_000 });
    const receiptCode = (await code.innerText()).trim();
    expect(receiptCode).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const receiptText = await page.getByTestId('report-receipt').innerText();
    expect(receiptText).toContain('只显示这一次');
    const number = /JB\d{6}-\d{4}-\d{5}/.exec(receiptText)?.[0];
    expect(number).toBeTruthy();
    expect(await page.getByTestId('report-receipt-print').isVisible()).toBe(true);
    await shot(page, 'reports-intake-receipt');
    await page.getByTestId('report-receipt-close').click();

    // The detail page: never shows the receipt code again; the reporter is sealed.
    await page.getByTestId('report-number').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('report-number').innerText()).toBe(number);
    await statusIs(page, '已收到');
    expect(await page.content()).not.toContain(receiptCode);
    expect(await page.content()).not.toContain(reporterName);
    const facts = await page.getByTestId('report-facts').innerText();
    expect(facts).toContain('白坑村');
    expect(facts).toContain('请求保护');
    expect(await page.getByTestId('report-history').innerText()).toContain('收到举报');

    await openDialog(page, 'accept');
    await page.getByTestId('report-accept-ok').click();
    await statusIs(page, '已受理');

    await openDialog(page, 'assign');
    await page.locator('.ant-modal:visible .ant-select').first().click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option:not(.ant-select-item-option-disabled)', { hasText: '李纪检' }).first().click();
    await shot(page, 'reports-assign');
    await page.getByTestId('report-assign-ok').click();
    await statusIs(page, '已交办');
    expect(await page.getByTestId('report-facts').innerText()).toContain('李纪检');

    await openDialog(page, 'note');
    await page.getByTestId('report-note-text').fill('走访低保户三户，调取评议会议记录。');
    await page.getByTestId('report-note-ok').click();
    await statusIs(page, '核查中');

    await openDialog(page, 'conclude');
    await page.getByTestId('report-conclusion').getByText('部分属实').click();
    await page.getByTestId('report-conclude-note').fill('一户不符合条件，已责令退出低保并追回资金。');
    await page.getByTestId('report-conclude-ok').click();
    await statusIs(page, '已办结');

    await openDialog(page, 'feedback');
    await page.getByTestId('report-feedback-text').fill('经核查，反映的问题部分属实，已依规处理。感谢您的监督。');
    await page.getByTestId('report-feedback-ok').click();
    await statusIs(page, '已反馈');
    const outcome = await page.getByTestId('report-outcome').innerText();
    expect(outcome).toContain('部分属实');
    expect(outcome).toContain('感谢您的监督');

    // Reveal: a reason is required, the warning says it is audited, the identity is shown once and gone after closing.
    await openDialog(page, 'reveal');
    expect(await page.getByTestId('report-reveal-warning').innerText()).toContain('审计');
    await page.getByTestId('report-reveal-ok').click();
    await page.getByText('请填写理由').first().waitFor({ timeout: 5_000 });
    await page.getByTestId('report-reveal-reason').fill('需电话联系举报人核实低保户名单');
    await page.getByTestId('report-reveal-ok').click();
    const revealed = page.getByTestId('report-revealed');
    await revealed.waitFor({ timeout: 15_000 });
    expect(await revealed.innerText()).toContain(reporterName);
    expect(await revealed.innerText()).toContain(reporterPhone);
    await shot(page, 'reports-reveal');
    await page.getByTestId('report-reveal-ok').click();
    await revealed.waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => page.getByTestId('report-history').innerText(), { timeout: 15_000 }).toContain('查看举报人身份');
    expect(await page.content()).not.toContain(reporterName);
    expect(await page.content()).not.toContain(reporterPhone);
    const history = await page.getByTestId('report-history').innerText();
    for (const step of ['受理', '交办', '核查记录', '办结', '反馈举报人']) expect(history).toContain(step);

    // A confirmed real-name report: link the case and propose a reward; the server's range check speaks Chinese.
    await openDialog(page, 'link');
    await page.getByTestId('report-link-id').fill('凤纪案〔2026〕3号');
    await page.getByTestId('report-link-ok').click();
    await expect.poll(() => page.getByTestId('report-outcome').innerText(), { timeout: 15_000 }).toContain('凤纪案〔2026〕3号');
    await openDialog(page, 'proposeReward');
    await page.getByTestId('report-reward-amount').fill('100');
    await page.getByTestId('report-reward-ok').click();
    const rewardError = page.getByTestId('report-reward-error');
    await rewardError.waitFor({ timeout: 15_000 });
    expect(await rewardError.innerText()).toContain('奖励金额应在');
    await shot(page, 'reports-reward-refused');
    await page.getByTestId('report-reward-amount').fill('800');
    await page.getByTestId('report-reward-ok').click();
    const rewards = page.getByTestId('report-rewards');
    await expect.poll(() => rewards.innerText(), { timeout: 15_000 }).toContain('待审批');
    expect(await rewards.innerText()).toContain('800.00');
    await shot(page, 'reports-detail-done');
    const reportUrlForInspector = page.url();

    // The list: the day received (no time), and the export without the reporter.
    await page.getByTestId('side-menu').getByText('举报管理').click();
    const row = page.locator('tr.report-row', { hasText: number! });
    await row.waitFor({ timeout: 15_000 });
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[1]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await row.innerText()).toContain('已反馈');
    await shot(page, 'reports-list');
    const href = await page.getByTestId('reports-export').getAttribute('href');
    const csv = await page.evaluate(async (h) => (await fetch(h!)).text(), href);
    expect(csv).toContain(number!);
    expect(csv).not.toContain(reporterName);
    expect(csv).not.toContain(reporterPhone);
    expect(errors).toEqual([]);
    await row.click();
    await page.getByTestId('report-number').waitFor({ timeout: 15_000 });
    const reportUrl = page.url();
    await page.close();

    // The district inspector approves the reward and records its payment.
    const inspector = await run.browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    await consoleLogin(inspector, run.baseUrl, 'inspector');
    await inspector.getByTestId('side-menu').waitFor({ timeout: 30_000 });
    await inspector.goto(reportUrlForInspector);
    await inspector.getByTestId('report-reward-approve').click();
    await inspector.getByTestId('report-decide-ok').click();
    const inspectorRewards = inspector.getByTestId('report-rewards');
    await expect.poll(() => inspectorRewards.innerText(), { timeout: 15_000 }).toContain('已批准');
    await inspector.getByTestId('report-reward-paid').click();
    await inspector.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expect.poll(() => inspectorRewards.innerText(), { timeout: 15_000 }).toContain('已发放');
    // The inspector is not the handler: no reveal button for them.
    expect(await inspector.getByTestId('report-action-reveal').count()).toBe(0);
    await shot(inspector, 'reports-reward-paid');
    await inspector.close();

    // 白坑村's own discipline member: the report about its cadre is invisible (list without it, detail 404).
    const village = await run.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await consoleLogin(village, run.baseUrl, 'bk.discipline');
    await village.getByTestId('side-menu').waitFor({ timeout: 30_000 });
    await village.goto(`${run.baseUrl}/reports`);
    await village.getByTestId('reports-table').waitFor({ timeout: 30_000 });
    await village.waitForTimeout(1_000);
    expect(await village.getByTestId('reports-table').innerText()).not.toContain(number!);
    expect(await village.getByTestId('reports-table').innerText()).not.toContain(subject);
    await shot(village, 'reports-village-list');
    await village.goto(reportUrl);
    await village.getByTestId('report-not-found').waitFor({ timeout: 15_000 });
    expect(await village.content()).not.toContain(content);
    await shot(village, 'reports-village-detail-404');
    await village.close();

    // The village secretary has no report permission: no menu item.
    const secretary = await run.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await consoleLogin(secretary, run.baseUrl, 'bk.secretary');
    await secretary.getByTestId('side-menu').waitFor({ timeout: 30_000 });
    expect(await secretary.getByTestId('side-menu').innerText()).not.toContain('举报');
    await secretary.close();
  });

  it('a staff identity number keeps its holder off a report about them: assignment shows the conflict, handover is refused', async () => {
    // The district admin adds a second township discipline officer with an identity number (shown masked).
    const staffId = idNumber(`33029919750315${stamp.slice(-3).replace(/\D/g, '7').padStart(3, '7')}`);
    const username = `fl.qian${stamp.slice(-4)}`;
    const admin = await run.browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    await consoleLogin(admin, run.baseUrl, 'admin');
    await admin.getByTestId('side-menu').waitFor({ timeout: 30_000 });
    await admin.goto(`${run.baseUrl}/users`);
    await admin.getByTestId('user-create').click();
    const dialog = admin.locator('.ant-modal:visible').last();
    await dialog.waitFor({ timeout: 10_000 });
    await admin.getByTestId('user-username-input').fill(username);
    await admin.getByTestId('user-displayname-input').fill('凤岭镇纪委 钱纪检');
    await dialog.locator('.ant-select').first().click();
    await admin.keyboard.type('凤岭镇');
    await admin.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: '凤岭镇' }).first().click();
    await dialog.getByText('乡镇纪委', { exact: true }).click();
    await dialog.getByTestId('user-idnumber-input').fill('12345');
    await dialog.getByText('随机生成').click();
    await dialog.locator('.ant-btn-primary').last().click();
    await dialog.getByText('身份证号应为18位（最后一位可为X）').waitFor({ timeout: 5_000 });
    await dialog.getByTestId('user-idnumber-input').fill(staffId);
    await shot(admin, 'reports-user-idnumber');
    await dialog.locator('.ant-btn-primary').last().click();
    await admin.locator('.ant-modal-confirm-title', { hasText: '账号已创建' }).waitFor({ timeout: 15_000 });
    await admin.locator('.ant-modal-confirm .ant-btn-primary').click();
    const userRow = admin.locator('tr', { hasText: username });
    await userRow.waitFor({ timeout: 15_000 });
    const rowText = await userRow.innerText();
    expect(rowText).toContain(`${staffId.slice(0, 4)}**********${staffId.slice(14)}`);
    expect(rowText).not.toContain(staffId);
    // Editing shows only the masked number on file; leaving the field empty keeps it.
    await userRow.getByText('编辑').click();
    const current = admin.locator('.ant-modal:visible').getByTestId('user-idnumber-current');
    await current.waitFor({ timeout: 10_000 });
    expect(await current.innerText()).toContain(`${staffId.slice(0, 4)}**********${staffId.slice(14)}`);
    expect(await admin.content()).not.toContain(staffId);
    await admin.close();

    // A report about this person (identity number recorded by the handler) cannot go to them.
    const jiwei = await apiAs('fl.jiwei');
    const receipt = await jiwei('POST', '/reports', {
      channel: 'visit',
      category: 'works',
      regionCode: '330299101201',
      subjectName: '钱某',
      subjectPosition: '村监委会委员',
      subjectKind: 'village_cadre',
      content: `村道工程验收走过场。e2e-${stamp}`,
      anonymous: true,
    });
    const id = receipt.id as string;
    await jiwei('POST', `/reports/${id}/accept`, {});
    const me = (await jiwei('GET', '/auth/me')) as { user?: { id: string } };
    await jiwei('POST', `/reports/${id}/assign`, { userId: me.user!.id });

    const page = await run.browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await consoleLogin(page, run.baseUrl, 'fl.jiwei');
    await page.getByTestId('side-menu').waitFor({ timeout: 30_000 });
    await page.goto(`${run.baseUrl}/reports/${id}`);
    await page.getByTestId('report-number').waitFor({ timeout: 15_000 });
    await statusIs(page, '已交办');
    // An anonymous report has nothing to reveal.
    expect(await page.getByTestId('report-action-reveal').count()).toBe(0);
    await openDialog(page, 'subject');
    await page.getByTestId('report-subject-id').fill(staffId);
    await page.getByTestId('report-subject-ok').click();
    await expect.poll(() => page.getByTestId('report-history').innerText(), { timeout: 15_000 }).toContain('被举报人身份证号');

    await openDialog(page, 'assign');
    await page.locator('.ant-modal:visible .ant-select').first().click();
    const blocked = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '钱纪检' });
    await blocked.waitFor({ timeout: 10_000 });
    expect(await blocked.getAttribute('class')).toContain('ant-select-item-option-disabled');
    expect(await page.locator('.ant-select-dropdown:visible .ant-select-item-option-disabled', { hasText: '钱纪检' }).count()).toBe(1);
    expect(await page.locator('.ant-modal:visible').last().innerText()).toContain('回避');
    await shot(page, 'reports-assign-conflict');
    await page.keyboard.press('Escape');
    await page.locator('.ant-modal:visible').last().getByRole('button', { name: /取\s*消/ }).click();

    // The handover to the reported person is refused with the server's reason.
    await page.getByTestId('side-menu').getByText('举报管理').click();
    await page.getByTestId('report-handover').click();
    await pick(page, '原承办人', '李纪检');
    await pick(page, '新承办人', '钱纪检');
    await page.getByTestId('report-handover-reason').fill('李纪检轮岗，在办举报交接。');
    await page.getByTestId('report-handover-ok').click();
    const refusal = page.getByTestId('report-handover-error');
    await refusal.waitFor({ timeout: 15_000 });
    expect(await refusal.innerText()).toContain('新承办人不能接办以下举报');
    expect(await refusal.innerText()).toContain(receipt.number as string);
    await shot(page, 'reports-handover-refused');
    expect(errors).toEqual([]);
    await page.close();
  });
});
