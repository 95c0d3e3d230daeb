import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { alerts, disclosureVersions, notifications } from '@mpw/db';
import type { TDisclosureDetail, TPublicDisclosure } from '@mpw/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { addCalendarDays } from '../../lib/calendar/index.js';
import { audited } from '../audit/audit.log.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { runDueJobs, scheduleDueJobs } from '../jobs/jobs.worker.js';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { importRegions } from '../regions/regions.service.js';
import { ensureDueDisclosures, sweepOverdue } from './disclosures.service.js';
import { findCjkFont, posterLink } from './disclosures.poster.js';
import { hasUnmaskedIdNumber, maskIdNumbers, monthlyDueOn, previousMonth, previousQuarter, privacyProblems, quarterlyDueOn } from './disclosures.policy.js';

let ctx: TestContext;
let w: World;
let secretary: Client;
let secretaryId: string;
let accountant: Client;
let townshipStaff: Client;
let otherSecretary: Client;

/** Every public response these tests received: the last test checks none shows an identity number. */
const publicResponses: { url: string; body: string }[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  const s = await makeUser(ctx, w.villageA1, ['village_secretary']);
  secretaryId = s.id;
  secretary = await login(ctx.app, s.username);
  accountant = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_accountant'])).username);
  townshipStaff = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_staff'])).username);
  otherSecretary = await login(ctx.app, (await makeUser(ctx, w.villageA2, ['village_secretary'])).username);
}, 60_000);
afterAll(() => ctx.close());

const db = () => ctx.platform.deps.db;
const ID = '110101199003071234';
const MASKED = '1101**********1234';

async function pub(method: 'GET' | 'POST', url: string, payload?: object): Promise<LightMyRequestResponse> {
  const res = await ctx.app.inject({ method, url, ...(payload ? { payload } : {}) });
  publicResponses.push({ url, body: res.rawPayload.toString('latin1') + res.body });
  return res;
}

const financeContent = (income: number, expense: number) => ({
  summary: `本月收入${income / 100}元，支出${expense / 100}元，收支明细如下，欢迎村民监督。`,
  sections: [
    { heading: '收入明细', table: { columns: ['日期', '事项', '金额（元）'], rows: [['10月8日', '土地租金', (income / 100).toFixed(2)]] } },
    { heading: '支出明细', text: '支出均经村务监督委员会审核。', table: { columns: ['日期', '事项', '金额（元）'], rows: [['10月15日', '村道维修', (expense / 100).toFixed(2)]] } },
  ],
  totals: { incomeFen: income, expenseFen: expense },
});

async function createOk(c: Client, body: Record<string, unknown>): Promise<TDisclosureDetail> {
  const res = await c.post('/api/v1/disclosures', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function publishedItem(title = '村集体资产出租情况'): Promise<TDisclosureDetail> {
  const d = await createOk(secretary, { kind: 'other', title, content: { summary: `${title}，请村民监督。`, sections: [{ heading: '说明', text: '详见下表。' }] } });
  const res = await secretary.post(`/api/v1/disclosures/${d.id}/publish`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('privacy helpers', () => {
  it('masks identity numbers and finds the place of unmasked ones', () => {
    expect(maskIdNumbers(`张三 ${ID} 李四 11010119900307123X`)).toBe(`张三 ${MASKED} 李四 1101**********123X`);
    expect(hasUnmaskedIdNumber(MASKED)).toBe(false);
    expect(hasUnmaskedIdNumber(`身份证${ID}`)).toBe(true);
    // Not an identity number: a longer run of digits, an impossible month.
    expect(hasUnmaskedIdNumber('1101011990030712345')).toBe(false);
    expect(hasUnmaskedIdNumber('110101199013071234')).toBe(false);
    const problems = privacyProblems('低保名单', {
      summary: '名单如下',
      sections: [{ heading: '名单', table: { columns: ['姓名', '身份证号'], rows: [['王*明', MASKED], ['李*华', ID]] } }, { heading: '发放', text: '打入卡号 6222 0202 0011 2233 445' }],
    });
    expect(problems.map((p) => p.path)).toEqual(['content.sections.0.table.rows.1.1', 'content.sections.1.text']);
    expect(problems[0]!.message).toContain('第1节“名单”表格第2行第2列');
    expect(problems[1]!.message).toContain('银行卡号');
  });

  it('computes periods and due dates', () => {
    expect(previousMonth('2026-01-05')).toBe('2025-12');
    expect(previousQuarter('2026-11-29')).toBe('2026-Q3');
    expect(previousQuarter('2026-02-01')).toBe('2025-Q4');
    expect(monthlyDueOn('2026-10', 10)).toBe('2026-11-10');
    expect(monthlyDueOn('2026-12', 10)).toBe('2027-01-10');
    expect(quarterlyDueOn('2026-Q3', 20)).toBe('2026-10-20');
    expect(quarterlyDueOn('2026-Q4', 20)).toBe('2027-01-20');
  });
});

describe('publish and correct', () => {
  it('publishes version 1, corrects as version 2, and shows both in public with “已更正”', async () => {
    const d = await createOk(secretary, { kind: 'finance_monthly', title: '甲一村2026年10月财务收支公开', period: '2026-10', content: financeContent(1_250_000, 830_000) });
    expect(d).toMatchObject({ status: 'draft', currentVersion: 0, regionCode: w.villageA1, versions: [] });
    expect(d.draft?.totals).toEqual({ incomeFen: 1_250_000, expenseFen: 830_000 });
    // A draft is not public.
    expect((await pub('GET', `/api/v1/public/disclosures/${d.id}`)).statusCode).toBe(404);

    const edited = await secretary.patch(`/api/v1/disclosures/${d.id}`, { content: financeContent(1_250_000, 820_000) });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().draft.totals.expenseFen).toBe(820_000);

    const p = await secretary.post(`/api/v1/disclosures/${d.id}/publish`);
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json()).toMatchObject({ status: 'published', currentVersion: 1, isCorrected: false, draft: null });
    expect(p.json().versions).toHaveLength(1);
    expect(p.json().versions[0]).toMatchObject({ version: 1, correctionReason: null, publishedBy: secretaryId });

    // Published content is never edited or published again, and never withdrawn.
    expect((await secretary.patch(`/api/v1/disclosures/${d.id}`, { title: '改' })).statusCode).toBe(409);
    expect((await secretary.post(`/api/v1/disclosures/${d.id}/publish`)).statusCode).toBe(409);
    expect((await secretary.post(`/api/v1/disclosures/${d.id}/correct`, { content: financeContent(1, 1) })).statusCode).toBe(400);

    let list = await pub('GET', `/api/v1/public/disclosures?village=${w.villageA1}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().data.find((x: { id: string }) => x.id === d.id)).toMatchObject({ version: 1, isCorrected: false, correctedLabel: null });

    const c = await secretary.post(`/api/v1/disclosures/${d.id}/correct`, { content: financeContent(1_250_000, 850_000), reason: '漏记10月28日保洁费3000元' });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({ status: 'published', currentVersion: 2, isCorrected: true });

    list = await pub('GET', `/api/v1/public/disclosures?village=${w.villageA1}`);
    expect(list.json().data.find((x: { id: string }) => x.id === d.id)).toMatchObject({ version: 2, isCorrected: true, correctedLabel: '已更正', kindLabel: '财务收支月度公开' });

    const detail = await pub('GET', `/api/v1/public/disclosures/${d.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const body = detail.json() as TPublicDisclosure;
    expect(body.content.totals).toEqual({ incomeFen: 1_250_000, expenseFen: 850_000 });
    expect(body.versions.map((v) => [v.version, v.correctionReason])).toEqual([[1, null], [2, '漏记10月28日保洁费3000元']]);
    expect(body.portalPath).toBe(`/portal/v/${w.villageA1}/disclosures/${d.id}`);
    expect(JSON.stringify(body)).not.toContain(secretaryId);

    const v1 = await pub('GET', `/api/v1/public/disclosures/${d.id}/versions/1`);
    expect(v1.statusCode, v1.body).toBe(200);
    expect(v1.json()).toMatchObject({ version: 1, isCurrent: false, content: { totals: { expenseFen: 820_000 } } });
    expect((await pub('GET', `/api/v1/public/disclosures/${d.id}/versions/2`)).json()).toMatchObject({ version: 2, isCurrent: true });
    expect((await pub('GET', `/api/v1/public/disclosures/${d.id}/versions/3`)).statusCode).toBe(404);
    // Saved drafts are not versions villagers can read.
    expect((await pub('GET', `/api/v1/public/disclosures/${d.id}/versions/0`)).statusCode).toBe(400);

    // Versions are immutable in the database too.
    await expect(audited(db(), systemActor(), (t) => t.tx.update(disclosureVersions).set({ correctionReason: 'x' }).where(eq(disclosureVersions.disclosureId, d.id)))).rejects.toThrow();
  });

  it('checks the kind, the period and the scope', async () => {
    const noTotals = await secretary.post('/api/v1/disclosures', { kind: 'finance_monthly', title: '财务公开', period: '2026-09', content: { summary: '见下', sections: [] } });
    expect(noTotals.statusCode).toBe(400);
    expect(noTotals.json().details[0].path).toBe('content.totals.incomeFen');
    expect((await secretary.post('/api/v1/disclosures', { kind: 'finance_monthly', title: '财务公开', period: '2026-Q3' })).statusCode).toBe(400);
    expect((await secretary.post('/api/v1/disclosures', { kind: 'benefits', title: '低保', period: '2026-13' })).statusCode).toBe(400);
    const t = await secretary.post('/api/v1/disclosures', { kind: 'other', title: '表格', content: { summary: '见下', sections: [{ heading: '表', table: { columns: ['a', 'b'], rows: [['1']] } }] } });
    expect(t.statusCode).toBe(400);
    // One item per village, kind and period.
    await createOk(secretary, { kind: 'benefits', title: '2026年第3季度惠民资金公开', period: '2026-Q3' });
    expect((await secretary.post('/api/v1/disclosures', { kind: 'benefits', title: '重复', period: '2026-Q3' })).statusCode).toBe(409);
    // Nothing to publish yet.
    const empty = await createOk(secretary, { kind: 'works', title: '村道工程公开' });
    expect((await secretary.post(`/api/v1/disclosures/${empty.id}/publish`)).statusCode).toBe(409);
    // Another village's secretary cannot see or touch it.
    expect((await otherSecretary.get(`/api/v1/disclosures/${empty.id}`)).statusCode).toBe(404);
    expect((await otherSecretary.post(`/api/v1/disclosures/${empty.id}/publish`)).statusCode).toBe(404);
    // The accountant reads but does not publish.
    expect((await accountant.get(`/api/v1/disclosures/${empty.id}`)).statusCode).toBe(200);
    expect((await accountant.post(`/api/v1/disclosures/${empty.id}/publish`)).statusCode).toBe(403);
  });
});

describe('privacy guard at publication', () => {
  it('refuses an unmasked identity number or a bank card number, naming the place', async () => {
    const d = await createOk(secretary, {
      kind: 'benefits',
      title: '2026年第2季度低保发放名单',
      period: '2026-Q2',
      content: { summary: '本季度低保发放名单如下。', sections: [{ heading: '发放名单', table: { columns: ['户主', '身份证号', '金额（元）'], rows: [['王*明', ID, '1860.00']] } }] },
    });
    const refused = await secretary.post(`/api/v1/disclosures/${d.id}/publish`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('VALIDATION_FAILED');
    expect(refused.json().details).toEqual([{ path: 'content.sections.0.table.rows.0.1', message: expect.stringContaining('第1节“发放名单”表格第1行第2列') }]);
    expect((await secretary.get(`/api/v1/disclosures/${d.id}`)).json()).toMatchObject({ status: 'draft', currentVersion: 0 });

    const card = await secretary.patch(`/api/v1/disclosures/${d.id}`, {
      content: { summary: '资金打入6222020200112233445账户。', sections: [{ heading: '发放名单', table: { columns: ['户主', '身份证号', '金额（元）'], rows: [['王*明', MASKED, '1860.00']] } }] },
    });
    expect(card.statusCode).toBe(200);
    const refusedCard = await secretary.post(`/api/v1/disclosures/${d.id}/publish`);
    expect(refusedCard.statusCode).toBe(400);
    expect(refusedCard.json().details[0]).toMatchObject({ path: 'content.summary', message: expect.stringContaining('银行卡号') });

    await secretary.patch(`/api/v1/disclosures/${d.id}`, {
      content: { summary: '本季度低保发放名单如下。', sections: [{ heading: '发放名单', table: { columns: ['户主', '身份证号', '金额（元）'], rows: [['王*明', MASKED, '1860.00']] } }] },
    });
    const ok = await secretary.post(`/api/v1/disclosures/${d.id}/publish`);
    expect(ok.statusCode, ok.body).toBe(200);
    // A correction goes through the same guard.
    const badFix = await secretary.post(`/api/v1/disclosures/${d.id}/correct`, {
      reason: '补充身份证号',
      content: { summary: `补充：${ID}`, sections: [] },
    });
    expect(badFix.statusCode).toBe(400);
    expect(badFix.json().details[0].path).toBe('content.summary');
    const shown = await pub('GET', `/api/v1/public/disclosures/${d.id}`);
    expect(shown.json().content.sections[0].table.rows[0][1]).toBe(MASKED);
  });
});

describe('schedules and overdue items', () => {
  it('raises DISCLOSURE_OVERDUE once for a draft past its due date and tells the secretary once', async () => {
    const due = addCalendarDays(chinaDate(), -3);
    const d = await createOk(secretary, { kind: 'works', title: '村道硬化工程公开', dueOn: due });
    expect(d.isOverdue).toBe(true);
    await sweepOverdue(db(), systemActor());
    await sweepOverdue(db(), systemActor());
    const rows = await db().select().from(alerts).where(and(eq(alerts.rule, 'DISCLOSURE_OVERDUE'), eq(alerts.subjectId, d.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ subjectType: 'disclosure', severity: 'yellow', regionCode: w.villageA1, status: 'open' });
    const notes = await db().select().from(notifications).where(and(eq(notifications.userId, secretaryId), eq(notifications.entityId, d.id), eq(notifications.kind, 'overdue')));
    expect(notes).toHaveLength(1);

    const listed = await secretary.get('/api/v1/disclosures?overdue=true');
    expect(listed.json().data.map((x: { id: string }) => x.id)).toContain(d.id);
    const summary = await townshipStaff.get('/api/v1/disclosures/overdue');
    expect(summary.statusCode, summary.body).toBe(200);
    const row = summary.json().data.find((x: { regionCode: string }) => x.regionCode === w.villageA1);
    expect(row).toMatchObject({ regionName: '甲一村', oldestDueOn: expect.any(String) });
    expect(row.overdueCount).toBeGreaterThanOrEqual(1);
    expect(summary.json().data.every((x: { regionCode: string }) => x.regionCode.startsWith(w.townshipA.slice(0, 9)))).toBe(true);

    // Publishing late marks the alert's cause as gone.
    await secretary.patch(`/api/v1/disclosures/${d.id}`, { content: { summary: '村道硬化工程已完工。', sections: [] } });
    expect((await secretary.post(`/api/v1/disclosures/${d.id}/publish`)).statusCode).toBe(200);
    const [after] = await db().select().from(alerts).where(and(eq(alerts.rule, 'DISCLOSURE_OVERDUE'), eq(alerts.subjectId, d.id)));
    expect(after!.resolvedByDataAt).not.toBeNull();
  });

  it('creates each village’s due records for the period once, with due dates from the settings', async () => {
    await ensureDueDisclosures(db(), systemActor(), '2026-11-29');
    expect(await ensureDueDisclosures(db(), systemActor(), '2026-11-29')).toBe(0);
    const list = (await townshipStaff.get(`/api/v1/disclosures?regionCode=${w.villageA2}&pageSize=50`)).json().data as TDisclosureDetail[];
    const byKind = Object.fromEntries(list.map((x) => [x.kind, x]));
    expect(byKind.finance_monthly).toMatchObject({ period: '2026-10', dueOn: '2026-11-10', status: 'draft', isOverdue: true, title: '甲二村2026年10月财务收支月度公开' });
    expect(byKind.assets_contracts).toMatchObject({ period: '2026-Q3', dueOn: '2026-10-20' });
    expect(byKind.benefits).toMatchObject({ period: '2026-Q3', dueOn: '2026-10-20' });
    // The secretary's own 2026-Q3 benefits item (created above) was kept, not duplicated.
    const mine = (await secretary.get('/api/v1/disclosures?kind=benefits&period=2026-Q3')).json();
    expect(mine.total).toBe(1);
  });

  it('runs as the daily job', async () => {
    // A village added today gets its records from the scheduled job.
    const code = `${w.townshipA.slice(0, 9)}299`;
    await importRegions(db(), systemActor(), `code,name,level,parent_code\n${code},新设村,village,${w.townshipA}`, { strict: true });
    await scheduleDueJobs(ctx.platform.deps);
    await runDueJobs(ctx.platform.deps);
    const list = (await townshipStaff.get(`/api/v1/disclosures?regionCode=${code}`)).json();
    expect(list.data.map((x: { kind: string; period: string }) => `${x.kind}:${x.period}`).sort()).toEqual(
      [`assets_contracts:${previousQuarter(chinaDate())}`, `benefits:${previousQuarter(chinaDate())}`, `finance_monthly:${previousMonth(chinaDate())}`],
    );
  });
});

describe('questions', () => {
  it('takes anonymous and named questions, answers them in public', async () => {
    const d = await publishedItem('村集体鱼塘承包公开');
    const anon = await pub('POST', `/api/v1/public/disclosures/${d.id}/questions`, { content: `承包价是怎么定的？我的身份证号${ID}` });
    expect(anon.statusCode, anon.body).toBe(201);
    const cal = await getCalendar(db(), w.villageA1);
    expect(anon.json().dueOn).toBe(cal.addWorkingDays(chinaDate(), 5));
    const named = await pub('POST', `/api/v1/public/disclosures/${d.id}/questions`, { content: '什么时候再公开？', name: '张大伯' });
    expect(named.statusCode).toBe(201);

    let shown = (await pub('GET', `/api/v1/public/disclosures/${d.id}`)).json() as TPublicDisclosure;
    expect(shown.questions.map((q) => [q.askerName, q.answer])).toEqual([[null, null], ['张大伯', null]]);
    expect(shown.questions[0]!.content).toContain(MASKED);

    const ans = await accountant.post(`/api/v1/disclosures/${d.id}/questions/${anon.json().id}/answer`, { answer: '承包价经村民代表会议公开竞价确定。' });
    expect(ans.statusCode, ans.body).toBe(200);
    expect(ans.json().questions[0]).toMatchObject({ answer: '承包价经村民代表会议公开竞价确定。', isOverdue: false });
    expect((await accountant.post(`/api/v1/disclosures/${d.id}/questions/${anon.json().id}/answer`, { answer: '再答' })).statusCode).toBe(409);
    expect((await otherSecretary.post(`/api/v1/disclosures/${d.id}/questions/${named.json().id}/answer`, { answer: '越权' })).statusCode).toBe(404);

    shown = (await pub('GET', `/api/v1/public/disclosures/${d.id}`)).json() as TPublicDisclosure;
    expect(shown.questions[0]).toMatchObject({ askerName: null, answer: '承包价经村民代表会议公开竞价确定。', answeredAt: expect.any(String) });
    expect(JSON.stringify(shown.questions)).not.toMatch(/answeredBy|ip/i);

    // Drafts take no questions; the secretary is told of each question.
    const draft = await createOk(secretary, { kind: 'other', title: '未公开事项' });
    expect((await pub('POST', `/api/v1/public/disclosures/${draft.id}/questions`, { content: '？' })).statusCode).toBe(404);
    const notes = await db().select().from(notifications).where(and(eq(notifications.userId, secretaryId), eq(notifications.entityId, d.id), eq(notifications.kind, 'assigned')));
    expect(notes).toHaveLength(2);
  });

  it('raises QUESTION_OVERDUE once for a question not answered by its due date', async () => {
    const d = await publishedItem('村级公益事业一事一议公开');
    const q = await pub('POST', `/api/v1/public/disclosures/${d.id}/questions`, { content: '筹资标准是多少？' });
    const dayAfter = addCalendarDays(q.json().dueOn, 1);
    await sweepOverdue(db(), systemActor(), q.json().dueOn);
    expect(await db().select().from(alerts).where(eq(alerts.subjectId, q.json().id))).toHaveLength(0);
    await sweepOverdue(db(), systemActor(), dayAfter);
    await sweepOverdue(db(), systemActor(), dayAfter);
    const rows = await db().select().from(alerts).where(eq(alerts.subjectId, q.json().id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rule: 'QUESTION_OVERDUE', subjectType: 'question', severity: 'yellow', regionCode: w.villageA1 });
    expect(rows[0]!.summary).toContain('村级公益事业一事一议公开');
  });
});

/** Text of a PDF: pdftotext when installed, else the text operators decoded through the fonts' ToUnicode maps. */
function pdfText(pdf: Buffer): string {
  try {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mpw-pdf-'));
    const file = path.join(dir, 'p.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } catch {
    return pdfTextByHand(pdf);
  }
}

function pdfTextByHand(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      streams.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      streams.push(raw.slice(start, end));
    }
  }
  const map = new Map<number, string>();
  const hex = (h: string) => parseInt(h, 16);
  const chars = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map(hex));
  for (const s of streams.filter((x) => x.includes('begincmap'))) {
    for (const [, block] of s.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, a, b, dst] of block!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(\[[^\]]*\]|<[0-9a-f]+>)/gi)) {
        if (dst!.startsWith('[')) [...dst!.matchAll(/<([0-9a-f]+)>/gi)].forEach((x, i) => map.set(hex(a!) + i, chars(x[1]!)));
        else for (let c = hex(a!), u = hex(dst!.slice(1, -1)); c <= hex(b!); c++, u++) map.set(c, String.fromCodePoint(u));
      }
    }
    for (const [, block] of s.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) for (const [, a, u] of block!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi)) map.set(hex(a!), chars(u!));
  }
  const out: string[] = [];
  for (const s of streams) {
    for (const [, arr] of s.matchAll(/\[((?:<[0-9a-f]*>|[\s\-\d.])*)\]\s*TJ/gi)) {
      out.push([...arr!.matchAll(/<([0-9a-f]*)>/gi)].map((x) => (x[1]!.match(/.{4}/g) ?? []).map((g) => map.get(hex(g)) ?? '').join('')).join(''));
    }
  }
  return out.join('\n');
}

describe('poster', () => {
  it('renders an A3 PDF with the title, summary, tables and the portal link', async () => {
    const d = await createOk(secretary, { kind: 'assets_contracts', title: '集体资产出租公开', period: '2026-Q1', content: {
      summary: '本季度新签出租合同两份，租金按年收取。',
      sections: [{ heading: '合同清单', table: { columns: ['资产', '承租方', '年租金（元）'], rows: [['村东仓库', '某农业合作社', '36000.00'], ['鱼塘', '李*军', '12000.00']] } }],
    } });
    await secretary.post(`/api/v1/disclosures/${d.id}/publish`);
    await secretary.post(`/api/v1/disclosures/${d.id}/correct`, { reason: '更正承租方名称', content: {
      summary: '本季度新签出租合同两份，租金按年收取。',
      sections: [{ heading: '合同清单', table: { columns: ['资产', '承租方', '年租金（元）'], rows: [['村东仓库', '某粮食合作社', '36000.00'], ['鱼塘', '李*军', '12000.00']] } }],
    } });
    const res = await pub('GET', `/api/v1/public/disclosures/${d.id}/poster.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // A3 portrait: 841.89 × 1190.55 points.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 1190\.55\]/);
    const text = pdfText(pdf).replace(/\s+/g, '');
    for (const s of ['集体资产出租公开', '本季度新签出租合同两份，租金按年收取。', '甲一村', '2026年第1季度', '某粮食合作社', '第2版', '已更正', '更正承租方名称', `/portal/v/${w.villageA1}/disclosures/${d.id}`]) {
      expect(text, s).toContain(s);
    }
    const byHand = pdfTextByHand(pdf).replace(/\s+/g, '');
    for (const s of ['集体资产出租公开', '本季度新签出租合同两份，租金按年收取。', '某粮食合作社']) expect(byHand, s).toContain(s);
    expect(posterLink('/portal/v/1/disclosures/x', 'https://cun.example.gov.cn/')).toBe('https://cun.example.gov.cn/portal/v/1/disclosures/x');
    expect(posterLink('/portal/v/1/disclosures/x', 'https://example.gov.cn/micropower')).toBe('https://example.gov.cn/micropower/portal/v/1/disclosures/x');
    expect(posterLink('/portal/v/1/disclosures/x', undefined)).toBe('/portal/v/1/disclosures/x');
    expect((await pub('GET', `/api/v1/public/disclosures/${(await createOk(secretary, { kind: 'other', title: '草稿' })).id}/poster.pdf`)).statusCode).toBe(404);
  });

  it('says in Chinese what to install when no CJK font is present', () => {
    expect(() => findCjkFont({}, [{ path: '/nonexistent/font.ttc' }])).toThrow(/未安装中文字体.*fonts-wqy-microhei/);
    expect(() => findCjkFont({ MICROPOWER_CJK_FONT: '/nonexistent/x.ttf' })).toThrow(/未找到中文字体文件/);
    expect(findCjkFont({}).path).toMatch(/\.tt[cf]$|\.otf$/);
  });
});

describe('public responses', () => {
  it('never show an unmasked identity number', () => {
    expect(publicResponses.length).toBeGreaterThan(15);
    for (const r of publicResponses) {
      expect(hasUnmaskedIdNumber(r.body), r.url).toBe(false);
      expect(r.body, r.url).not.toContain(ID);
    }
  });
});
