import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLogin, shot, startPlatform, type Running } from './harness.js';

let run: Running;
beforeAll(async () => {
  run = await startPlatform();
});
afterAll(() => run?.stop());

const BAIKENG = '330299101201';
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A well-formed identity number (GB 11643) from 17 digits. */
function idNumber(first17: string): string {
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * WEIGHTS[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

describe('department data import: the data officer uploads a file and reads its report', () => {
  it('uploads residents.csv with one bad row, sees the report and the rejected row, and downloads the error report', async () => {
    const page = await run.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    await consoleLogin(page, run.baseUrl, 'dataofficer');
    await page.getByTestId('side-menu').waitFor({ timeout: 30_000 });
    await page.getByTestId('side-menu').getByText('数据导入').click();
    await page.getByTestId('import-upload').waitFor({ timeout: 30_000 });
    expect(page.url()).toContain('/data-imports');

    const stamp = Date.now().toString().slice(-4);
    const csv = [
      '身份证号,姓名,性别,出生日期,户号,与户主关系,村代码',
      `${idNumber(`3302991960010${stamp}`)},测试甲,男,1960-01-01,E2E-${stamp},户主,${BAIKENG}`,
      `${idNumber(`3302991962020${stamp}`)},测试乙,女,1962-13-40,E2E-${stamp},配偶,${BAIKENG}`,
    ].join('\n');
    await page.locator('input[type=file]').setInputFiles({ name: 'residents.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await expect.poll(() => page.getByTestId('import-inferred').innerText(), { timeout: 10_000 }).toContain('户籍人口');
    await page.getByTestId('import-submit').click();

    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 30_000 });
    const text = await report.innerText();
    expect(text).toContain('已导入');
    expect(text).toContain('residents.csv');
    const rejected = page.getByTestId('import-rejected');
    await rejected.waitFor();
    const rows = await rejected.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^3\s/);
    expect(rows[0]).toContain('出生日期');
    // The history lists the import too.
    await expect.poll(() => page.getByTestId('imports-table').innerText(), { timeout: 15_000 }).toContain('residents.csv');
    await shot(page, 'datasets-import-report');

    const [download] = await Promise.all([page.waitForEvent('download'), report.getByTestId('import-error-report').click()]);
    expect(download.suggestedFilename()).toContain('错误报告');
    const body = readFileSync((await download.path())!);
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const content = body.subarray(3).toString('utf8');
    expect(content.split(/\r?\n/)[0]).toContain('原因');
    expect(content).toContain('测试乙');
    expect(content).not.toContain('测试甲');
    await page.close();
  });

  it('issues an API token shown once, a department system pushes with it, and a revoked token is refused', async () => {
    const page = await run.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await consoleLogin(page, run.baseUrl, 'dataofficer');
    await page.getByTestId('side-menu').waitFor({ timeout: 30_000 });
    await page.getByTestId('side-menu').getByText('接口令牌').click();
    await page.getByTestId('tokens-table').waitFor({ timeout: 30_000 });
    await page.getByTestId('token-create').click();
    const name = `公安死亡登记系统 e2e-${Date.now().toString(36)}`;
    await page.locator('#name').fill(name);
    await page.getByTestId('token-form').locator('.ant-select').first().click();
    await page.keyboard.type('deaths');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByTestId('token-create-ok').click();
    const value = page.getByTestId('token-value');
    await value.waitFor({ timeout: 15_000 });
    const token = (await value.innerText()).trim();
    expect(token).toMatch(/^mpw_[A-Za-z0-9_-]{43}$/);
    expect(await page.locator('.ant-modal').last().innerText()).toContain('只显示这一次');
    await shot(page, 'datasets-token-issued');

    const push = (t: string) =>
      fetch(`${run.baseUrl}/api/v1/datasets/push/deaths`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t}`, 'content-type': 'text/csv' },
        body: `id_number,name,death_date\n${idNumber('33029919300101001')},测试丙,2025-01-02\n`,
      });
    const ok = await push(token);
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ dataset: 'deaths', status: 'committed', rowsRead: 1 });

    await page.getByTestId('token-issued-ok').click();
    const row = page.locator('tr', { hasText: name });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.innerText()).not.toContain(token);
    expect(await row.innerText()).toContain(token.slice(0, 12));
    await row.getByTestId('token-revoke').click();
    await page.getByTestId('token-revoke-ok').click();
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('已吊销');
    await shot(page, 'datasets-token-revoked');
    const refused = await push(token);
    expect(refused.status).toBe(401);
    expect((await refused.json()).code).toBe('UNAUTHENTICATED');
    await page.close();
  });
});
