import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLogin, DEMO_PASSWORD, shot, startPlatform, type Running } from './harness.js';

let run: Running;
beforeAll(async () => {
  run = await startPlatform();
});
afterAll(() => run?.stop());

const title = `村道硬化工程 e2e-${Date.now().toString(36)}`;

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

describe('预警处置: the township discipline officer checks an alert against its evidence and confirms it', () => {
  it('raises an alert, opens it from the list, sees the rows behind it and confirms with a reason', async () => {
    // The village records a proposal meeting three weeks after it was held: LATE_RECORD, assigned to 凤岭镇纪委.
    const secretary = await apiAs('bk.secretary');
    const decision = await secretary('POST', '/decisions', { title });
    const heldOn = new Date(Date.now() - 21 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    await secretary('POST', `/decisions/${decision.id as string}/stages`, { stage: 'proposal', heldOn, chair: '张书记', minutes: '党组织提议村道硬化。' });

    const page = await run.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await consoleLogin(page, run.baseUrl, 'fl.jiwei');
    await page.getByTestId('side-menu').waitFor({ timeout: 30_000 });
    await page.goto(`${run.baseUrl}/alerts?assigned=me`);
    const row = page.locator('tr.alert-row', { hasText: title });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.innerText()).toContain('已分派');
    expect(await row.innerText()).toContain('黄');
    await shot(page, 'alerts-list');
    const csv = await page.evaluate(async (href) => (await fetch(href!)).text(), await page.getByTestId('alerts-download').getAttribute('href'));
    expect(csv.split('\r\n')[0]).toBe('rule,subject_type,subject_id,village_code,severity,status,summary,evidence');
    expect(csv).toContain(',330299101201,yellow,open,');

    await row.click();
    await page.getByTestId('alert-summary').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('alert-summary').innerText()).toContain(`决策“${title}”的会议记录疑似事后补记`);
    const evidence = page.getByTestId('evidence-decisions');
    await evidence.waitFor({ timeout: 15_000 });
    const evidenceText = await evidence.innerText();
    expect(evidenceText).toContain('四议两公开记录');
    expect(evidenceText).toContain('党组织提议');
    expect(evidenceText).toContain(heldOn);
    expect(await page.getByTestId('alert-history').innerText()).toContain('分派');
    await shot(page, 'alert-detail-evidence');

    await page.getByTestId('alert-action-confirm').click();
    await page.getByTestId('alert-confirm-ok').click();
    // A reason is required.
    await page.getByText('请填写理由').first().waitFor({ timeout: 5_000 });
    await page.getByTestId('alert-confirm-text').fill('核实：提议会议记录系会后三周补记，已约谈村书记。');
    await page.getByTestId('alert-confirm-ok').click();
    await expect.poll(() => page.getByTestId('alert-status').first().innerText(), { timeout: 15_000 }).toContain('已确认');
    await expect.poll(() => page.getByTestId('alert-history').innerText(), { timeout: 15_000 }).toContain('已约谈村书记');
    expect(await page.getByTestId('alert-handling').innerText()).toContain('凤岭镇纪委');
    await shot(page, 'alert-detail-confirmed');

    // The heat table counts what is still open: a second late record in the same village, opened from its cell.
    const second = await secretary('POST', '/decisions', { title: `${title} 二期` });
    await secretary('POST', `/decisions/${second.id as string}/stages`, { stage: 'proposal', heldOn, chair: '张书记' });
    await page.goto(`${run.baseUrl}/alerts/heat`);
    const cell = page.getByTestId('heat-330299101201-LATE_RECORD');
    await cell.waitFor({ timeout: 15_000 });
    expect(Number(await cell.innerText())).toBeGreaterThanOrEqual(1);
    await page.waitForTimeout(500);
    await shot(page, 'alert-heat');
    await cell.click();
    await page.locator('tr.alert-row', { hasText: `${title} 二期` }).waitFor({ timeout: 15_000 });
    expect(page.url()).toContain('rule=LATE_RECORD');
    expect(await page.locator('tr.alert-row', { hasText: title }).count()).toBe(1);

    // The precision page shows the rule with the confirmed outcome.
    await page.goto(`${run.baseUrl}/alerts/precision`);
    const ruleRow = page.getByTestId('alert-precision').locator('tr', { hasText: '会议记录事后补记' });
    await ruleRow.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);
    expect(await ruleRow.innerText()).toContain('100.0%');
    await shot(page, 'alert-precision');
    expect(errors).toEqual([]);
  });
});
