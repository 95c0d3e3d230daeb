import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { consoleLogin, DEMO_PASSWORD, shot, startPlatform, type Running } from './harness.js';

let run: Running;
beforeAll(async () => {
  run = await startPlatform();
});
afterAll(() => run?.stop());

const VIEWPORT = { width: 1366, height: 768 };
const BAIKENG = '330299101201';
const stamp = Date.now().toString(36);
const subject = `王建${stamp.slice(-2).replace(/\d/g, '国')}`;
const PDF = Buffer.from('%PDF-1.4\n% 谈话笔录\n%%EOF\n');

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

async function openPage(username: string): Promise<{ page: Page; errors: string[] }> {
  const page = await run.browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await consoleLogin(page, run.baseUrl, username);
  await page.getByTestId('side-menu').waitFor({ timeout: 30_000 });
  return { page, errors };
}

async function openDialog(page: Page, action: string) {
  await page.getByTestId(`case-action-${action}`).click();
  await page.locator('.ant-modal:visible').last().waitFor({ timeout: 10_000 });
}

async function dialogClosed(page: Page) {
  await page.locator('.ant-modal-wrap:visible').last().waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => undefined);
}

async function statusIs(page: Page, text: string) {
  await expect.poll(() => page.getByTestId('case-status').first().innerText(), { timeout: 15_000 }).toBe(text);
}

/** Opens the select found by its test id and clicks the option with the given text. */
async function choose(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().locator('.ant-select-item-option', { hasText: option }).first().click();
  await page.waitForTimeout(300);
}

describe('案件 in the console: from a report to an executed decision, 一案双查, a published typical case, barred village', () => {
  it('the township discipline officer handles a case from a report; the district approves and publishes the typical case', async () => {
    // The clue: a report about 白坑村's director, taken in by the township.
    const jiwei = await apiAs('fl.jiwei');
    const report = await jiwei<{ id: string; number: string }>('POST', '/reports', {
      channel: 'visit',
      category: 'subsistence',
      regionCode: BAIKENG,
      subjectName: subject,
      subjectPosition: '村委会主任',
      subjectKind: 'village_cadre',
      content: `村委会主任把不符合条件的亲属报成低保户，多领低保金一万余元。e2e-${stamp}`,
      anonymous: true,
    });

    const { page, errors } = await openPage('fl.jiwei');
    expect(await page.getByTestId('side-menu').innerText()).toContain('案件管理');
    await page.goto(`${run.baseUrl}/cases/new?sourceType=report&sourceId=${report.id}`);
    await page.getByTestId('case-prefilled').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('case-subject-name').inputValue()).toBe(subject);
    expect(await page.getByTestId('case-title').inputValue()).toContain(report.number);
    const idNo = idNumber('33029919700101123');
    await page.getByTestId('case-subject-id').fill(idNo);
    await shot(page, 'cases-new-from-report');
    await page.getByTestId('case-new-submit').click();

    // The case file: number, 初核, the read recorded, the identity number masked.
    await page.getByTestId('case-number').waitFor({ timeout: 15_000 });
    const number = (await page.getByTestId('case-number').innerText()).trim();
    expect(number).toMatch(/^AJ330299-\d{4}-\d{5}$/);
    const caseUrl = page.url();
    await statusIs(page, '初核');
    expect(await page.getByTestId('case-subject-id').innerText()).not.toContain(idNo);
    expect(await page.content()).not.toContain(idNo);
    expect(await page.getByTestId('case-source-link').getAttribute('href')).toBe(`/reports/${report.id}`);
    await expect.poll(() => page.getByTestId('case-history').innerText(), { timeout: 15_000 }).toContain('查阅案卷');
    expect(await page.getByTestId('case-history').innerText()).toContain('登记问题线索');

    await openDialog(page, 'file');
    await page.getByTestId('case-file-note').fill('经初核，反映问题基本属实，予以立案。');
    await page.getByTestId('case-file-ok').click();
    await statusIs(page, '已立案');

    await openDialog(page, 'investigate');
    await page.getByTestId('case-investigate-ok').click();
    await statusIs(page, '调查中');

    // A note with evidence: the file joins the case file.
    await openDialog(page, 'note');
    await page.getByTestId('case-note-text').fill('与当事人谈话，调取低保评议记录。');
    await page.locator('.ant-modal:visible input[type=file]').setInputFiles({ name: '谈话笔录.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => page.getByTestId('case-evidence-list').innerText().catch(() => ''), { timeout: 15_000 }).toContain('谈话笔录.pdf');
    await page.getByTestId('case-note-ok').click();
    await dialogClosed(page);
    await expect.poll(() => page.getByTestId('case-history').innerText(), { timeout: 15_000 }).toContain('与当事人谈话');
    await expect.poll(() => page.getByTestId('case-attachments').innerText(), { timeout: 15_000 }).toContain('谈话笔录.pdf');

    await openDialog(page, 'review');
    await page.getByTestId('case-review-ok').click();
    await statusIs(page, '审理中');

    // The decision: a Party sanction and the recovery of funds (yuan in the form, fen on the wire).
    await openDialog(page, 'decide');
    await page.getByTestId('case-decide-note').fill('给予党内严重警告处分，追缴违规领取的低保金。');
    await page.getByTestId('case-sanction-add').click();
    await choose(page, 'case-sanction-category-0', '党纪处分');
    await choose(page, 'case-sanction-measure-0', '严重警告');
    await page.getByTestId('case-sanction-add').click();
    await choose(page, 'case-sanction-category-1', '追缴资金');
    await page.getByTestId('case-sanction-amount-1').fill('12345.6');
    await page.getByTestId('case-decide-note').click();
    await expect.poll(() => page.getByTestId('case-recovery-total').innerText(), { timeout: 5_000 }).toContain('12,345.60');
    await shot(page, 'cases-decide-dialog');
    await page.getByTestId('case-decide-ok').click();
    await statusIs(page, '已作出处理决定');
    const sanctions = await page.getByTestId('case-sanctions').innerText();
    expect(sanctions).toContain('党纪处分');
    expect(sanctions).toContain('严重警告');
    expect(sanctions).toContain('12,345.60');
    expect(await page.getByTestId('case-recovered').innerText()).toContain('12,345.60');

    await openDialog(page, 'execute');
    await page.getByTestId('case-execute-ok').click();
    await statusIs(page, '执行完毕');

    // 一案双查: the township leader responsible for supervising the village's subsistence allowances.
    await openDialog(page, 'add_accountability');
    await page.getByTestId('case-acc-name').fill('赵某');
    await page.getByTestId('case-acc-position').fill('凤岭镇民政办主任');
    await page.getByTestId('case-acc-summary').fill('对低保评议审核把关不严，负有监管责任。');
    await page.getByTestId('case-accountability-ok').click();
    await dialogClosed(page);
    const accountability = page.getByTestId('case-accountability');
    await expect.poll(() => accountability.innerText(), { timeout: 15_000 }).toContain('赵某');
    const accNumber = (await accountability.locator('a').first().innerText()).trim();
    expect(accNumber).toMatch(/^AJ330299-\d{4}-\d{5}$/);
    expect(accNumber).not.toBe(number);

    // A typical case: the subject's name is refused in the form; the anonymised text is drafted.
    await openDialog(page, 'draft_typical');
    await page.getByTestId('case-typical-title').fill('某村村委会主任违规为亲属办理低保');
    await page.getByTestId('case-typical-summary').fill(`${subject}利用职务便利为亲属违规办理低保。`);
    await page.getByTestId('case-typical-ok').click();
    await page.getByText('内容中出现了被调查人姓名').first().waitFor({ timeout: 5_000 });
    await page.getByTestId('case-typical-summary').fill('凤岭镇某村村委会主任王某利用职务便利，将不符合条件的亲属纳入低保，多领低保金一万余元。王某受到党内严重警告处分，违规资金已全部追缴。');
    await page.getByTestId('case-typical-lesson').fill('低保是群众的“保命钱”，优亲厚友必被严肃查处。');
    await shot(page, 'cases-typical-draft');
    await page.getByTestId('case-typical-ok').click();
    await dialogClosed(page);
    await expect.poll(() => page.getByTestId('case-typical').innerText(), { timeout: 15_000 }).toContain('待审批');
    // A township officer cannot approve it.
    expect(await page.getByTestId('case-action-decide_typical').count()).toBe(0);
    const history = await page.getByTestId('case-history').innerText();
    for (const step of ['立案', '开始调查', '办案记录', '移送审理', '作出处理决定', '执行完毕', '一案双查', '拟作为典型案例']) expect(history).toContain(step);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'cases-detail-executed');

    // The accountability record links back to its main case.
    await accountability.locator('a').first().click();
    await page.getByTestId('case-parent-link').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('case-parent-link').innerText()).toBe(number);
    await statusIs(page, '初核');

    // The list finds the case by its subject.
    await page.goto(`${run.baseUrl}/cases?q=${encodeURIComponent(subject)}`);
    const row = page.locator('tr.case-row', { hasText: number });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.innerText()).toContain('执行完毕');
    await shot(page, 'cases-list');
    expect(errors).toEqual([]);
    await page.close();

    // The district inspector approves and publishes the typical case.
    const { page: district, errors: districtErrors } = await openPage('inspector');
    await district.goto(caseUrl);
    await district.getByTestId('case-action-decide_typical').click();
    await district.locator('.ant-modal:visible').last().waitFor({ timeout: 10_000 });
    await district.getByTestId('case-typical-decide-approve').getByText('批准', { exact: true }).click();
    await district.getByTestId('case-typical-decide-ok').click();
    await expect.poll(() => district.getByTestId('typical-status').innerText(), { timeout: 15_000 }).toBe('已批准');
    await district.getByTestId('case-action-publish_typical').click();
    await district.getByTestId('case-publish_typical-confirm').click();
    await expect.poll(() => district.getByTestId('typical-status').innerText(), { timeout: 15_000 }).toBe('已发布');
    expect(await district.getByTestId('case-action-withdraw_typical').count()).toBe(1);
    await shot(district, 'cases-typical-published');
    // The portal lists it, anonymised.
    const published = (await (await fetch(`${run.baseUrl}/api/v1/public/cases/typical?district=330299000000`)).json()) as { title: string; summary: string }[];
    const item = published.find((p) => p.title === '某村村委会主任违规为亲属办理低保');
    expect(item).toBeTruthy();
    expect(JSON.stringify(published)).not.toContain(subject);
    expect(districtErrors).toEqual([]);
    await district.close();

    // 白坑村's discipline member has no case permission: no menu item, and the URL is refused.
    const { page: village } = await openPage('bk.discipline');
    expect(await village.getByTestId('side-menu').innerText()).not.toContain('案件管理');
    await village.goto(caseUrl);
    await village.getByText('您没有访问此页面的权限').waitFor({ timeout: 15_000 });
    expect(await village.content()).not.toContain(subject);
    await shot(village, 'cases-village-forbidden');
    await village.close();

    // Another township's discipline officer may read cases, but not this one: not found.
    const { page: other } = await openPage('hn.jiwei');
    await other.goto(caseUrl);
    await other.getByTestId('case-not-found').waitFor({ timeout: 15_000 });
    expect(await other.content()).not.toContain(subject);
    await shot(other, 'cases-other-township-404');
    await other.close();
  }, 300_000);

  it('容错纠错: the township proposes, the district approves from the register', async () => {
    const jiwei = await apiAs('fl.jiwei');
    const created = await jiwei<{ id: string; number: string }>('POST', '/cases', {
      title: '白坑村先行先试集体经济项目亏损问题',
      sourceType: 'direct',
      regionCode: BAIKENG,
      subjectName: '李某',
      subjectPosition: '村党支部书记',
      summary: `村集体试办民宿项目亏损，程序存在瑕疵。e2e-${stamp}`,
    });
    await jiwei('POST', `/cases/${created.id}/file`, {});
    await jiwei('POST', `/cases/${created.id}/investigate`, {});

    const { page, errors } = await openPage('fl.jiwei');
    await page.goto(`${run.baseUrl}/cases/${created.id}`);
    await statusIs(page, '调查中');
    await page.getByTestId('case-action-propose_tolerance').click();
    await page.getByTestId('case-tolerance-text').fill('为发展村集体经济先行先试，经集体决策，未谋取私利，属于“三个区分开来”情形。');
    await page.getByTestId('case-tolerance-ok').click();
    await expect.poll(() => page.getByTestId('case-tolerance').first().innerText(), { timeout: 15_000 }).toBe('待上级审批');
    // The township cannot approve its own proposal.
    expect(await page.getByTestId('case-action-decide_tolerance').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();

    const { page: district, errors: districtErrors } = await openPage('inspector');
    await district.getByTestId('side-menu').getByText('容错纠错台账').click();
    const row = district.locator('[data-testid="tolerance-table"] tr', { hasText: created.number });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.innerText()).toContain('待上级审批');
    await shot(district, 'cases-tolerance-register');
    await row.click();
    await district.getByTestId('case-action-decide_tolerance').click();
    await district.locator('.ant-modal:visible').last().waitFor({ timeout: 10_000 });
    await district.getByTestId('case-tolerance-decide-approve').getByText('批准', { exact: true }).click();
    await district.getByTestId('case-tolerance-decide-note').fill('符合容错情形，同意免予追责。');
    await district.getByTestId('case-tolerance-decide-ok').click();
    await expect.poll(() => district.getByTestId('case-tolerance').first().innerText(), { timeout: 15_000 }).toBe('已批准容错');
    expect(await district.getByTestId('case-tolerance-box').innerText()).toContain('先行先试');
    await shot(district, 'cases-tolerance-approved');
    expect(districtErrors).toEqual([]);
    await district.close();
  }, 180_000);
});
