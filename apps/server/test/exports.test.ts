/**
 * Ledgers in Excel (docs/exports.md): each list's .xlsx export read back and compared with the
 * list API's rows, in the reader's scope, with formula-like text neutralised and no reporter data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import {
  ALERT_RULE_LABELS,
  ALERT_SEVERITY_LABELS,
  ALERT_STATUS_LABELS,
  CASE_STATUS_LABELS,
  DISCLOSURE_KIND_LABELS,
  DISCLOSURE_STATUS_LABELS,
  REPORT_STATUS_LABELS,
  type TAlert,
  type TCaseSummary,
  type TDisclosure,
  type TFlowStep,
  type TReportSummary,
} from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from './helpers.js';
import { systemActor } from '../src/lib/actor.js';
import { AppError } from '../src/lib/errors.js';
import { allRows, cellText } from '../src/lib/xlsx.js';
import { audited } from '../src/modules/audit/audit.log.js';
import { raiseAlert } from '../src/modules/alerts/alerts.service.js';
import { caseAt, newCase } from '../src/modules/cases/cases.test-support.js';
import { createDisclosure, publishDisclosure } from '../src/modules/disclosures/disclosures.service.js';
import { MATTER_STATUS_LABELS } from '@mpw/contracts';
import { actOnMatter, startMatter } from '../src/modules/matters/matters.service.js';
import { itemContent } from '../src/modules/power/power.authz.js';
import { createItem } from '../src/modules/power/power.service.js';
import { newReport, REPORTER } from '../src/modules/reports/reports.staff.test-support.js';

let ctx: TestContext;
let w: World;
/** 乡镇纪委 of 甲镇 (townshipA) and of 乙镇 (townshipB). */
let a: Client;
let b: Client;

type Row = Record<string, unknown>;

/** The workbook of an export response, after checking the response's headers. */
async function workbookOf(res: LightMyRequestResponse, fileName: string): Promise<ExcelJS.Workbook> {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(String(res.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent(fileName)}-`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}

/** A sheet's rows as header → value. */
function rowsOf(ws: ExcelJS.Worksheet): Row[] {
  const headers = (ws.getRow(1).values as unknown[]).slice(1) as string[];
  const out: Row[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const v = (r.values as unknown[]).slice(1);
    out.push(Object.fromEntries(headers.map((h, i) => [h, v[i] ?? null])));
  });
  return out;
}

async function exported(client: Client, url: string, fileName: string): Promise<Row[]> {
  return rowsOf((await workbookOf(await client.get(url), fileName)).worksheets[0]!);
}

async function listed<T>(client: Client, url: string): Promise<T[]> {
  const res = await client.get(`${url}${url.includes('?') ? '&' : '?'}pageSize=200`);
  expect(res.statusCode, res.body).toBe(200);
  const { data, total } = res.json() as { data: T[]; total: number };
  expect(data.length).toBe(total);
  return data;
}

// What a cell should hold, written independently of the exporter.
const text = (s: string | null | undefined) => (s === null || s === undefined || s === '' ? null : /^[=+\-@]/.test(s) ? `'${s}` : s);
const day = (s: string | null) => (s ? new Date(`${s.slice(0, 10)}T00:00:00Z`) : null);
const chinaDay = (iso: string) => day(new Date(Date.parse(iso) + 8 * 3_600_000).toISOString());
const chinaMinute = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16) : null);
const minuteOf = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 16) : v);
const yes = (v: boolean) => (v ? '是' : '否');

/** Same rows (by key), same values. */
function expectSameRows<T>(sheet: Row[], list: T[], key: (t: T) => string, keyHeader: string, expected: (t: T) => Row) {
  expect(sheet.length).toBe(list.length);
  const byKey = new Map(sheet.map((r) => [String(r[keyHeader]), r]));
  for (const item of list) {
    const row = byKey.get(text(key(item))!);
    expect(row, key(item)).toBeDefined();
    expect(row).toMatchObject(expected(item));
  }
}

const FILING_STEPS = [
  { id: 'apply', name: '提出申请', kind: 'application', role: 'village_secretary', deadlineDays: 3, materials: [], disclose: '' },
  { id: 'filing', name: '乡镇备案', kind: 'filing', role: 'township_staff', deadlineDays: 5, materials: [], disclose: '' },
  { id: 'result', name: '结果公开', kind: 'disclosure', role: 'village_secretary', deadlineDays: 3, materials: [], disclose: '' },
] as TFlowStep[];

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  const { db, secrets } = ctx.platform.deps;
  const sys = systemActor();
  a = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_discipline'])).username);
  b = await login(ctx.app, (await makeUser(ctx, w.townshipB, ['township_discipline'])).username);

  // Matters: at a filing step, one decided twice (returned, then accepted), one in each other village.
  const item = await createItem(db, sys, { code: 'XL-01', content: { ...itemContent('补助申请'), flow: { steps: FILING_STEPS } }, regionCode: w.district });
  const start = (regionCode: string, title: string, amountFen?: number) => startMatter(db, sys, secrets, { itemId: item.id, regionCode, title, amountFen, isPublic: true });
  const decided = await start(w.villageA1, '危房改造补助', 1_234_56);
  await start(w.villageA1, '=1+2 公式标题', 5);
  await start(w.villageA2, '临时救助');
  await start(w.villageB1, '乙镇事项');
  await actOnMatter(db, sys, decided.id, { action: 'file_return', note: '缺少入户调查表' });
  await actOnMatter(db, sys, decided.id, { action: 'submit' });
  await actOnMatter(db, sys, decided.id, { action: 'file_accept', note: '@备案通过' });

  // Disclosures: a draft past due, a published item, one in 乙镇.
  const content = { summary: '公开内容', sections: [{ heading: '说明', text: '内容' }] };
  await createDisclosure(db, sys, { regionCode: w.villageA1, kind: 'other', title: '=SUM(A1) 草稿', dueOn: '2020-01-31', content });
  await publishDisclosure(db, sys, (await createDisclosure(db, sys, { regionCode: w.villageA2, kind: 'other', title: '村道维修公开', content })).id);
  await createDisclosure(db, sys, { regionCode: w.villageB1, kind: 'other', title: '乙镇公开', content });

  // Alerts.
  for (const [regionCode, summary] of [[w.villageA1, '@提醒 记录晚于决策'], [w.villageA2, '记录晚于决策'], [w.villageB1, '乙镇预警']] as const) {
    const subjectId = `${regionCode}-2026-0001`;
    await audited(db, sys, (x) => raiseAlert(x, { rule: 'LATE_RECORD', subjectType: 'decision', subjectId, regionCode, summary, evidence: `decisions:${subjectId}/proposal` }));
  }

  // Reports: real-name (the reporter's data must never reach the workbook), anonymous, one in 乙镇.
  await newReport(ctx, w.villageA1, { subjectName: '-1+1 某某' });
  await newReport(ctx, w.villageA2, { anonymous: true });
  await newReport(ctx, w.villageB1);

  // Cases.
  await caseAt(db, w.villageA1, w.townshipA, 'decided', { subjectName: '+张三' });
  await newCase(db, w.villageA2, w.townshipA);
  await caseAt(db, w.villageB1, w.townshipB, 'filed');
}, 180_000);
afterAll(() => ctx.close());

describe('each list exports to .xlsx as the list API shows it', () => {
  it('matters (事项台账), with dates as dates and money in yuan', async () => {
    const list = await listed<{ matterNo: string; title: string; regionName: string; status: keyof typeof MATTER_STATUS_LABELS; currentStepName: string | null; stepDueOn: string | null; isOverdue: boolean; amountFen: number | null; createdAt: string }>(a, '/api/v1/matters');
    expect(list.length).toBe(3);
    const sheet = await exported(a, '/api/v1/matters/export.xlsx', '事项台账');
    expectSameRows(sheet, list, (m) => m.matterNo, '事项编号', (m) => ({
      事项标题: text(m.title),
      村: m.regionName,
      状态: MATTER_STATUS_LABELS[m.status],
      当前步骤: m.currentStepName,
      步骤期限: day(m.stepDueOn),
      是否逾期: yes(m.isOverdue),
      '金额（元）': m.amountFen === null ? null : m.amountFen / 100,
      发起日期: chinaDay(m.createdAt),
    }));
    expect(sheet.find((r) => r['金额（元）'] === 1234.56)).toBeDefined();
    expect(sheet.find((r) => r['事项标题'] === "'=1+2 公式标题")).toBeDefined();
    // The same filters as the list.
    const filtered = await exported(a, `/api/v1/matters/export.xlsx?regionCode=${w.villageA2}&q=${encodeURIComponent('救助')}`, '事项台账');
    expect(filtered.map((r) => r['事项编号'])).toEqual((await listed<{ matterNo: string }>(a, `/api/v1/matters?regionCode=${w.villageA2}&q=${encodeURIComponent('救助')}`)).map((m) => m.matterNo));
    expect(filtered).toHaveLength(1);
  });

  it('filings (备案台账): the pending matters and every decision, as the inbox shows them', async () => {
    const inbox = (await a.get('/api/v1/matters/filings')).json() as { pending: { matterNo: string; title: string; stepDueOn: string | null }[]; recent: { matterNo: string; action: string; note: string | null; at: string }[] };
    const wb = await workbookOf(await a.get('/api/v1/matters/filings/export.xlsx'), '备案台账');
    expect(wb.worksheets.map((s) => s.name)).toEqual(['待备案', '备案记录']);
    const pending = rowsOf(wb.worksheets[0]!);
    expectSameRows(pending, inbox.pending, (m) => m.matterNo, '事项编号', (m) => ({ 事项标题: text(m.title), 备案期限: day(m.stepDueOn) }));
    expect(pending).toHaveLength(2);
    const decisions = rowsOf(wb.worksheets[1]!);
    expect(decisions.map((d) => [d['事项编号'], d['决定'], d['理由']])).toEqual(inbox.recent.map((d) => [d.matterNo, d.action === 'file_accept' ? '通过' : '退回', text(d.note)]));
    expect(decisions.map((d) => minuteOf(d['决定时间']))).toEqual(inbox.recent.map((d) => chinaMinute(d.at)));
    expect(decisions.map((d) => d['理由'])).toEqual(["'@备案通过", '缺少入户调查表']);
    // 乙镇's has its own pending matter and no decision of 甲镇.
    const other = await workbookOf(await b.get('/api/v1/matters/filings/export.xlsx'), '备案台账');
    expect(rowsOf(other.worksheets[0]!).map((r) => r['村'])).toEqual(['乙一村']);
    expect(rowsOf(other.worksheets[1]!)).toHaveLength(0);
  });

  it('disclosures (村务公开台账)', async () => {
    // Two items made here, and the result disclosure the filed matter's flow opened.
    const list = await listed<TDisclosure>(a, '/api/v1/disclosures');
    expect(list.length).toBe(3);
    const sheet = await exported(a, '/api/v1/disclosures/export.xlsx', '村务公开台账');
    expectSameRows(sheet, list, (d) => d.title, '公开事项', (d) => ({
      村: d.regionName,
      公开类别: DISCLOSURE_KIND_LABELS[d.kind],
      期间: d.period,
      应公开日期: day(d.dueOn),
      状态: DISCLOSURE_STATUS_LABELS[d.status],
      当前版本: d.status === 'draft' ? null : d.currentVersion,
      是否逾期: yes(d.isOverdue),
      更新日期: chinaDay(d.updatedAt),
    }));
    const overdue = await exported(a, '/api/v1/disclosures/export.xlsx?overdue=true', '村务公开台账');
    expect(overdue.map((r) => r['公开事项'])).toEqual(["'=SUM(A1) 草稿"]);
  });

  it('alerts (预警台账), with the list filters the CSV does not take', async () => {
    const list = await listed<TAlert>(a, '/api/v1/alerts');
    expect(list.length).toBe(2);
    const sheet = await exported(a, '/api/v1/alerts/export.xlsx', '预警台账');
    expectSameRows(sheet, list, (x) => x.summary, '预警内容', (x) => ({
      等级: ALERT_SEVERITY_LABELS[x.severity],
      预警规则: ALERT_RULE_LABELS[x.rule],
      村: x.regionName,
      区划代码: x.regionCode,
      状态: ALERT_STATUS_LABELS[x.status],
      是否升级: yes(x.escalated),
      证据: x.evidence,
    }));
    for (const x of list) expect(minuteOf(sheet.find((r) => r['区划代码'] === x.regionCode)!['首次预警时间'])).toBe(chinaMinute(x.firstRaisedAt));
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const filter = `status=open&severity=${list[0]!.severity}&from=${today}&to=${today}&regionCode=${w.villageA1}`;
    const filtered = await exported(a, `/api/v1/alerts/export.xlsx?${filter}`, '预警台账');
    expect(filtered.map((r) => r['预警内容'])).toEqual((await listed<TAlert>(a, `/api/v1/alerts?${filter}`)).map((x) => text(x.summary)));
    expect(filtered).toHaveLength(1);
    expect(await exported(a, '/api/v1/alerts/export.xlsx?from=2099-01-01', '预警台账')).toHaveLength(0);
  });

  it('reports (举报台账): what the list shows, nothing about any reporter', async () => {
    const list = await listed<TReportSummary>(a, '/api/v1/reports/');
    expect(list.length).toBe(2);
    const wb = await workbookOf(await a.get('/api/v1/reports/export.xlsx'), '举报台账');
    const sheet = rowsOf(wb.worksheets[0]!);
    expectSameRows(sheet, list, (r) => r.number, '举报编号', (r) => ({
      收到日期: day(r.receivedOn),
      发生地代码: r.regionCode,
      被举报人: text(r.subjectName),
      被举报人职务: r.subjectPosition,
      状态: REPORT_STATUS_LABELS[r.status],
      办理期限: day(r.dueOn),
      是否逾期: yes(r.isOverdue),
    }));
    expect(sheet.find((r) => r['被举报人'] === "'-1+1 某某")).toBeDefined();
    // Every cell of every sheet, headers included.
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value instanceof Date ? c.value.toISOString() : c.value)))));
    expect(cells.length).toBeGreaterThan(30);
    for (const secret of [REPORTER.name, REPORTER.phone, REPORTER.idNumber, REPORTER.address, '实名', '匿名']) {
      expect(cells.filter((c) => c.includes(secret)), secret).toEqual([]);
    }
  });

  it('cases (案件台账)', async () => {
    const list = await listed<TCaseSummary>(a, '/api/v1/cases/');
    expect(list.length).toBe(2);
    const sheet = await exported(a, '/api/v1/cases/export.xlsx', '案件台账');
    expectSameRows(sheet, list, (c) => c.number, '案件编号', (c) => ({
      案由: text(c.title),
      被调查人: text(c.subjectName),
      职务: c.subjectPosition,
      发生地代码: c.regionCode,
      状态: CASE_STATUS_LABELS[c.status],
      立案日期: day(c.filedOn),
      决定日期: day(c.decidedOn),
      登记日期: chinaDay(c.createdAt),
    }));
    expect(sheet.find((r) => r['被调查人'] === "'+张三")).toBeDefined();
    const filed = await exported(a, '/api/v1/cases/export.xlsx?status=decided', '案件台账');
    expect(filed.map((r) => r['案件编号'])).toEqual((await listed<TCaseSummary>(a, '/api/v1/cases/?status=decided')).map((c) => c.number));
  });
});

describe('scope, limits and the neutraliser', () => {
  const EXPORTS = [
    ['/api/v1/matters/export.xlsx', '事项台账', '区划代码'],
    ['/api/v1/disclosures/export.xlsx', '村务公开台账', '区划代码'],
    ['/api/v1/alerts/export.xlsx', '预警台账', '区划代码'],
    ['/api/v1/reports/export.xlsx', '举报台账', '发生地代码'],
    ['/api/v1/cases/export.xlsx', '案件台账', '发生地代码'],
  ] as const;

  it("a township's export holds its own rows and none of another township's", async () => {
    for (const [url, name, regionHeader] of EXPORTS) {
      const mine = await exported(a, url, name);
      const theirs = await exported(b, url, name);
      expect(mine.length, url).toBeGreaterThan(0);
      expect(mine.every((r) => String(r[regionHeader]).startsWith(w.townshipA.slice(0, 9))), url).toBe(true);
      expect(theirs.map((r) => r[regionHeader]), url).toEqual([w.villageB1]);
      // A filter outside the account's scope: 404, as for any record.
      const outside = await a.get(`${url}?regionCode=${w.villageB1}`);
      expect(outside.statusCode, url).toBe(404);
      expect(outside.json().code).toBe('NOT_FOUND');
    }
    expect((await a.get(`/api/v1/matters/filings/export.xlsx?regionCode=${w.villageB1}`)).statusCode).toBe(404);
  });

  it('refuses bad filters as the list does, and an export over the row limit with a clear 400', async () => {
    const bad = await a.get('/api/v1/alerts/export.xlsx?from=2026-13-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const rows = Array.from({ length: 3 }, (_, i) => i);
    const page = async (current: number, pageSize: number) => ({ data: rows.slice((current - 1) * pageSize, current * pageSize), total: rows.length });
    expect(await allRows(page, 3)).toEqual(rows);
    const over = await allRows(page, 2).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(AppError);
    expect((over as AppError).status).toBe(400);
    expect((over as AppError).message).toContain('超过单次导出上限2条');
  });

  it('neutralises text a spreadsheet would read as a formula', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '普通文字', '1-2', '', null].map(cellText)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\t=1", '普通文字', '1-2', '', '']);
  });
});
