import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { consoleLogin, shot, startPlatform, type Running } from './harness.js';

let run: Running;
beforeAll(async () => {
  run = await startPlatform();
});
afterAll(() => run?.stop());

const stamp = Date.now().toString(36).slice(-5);

/** A signed-in console page of its own (a browser context per person). */
async function signedIn(browser: Browser, username: string, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await consoleLogin(page, run.baseUrl, username);
  await page.getByTestId('side-menu').waitFor({ timeout: 30_000 });
  return page;
}

/** A call with the page's own session (cookie and CSRF token), as the console would make it. */
async function call(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; json: { message?: string; code?: string } & Record<string, unknown> }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const r = await fetch(`/api/v1${path}`, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: r.status, json: await r.json().catch(() => ({})) };
    },
    { method, path, body },
  );
}

/** The input of an antd InputNumber, wherever the test id landed (the input or its wrapper). */
function numberInput(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

/** Waits until the last dialog has closed. */
async function modalClosed(page: Page) {
  await page.locator('.ant-modal:visible').last().waitFor({ state: 'hidden', timeout: 15_000 });
}

async function download(page: Page, testId: string): Promise<Buffer> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId(testId).click()]);
  const stream = await dl.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The 白坑村 row of the training coverage table: people to train and trained. */
async function baikengCoverage(page: Page): Promise<{ people: number; trained: number }> {
  const row = page.locator('tr.trn-coverage-row', { hasText: '白坑村' }).first();
  await row.waitFor({ timeout: 30_000 });
  const cells = await row.locator('td').allInnerTexts();
  return { people: Number(cells[1]), trained: Number(cells[2]) };
}

describe('考核评价, 教育培训 and 监督队伍 in the console', () => {
  it('the district computes, explains, adjusts and locks a quarter; the township records a training; the roster flags a conflict and a member is replaced', async () => {
    const errors: string[] = [];

    // 区纪委监委 opens 考核评价: the demo's active scheme, last quarter chosen.
    const inspector = await signedIn(run.browser, 'inspector', errors);
    const menu = inspector.getByTestId('side-menu');
    for (const item of ['考核评价', '考核方案', '教育培训', '监督队伍']) expect(await menu.innerText()).toContain(item);
    await menu.getByText('考核评价', { exact: true }).click();
    await inspector.getByTestId('asm-period').waitFor({ timeout: 30_000 });
    const quarter = (await inspector.getByTestId('asm-period').innerText()).trim();
    expect(quarter).toMatch(/^\d{4}年第[1-4]季度$/);

    // 计算 (again: the demo computed it once), then a ranked table with coverage.
    await inspector.getByTestId('asm-compute').click();
    await inspector.locator('.ant-message', { hasText: '已计算' }).waitFor({ timeout: 60_000 });
    const firstRow = inspector.locator('tr.asm-row').first();
    await firstRow.waitFor({ timeout: 30_000 });
    expect(await inspector.locator('tr.asm-row').count()).toBeGreaterThan(1);
    expect((await firstRow.locator('td').nth(1).innerText()).trim()).toBe('1');
    const region = (await firstRow.locator('td').nth(2).innerText()).trim();
    expect(region).not.toBe('');

    // Each score explains itself: the indicators, the rule in words, the records behind it.
    await firstRow.locator('.ant-table-row-expand-icon').click();
    const explanation = inspector.getByTestId('asm-explanation').first();
    await explanation.waitFor({ timeout: 10_000 });
    const text = await explanation.innerText();
    expect(text).toContain('计分依据');
    const links = explanation.getByTestId('asm-item-link');
    expect(await links.count()).toBeGreaterThan(0);
    expect(await links.first().getAttribute('href')).toMatch(/^\/[a-z]/);
    await shot(inspector, 'assessment-results-explained');

    // 调整 with a reason: the final score changes, the computed one stays visible.
    const computed = (await firstRow.getByTestId('asm-score').innerText()).trim();
    const adjusted = Number(computed) >= 99 ? Number(computed) - 2 : Number(computed) + 1;
    await firstRow.getByTestId('asm-adjust').click();
    await numberInput(inspector, 'asm-adjust-score').fill(String(adjusted));
    await inspector.getByTestId('asm-adjust-ok').click();
    await inspector.locator('.ant-modal:visible .ant-form-item-explain-error', { hasText: '请填写理由' }).waitFor({ timeout: 10_000 });
    await inspector.getByTestId('asm-adjust-reason').fill(`该村本季度受理的问题线索已由镇纪委核实办结，系统未计入（${stamp}）`);
    await inspector.getByTestId('asm-adjust-ok').click();
    await modalClosed(inspector);
    const adjustedRow = inspector.locator('tr.asm-row', { hasText: region }).first();
    await expect.poll(() => adjustedRow.getByTestId('asm-score').innerText(), { timeout: 15_000 }).toContain('已调整');
    expect(await adjustedRow.getByTestId('asm-score').innerText()).toContain(String(adjusted));

    // The results export as a workbook (xlsx is a zip file).
    const xlsx = await download(inspector, 'asm-export');
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');

    // 锁定 after a confirmation: compute and adjust are refused from then on.
    await inspector.getByTestId('asm-lock').click();
    await inspector.getByTestId('asm-lock-ok').click();
    await inspector.getByTestId('asm-locked').waitFor({ timeout: 15_000 });
    expect(await inspector.getByTestId('asm-compute').isDisabled()).toBe(true);
    expect(await adjustedRow.getByTestId('asm-adjust').isDisabled()).toBe(true);
    const schemeId = ((await call(inspector, 'GET', '/assessment/schemes?status=active')).json.data as { id: string }[])[0]!.id;
    const results = await call(inspector, 'GET', `/assessment/schemes/${schemeId}/periods/${periodOf(quarter)}/results`);
    const resultId = (results.json.data as { id: string; regionName: string }[]).find((r) => r.regionName === region)!.id;
    const refused = await call(inspector, 'POST', `/assessment/results/${resultId}/adjust`, { score: 60, reason: '锁定后再调整' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(refused.json.message).toMatch(/锁定/);
    await shot(inspector, 'assessment-results-locked');

    // 考核方案: a new scheme from the template; the weight total is checked live before it can be saved.
    await inspector.goto(`${run.baseUrl}/assessment/schemes`);
    await inspector.getByTestId('asm-sc-new').click();
    const sum = inspector.getByTestId('asm-sc-sum');
    await expect.poll(() => sum.innerText(), { timeout: 15_000 }).toBe('权重合计 100 / 100');
    const weight = numberInput(inspector, 'asm-sc-weight-0');
    const original = await weight.inputValue();
    await weight.fill(String(Number(original) + 5));
    await expect.poll(() => sum.innerText(), { timeout: 5_000 }).toBe('权重合计 105，应为 100');
    expect(await inspector.getByTestId('asm-sc-save').isDisabled()).toBe(true);
    await shot(inspector, 'assessment-scheme-weights');
    await weight.fill(original);
    await expect.poll(() => sum.innerText(), { timeout: 5_000 }).toBe('权重合计 100 / 100');
    await inspector.getByTestId('asm-sc-name').fill(`乡镇年度考核方案（${stamp}）`);
    await inspector.getByTestId('asm-sc-save').click();
    await modalClosed(inspector);
    await expect.poll(() => inspector.locator('tr.asm-sc-row', { hasText: stamp }).innerText(), { timeout: 15_000 }).toContain('草稿');

    // 凤岭镇纪委 records a warning-education session with the secretary, a committee member and a villager
    // typed by name; 白坑村's coverage from today on rises (the demo's sessions lie earlier).
    const township = await signedIn(run.browser, 'fl.jiwei', errors);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await township.goto(`${run.baseUrl}/training?tab=coverage&from=${today}`);
    const before = await baikengCoverage(township);
    expect(before.people).toBeGreaterThan(0);
    await township.getByTestId('trn-create').click();
    await township.getByTestId('trn-title').fill(`村干部警示教育专题会（${stamp}）`);
    await township.getByTestId('trn-kind').click();
    await township.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '警示教育' }).first().click();
    // The date defaults to today (China time).
    await numberInput(township, 'trn-hours').fill('2.5');
    await township.getByTestId('trn-organiser').fill('凤岭镇纪委');
    await township.getByTestId('trn-add-account').click();
    await township.keyboard.type('张书记');
    await township.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '张书记' }).first().click();
    await township.getByTestId('trn-add-member').click();
    await township.keyboard.type('白坑村 监委会委员');
    const memberOption = township.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '白坑村 监委会委员' }).first();
    const memberName = (await memberOption.innerText()).split('（')[0]!.trim();
    await memberOption.click();
    await township.getByTestId('trn-type-name').fill('王大伯');
    await township.getByTestId('trn-type-add').click();
    const attendees = township.getByTestId('trn-attendees');
    await expect.poll(() => attendees.innerText(), { timeout: 10_000 }).toContain('王大伯');
    expect(await attendees.innerText()).toContain('张书记');
    expect(await attendees.innerText()).toContain(memberName);
    await shot(township, 'training-new');
    await township.getByTestId('trn-save').click();
    await township.getByTestId('trn-detail').waitFor({ timeout: 30_000 });
    expect(township.url()).toMatch(/\/training\/[0-9a-f-]{36}$/);
    const attendeeTable = township.getByTestId('trn-attendee-table');
    expect(await attendeeTable.innerText()).toContain('张书记');
    // The secretary's own history in a drawer.
    await attendeeTable.getByTestId('trn-person').first().click();
    const drawer = township.getByTestId('trn-history');
    await expect.poll(() => drawer.innerText(), { timeout: 15_000 }).toContain(`村干部警示教育专题会（${stamp}）`);
    await township.waitForTimeout(500); // the drawer slides in
    await shot(township, 'training-history');
    await township.goto(`${run.baseUrl}/training?tab=coverage&from=${today}`);
    await expect.poll(async () => (await baikengCoverage(township)).trained, { timeout: 15_000 }).toBeGreaterThan(before.trained);
    await township.getByTestId('trn-coverage-chart').waitFor({ timeout: 15_000 });
    await shot(township, 'training-coverage');

    // 监督队伍: the demo's conflict (a member on, or related to, the villagers' committee) in red with its reason.
    await township.goto(`${run.baseUrl}/supervision-teams?conflictsOnly=true`);
    const conflict = township.locator('tr.sup-row-conflict').first();
    await conflict.waitFor({ timeout: 30_000 });
    expect(await conflict.getByTestId('sup-conflict').innerText()).toMatch(/村民委员会成员/);
    await shot(township, 'supervision-conflicts');

    // The member is replaced with a reason; the roster shows the member as having left, the reason on hover.
    const name = (await conflict.locator('td').nth(2).innerText()).trim();
    await conflict.getByTestId('sup-replace').click();
    await township.getByTestId('sup-replace-ok').click();
    await township.locator('.ant-modal:visible .ant-form-item-explain-error', { hasText: '请填写理由' }).waitFor({ timeout: 10_000 });
    await township.getByTestId('sup-replace-reason').fill(`与村委会成员系近亲属，依法回避，经村民代表会议同意更换（${stamp}）`);
    await township.getByTestId('sup-replace-ok').click();
    await modalClosed(township);
    await township.goto(`${run.baseUrl}/supervision-teams?status=left`);
    const left = township.locator('tr.sup-row', { hasText: name }).first();
    await left.waitFor({ timeout: 30_000 });
    expect(await left.getByTestId('sup-left').innerText()).toBe('已离任');
    await township.goto(`${run.baseUrl}/supervision-teams?tab=structure`);
    await township.getByTestId('sup-age-chart').waitFor({ timeout: 30_000 });
    await shot(township, 'supervision-structure');

    expect(errors).toEqual([]);
  });
});

/** 2026年第3季度 → 2026-Q3 */
function periodOf(label: string): string {
  const m = /^(\d{4})年第([1-4])季度$/.exec(label);
  return m ? `${m[1]}-Q${m[2]}` : label;
}
