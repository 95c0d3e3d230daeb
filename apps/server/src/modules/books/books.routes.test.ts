import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { queryRows } from '@mpw/db';
import type { TLedgerEntry, TPublicBooksSummary } from '@mpw/contracts';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { addCalendarDays } from '../../lib/calendar/index.js';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { createDecision, recordStage } from '../decisions/decisions.service.js';
import { updateSetting } from '../settings/settings.service.js';
import { multipartBody } from '../attachments/attachments.test-support.js';
import { exportLedgerCsv, importLedgerCsv } from './books.exchange.js';
import { checkCounterpartyId, idNumberCheckChar, isValidCreditCode, shiftPeriod } from './books.policy.js';

let ctx: TestContext;
let w: World;
let accountant: Client;
let supervisor: Client;
let admin: Client;
let adminId: string;

const today = chinaDate();
const thisMonth = today.slice(0, 7);
const lastMonth = shiftPeriod(thisMonth, -1);
const daysAgo = (n: number) => addCalendarDays(today, -n);

/** A well-formed identity number (GB 11643) from 17 digits. */
const idNumber = (first17: string) => `${first17}${idNumberCheckChar(first17)}`;
/** A well-formed credit code (GB 32100) from 17 characters. */
const creditCode = (first17: string) => `${first17}${[...'0123456789ABCDEFGHJKLMNPQRTUWXY'].find((c) => isValidCreditCode(first17 + c))}`;
const PERSON = idNumber('33020219800101123');
const COMPANY = creditCode('91330200MA2AB3CD4');

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  accountant = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_accountant'])).username);
  supervisor = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_supervisor'])).username);
  const a = await makeUser(ctx, w.district, ['district_admin']);
  adminId = a.id;
  admin = await login(ctx.app, a.username);
}, 60_000);
afterAll(() => ctx.close());

const base = { entryDate: today, direction: 'expense', amountFen: 30_000, accountCode: '541', counterpartyName: '镇上文具店', counterpartyId: COMPANY, description: '购买办公用品' };

async function create(body: Record<string, unknown> = {}, c: Client = accountant): Promise<TLedgerEntry> {
  const res = await c.post('/api/v1/books/entries', { ...base, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function finalEntry(body: Record<string, unknown> = {}): Promise<TLedgerEntry> {
  const e = await create(body);
  expect((await accountant.post(`/api/v1/books/entries/${e.id}/submit`)).statusCode).toBe(200);
  const res = await supervisor.post(`/api/v1/books/entries/${e.id}/approve`, {});
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function alertsOf(subjectId: string) {
  return queryRows<{ rule: string; region_code: string; evidence: string }>(ctx.platform.deps.db, sql`select rule, region_code, evidence from alerts where subject_type = 'ledger_entry' and subject_id = ${subjectId}`);
}

describe('identity and credit codes', () => {
  it('checks GB 11643 and GB 32100 and masks persons only', async () => {
    expect(checkCounterpartyId(PERSON)).toMatchObject({ kind: 'id_number', problem: null });
    expect(checkCounterpartyId(COMPANY)).toMatchObject({ kind: 'credit_code', problem: null });
    const bad = PERSON.slice(0, 17) + (PERSON[17] === '1' ? '2' : '1');
    expect(checkCounterpartyId(bad).problem).toContain('校验位');
  });
});

describe('entry review and reversal', () => {
  it('drafts, submits, approves; a final entry is never approved or submitted again', async () => {
    const e = await create();
    expect(e).toMatchObject({ status: 'draft', entryNo: `${w.villageA1}-${thisMonth.replace('-', '')}-0001`, accountName: '管理费用', plainCategory: '村里日常办公开支', vouchersCount: 0 });
    expect((await accountant.post(`/api/v1/books/entries/${e.id}/approve`, {})).statusCode).toBe(403);
    expect((await supervisor.post(`/api/v1/books/entries/${e.id}/approve`, {})).statusCode).toBe(409);
    const sub = await accountant.post(`/api/v1/books/entries/${e.id}/submit`);
    expect(sub.json().status).toBe('pending_review');
    const ok = await supervisor.post(`/api/v1/books/entries/${e.id}/approve`, { note: '凭证齐全' });
    expect(ok.json()).toMatchObject({ status: 'final', reviewNote: '凭证齐全' });
    const again = await accountant.post(`/api/v1/books/entries/${e.id}/submit`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('冲销');
  });

  it('takes vouchers as attachments of the entry', async () => {
    const e = await create();
    const { payload, headers } = multipartBody({ entityType: 'ledger_entry', entityId: e.id, purpose: 'voucher' }, { name: '发票.pdf', content: Buffer.from('%PDF-1.4\n% 发票\n%%EOF\n') });
    const up = await accountant.inject({ method: 'POST', url: '/api/v1/attachments', payload, headers });
    expect(up.statusCode, up.body).toBe(201);
    expect((await accountant.get(`/api/v1/books/entries/${e.id}`)).json().vouchersCount).toBe(1);
  });

  it('rejects with a reason', async () => {
    const e = await create();
    await accountant.post(`/api/v1/books/entries/${e.id}/submit`);
    expect((await supervisor.post(`/api/v1/books/entries/${e.id}/reject`, {})).statusCode).toBe(400);
    const res = await supervisor.post(`/api/v1/books/entries/${e.id}/reject`, { reason: '缺少发票' });
    expect(res.json()).toMatchObject({ status: 'rejected', reviewNote: '缺少发票' });
  });

  it('refuses a bad id number, a wrong account direction and a future date with 400', async () => {
    const bad = PERSON.slice(0, 17) + (PERSON[17] === '1' ? '2' : '1');
    for (const body of [{ counterpartyId: bad }, { accountCode: '501' }, { entryDate: addCalendarDays(today, 2) }, { amountFen: 0 }, { amountFen: 10.5 }]) {
      const res = await accountant.post('/api/v1/books/entries', { ...base, ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('reverses a final entry by a reviewed entry in the opposite direction; both show the link', async () => {
    const e = await finalEntry({ amountFen: 88_800 });
    const res = await accountant.post(`/api/v1/books/entries/${e.id}/reverse`, { reason: '重复报销' });
    expect(res.statusCode, res.body).toBe(201);
    const rev: TLedgerEntry = res.json();
    expect(rev).toMatchObject({ status: 'pending_review', direction: 'income', amountFen: 88_800, accountCode: '541', reversesEntryId: e.id, reversesEntryNo: e.entryNo });
    const orig: TLedgerEntry = (await accountant.get(`/api/v1/books/entries/${e.id}`)).json();
    expect(orig).toMatchObject({ status: 'final', reversedByEntryId: rev.id, reversedByEntryNo: rev.entryNo, amountFen: 88_800 });
    expect((await accountant.post(`/api/v1/books/entries/${e.id}/reverse`, { reason: '再冲' })).statusCode).toBe(409);
    expect((await supervisor.post(`/api/v1/books/entries/${rev.id}/approve`, {})).statusCode).toBe(200);
    const list = (await accountant.get(`/api/v1/books/entries?q=${encodeURIComponent(e.entryNo)}`)).json();
    expect(list.data.map((x: TLedgerEntry) => x.id).sort()).toEqual([e.id, rev.id].sort());
    // The pair cancels out in the balances of the month.
    const before = (await accountant.get(`/api/v1/books/balances?period=${thisMonth}`)).json();
    const line = before.accounts.find((a: { accountCode: string }) => a.accountCode === '541');
    expect(line.expenseFen).toBe(
      (await accountant.get(`/api/v1/books/entries?period=${thisMonth}&status=final&accountCode=541&pageSize=200`)).json().data
        .filter((x: TLedgerEntry) => !x.reversedByEntryId && !x.reversesEntryId).reduce((s: number, x: TLedgerEntry) => s + x.amountFen, 0),
    );
  });
});

describe('large expenses', () => {
  const large = { amountFen: 6_000_000, accountCode: '153', category: '工程支出', description: '村道硬化工程款', counterpartyName: '某建设公司' };

  it('refuses a large expense without a passed decision, accepts one with it', async () => {
    const res = await accountant.post('/api/v1/books/entries', { ...base, ...large });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('大额支出');

    const d = await createDecision(ctx.platform.deps.db, systemActor(), { regionCode: w.villageA1, title: '村道硬化', amountFen: 6_000_000 });
    for (const [stage, n, extra] of [['proposal', 6, {}], ['consultation', 5, {}], ['review', 4, { eligible: 90, attendees: 67, votesFor: 56 }], ['resolution', 3, { body: '村民代表会议', eligible: 57, attendees: 52, votesFor: 50 }]] as const) {
      await recordStage(ctx.platform.deps.db, systemActor(), d.id, { stage, heldOn: daysAgo(n), ...extra });
    }
    // Dated before the resolution: still refused.
    const early = await accountant.post('/api/v1/books/entries', { ...base, ...large, decisionNo: d.decisionNo, entryDate: daysAgo(4) });
    expect(early.statusCode, early.body).toBe(409);
    const ok = await create({ ...large, decisionNo: d.decisionNo });
    expect(ok).toMatchObject({ flagged: false, decisionNo: d.decisionNo });
  });

  it('records a flagged large expense with a reason only where the district allows it, and raises an alert', async () => {
    const refused = await accountant.post('/api/v1/books/entries', { ...base, ...large, flagReason: '抢险急需' });
    expect(refused.statusCode).toBe(409);
    const set = await admin.put('/api/v1/settings/finance.allowFlaggedLargeExpense', { value: true, reason: '汛期抢险' });
    expect(set.statusCode, set.body).toBeLessThan(300);
    expect((await accountant.post('/api/v1/books/entries', { ...base, ...large })).statusCode).toBe(409);
    const e = await create({ ...large, flagReason: '抢险急需，事后补开会议' });
    expect(e).toMatchObject({ flagged: true, flagReason: '抢险急需，事后补开会议' });
    const alerts = await alertsOf(e.entryNo);
    expect(alerts).toEqual([{ rule: 'UNAPPROVED_LARGE_EXPENSE', region_code: w.villageA1, evidence: `ledger:${e.entryNo}` }]);
    await updateSetting(ctx.platform.deps.db, { kind: 'user', userId: adminId, username: 'admin', roles: ['district_admin'], regionCode: w.district, requestId: null }, 'finance.allowFlaggedLargeExpense', { value: false });
  });
});

describe('monthly closing', () => {
  it('closes a month, refuses entries dated in it, and reopens it only by the district administrator', async () => {
    const dated = `${lastMonth}-15`;
    await finalEntry({ entryDate: dated, amountFen: 5_000 });
    const draft = await create({ entryDate: dated, amountFen: 7_000 });
    const blocked = await accountant.post('/api/v1/books/periods/close', { period: lastMonth });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().message).toContain('未审核定稿');
    await accountant.post(`/api/v1/books/entries/${draft.id}/submit`);
    await supervisor.post(`/api/v1/books/entries/${draft.id}/approve`, {});

    const closed = await accountant.post('/api/v1/books/periods/close', { period: lastMonth });
    expect(closed.statusCode, closed.body).toBe(201);
    expect(closed.json()).toMatchObject({ isClosed: true, expenseFen: 12_000, incomeFen: 0, balances: [{ accountCode: '541', expenseFen: 12_000, netFen: -12_000 }] });
    expect((await accountant.post('/api/v1/books/periods/close', { period: lastMonth })).statusCode).toBe(409);

    const refused = await accountant.post('/api/v1/books/entries', { ...base, entryDate: dated });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain('已结账');
    const imported = await importLedgerCsv(ctx.platform.deps.db, systemActor(), `entry_id,village_code,entry_date,direction,amount,category\nC-${w.villageA1},${w.villageA1},${dated},expense,1,管理费用\n`);
    expect(imported.rejected).toEqual([{ line: 2, reason: expect.stringContaining('已结账') }]);
    const bal = (await accountant.get(`/api/v1/books/balances?period=${lastMonth}`)).json();
    expect(bal).toMatchObject({ closed: true, expenseFen: 12_000 });

    expect((await accountant.post('/api/v1/books/periods/reopen', { regionCode: w.villageA1, period: lastMonth, reason: '漏记' })).statusCode).toBe(403);
    const reopened = await admin.post('/api/v1/books/periods/reopen', { regionCode: w.villageA1, period: lastMonth, reason: '漏记一张发票' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json().isClosed).toBe(false);
    await create({ entryDate: dated });
    const events = await queryRows<{ after: { reason: string } }>(ctx.platform.deps.db, sql`select after from audit_events where action = 'books.period.reopen' and region_code = ${w.villageA1}`);
    expect(events.map((e) => e.after.reason)).toEqual(['漏记一张发票']);
    const list = (await accountant.get(`/api/v1/books/periods?period=${lastMonth}`)).json();
    expect(list).toMatchObject({ total: 1, data: [{ regionCode: w.villageA1, isClosed: false }] });
  });
});

describe('ledger.csv', () => {
  const badId = PERSON.slice(0, 17) + (PERSON[17] === '1' ? '2' : '1');
  const file = (rows: string[]) =>
    iconv.encode(['凭证流水号,村代码, 记账日期 ,收支,金额,科目,对方单位或个人,对方证件号,摘要,决策编号,经办人', ...rows].join('\r\n'), 'gb18030');
  const rowsA2 = () => [
    `L-${w.villageA2}-1,${w.villageA2},${today.replace(/-/g, '/')},收入,1200.50,发包收入,张三,${PERSON},鱼塘承包费,,李会计`,
    `L-${w.villageA2}-2,${w.villageA2},${today.replace(/-/g, '')},支出,300,办公费,镇上文具店,${COMPANY},"办公用品,纸张",,李会计`,
    `L-${w.villageA2}-3,${w.villageA2},${today},expense,80000.00,工程支出,某建设公司,${badId},村道硬化,,王出纳`,
    `L-${w.villageA2}-4,${w.villageA2},2026-13-01,支出,1,管理费用,,,,,`,
    `L-${w.villageA2}-5,${w.villageA2},${today},支出,12.345,管理费用,,,,,`,
    `L-${away.villageB1}-6,${away.villageB1},${today},支出,1,管理费用,,,,,`,
    `L-${w.villageA2}-1,${w.villageA2},${today},支出,1,管理费用,,,,,`,
    `L-${w.villageA2}-8,${w.villageA2},${lastMonth}-03,income,2000,上级补助,区财政局,,转移支付,,`,
    `L-${w.villageA2}-9,${w.villageA2},${shiftPeriod(thisMonth, -12)}-05,income,1000,上级补助,区财政局,,转移支付,,`,
    `L-${w.villageA2}-10,${w.villageA2},${today},income,99,新科目,某人,,其他,,`,
  ];
  // The district administrator imports; a row of another district is outside its scope.
  let townClient: Client;
  let away: World;
  beforeAll(async () => {
    townClient = admin;
    away = await makeWorld(ctx);
  });
  const post = (c: Client, body: Buffer, strict = false) => c.inject({ method: 'POST', url: `/api/v1/books/import${strict ? '?strict=true' : ''}`, payload: body, headers: { 'content-type': 'text/csv' } });

  it('imports GB18030 with Chinese headers, reports every rejected line, flags bad ids and large expenses', async () => {
    const res = await post(townClient, file(rowsA2()));
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.rejected).toEqual([
      { line: 5, reason: expect.stringContaining('记账日期') },
      { line: 6, reason: expect.stringContaining('金额') },
      { line: 7, reason: '不在本账号管辖范围内' },
      { line: 8, reason: '凭证流水号与第2行重复' },
    ]);
    expect(r).toMatchObject({ read: 10, created: 6, updated: 0, unchanged: 0 });
    const list = (await admin.get(`/api/v1/books/entries?regionCode=${w.villageA2}&pageSize=200`)).json();
    const byNo = new Map<string, TLedgerEntry>(list.data.map((e: TLedgerEntry) => [e.entryNo, e]));
    expect(byNo.get(`L-${w.villageA2}-1`)).toMatchObject({ status: 'final', source: 'import', direction: 'income', amountFen: 120_050, accountCode: '511', category: '发包收入', extra: { 经办人: '李会计' }, provenance: { file: 'ledger.csv', line: 2 } });
    expect(byNo.get(`L-${w.villageA2}-2`)).toMatchObject({ amountFen: 30_000, accountCode: '541', description: '办公用品,纸张' });
    expect(byNo.get(`L-${w.villageA2}-3`)).toMatchObject({ flagged: true, counterpartyId: badId, accountCode: '153' });
    expect(byNo.get(`L-${w.villageA2}-3`)!.flagReason).toContain('校验位');
    expect(byNo.get(`L-${w.villageA2}-3`)!.flagReason).toContain('大额支出');
    expect(byNo.get(`L-${w.villageA2}-10`)).toMatchObject({ accountCode: null, category: '新科目', plainCategory: '新科目' });
    expect(await alertsOf(`L-${w.villageA2}-3`)).toHaveLength(1);
  });

  it('re-imports without duplicates, updates by key, and in strict mode imports nothing when a row is bad', async () => {
    const again = (await post(townClient, file(rowsA2()))).json();
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    const changed = rowsA2();
    changed[0] = changed[0]!.replace('1200.50', '1250.00');
    expect((await post(townClient, file(changed))).json()).toMatchObject({ created: 0, updated: 1, unchanged: 5 });
    const count = async () => (await admin.get(`/api/v1/books/entries?regionCode=${w.villageA2}&pageSize=200`)).json().total;
    expect(await count()).toBe(6);

    const strict = [...rowsA2(), `L-${w.villageA2}-11,${w.villageA2},${today},income,5,其他收入,,,,,`];
    const r = (await post(townClient, file(strict), true)).json();
    expect(r).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
    expect(r.rejected).toHaveLength(4);
    expect(await count()).toBe(6);
    const cleanStrict = (await post(townClient, file([`L-${w.villageA2}-11,${w.villageA2},${today},income,5,其他收入,,,,,`]), true)).json();
    expect(cleanStrict).toMatchObject({ created: 1, rejected: [] });
  });

  it('exports ledger.csv that imports back unchanged', async () => {
    const res = await admin.get(`/api/v1/books/export.csv?regionCode=${w.district}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const csv = res.body;
    expect(csv.split('\r\n')[0]).toBe('entry_id,village_code,entry_date,direction,amount,category,counterparty_name,counterparty_id,description,decision_id');
    expect(csv).toContain(`L-${w.villageA2}-1,${w.villageA2},${today},income,1250.00,发包收入,张三,${PERSON},鱼塘承包费,`);
    expect(csv).toContain('"办公用品,纸张"');
    const rows = csv.trim().split('\r\n').length - 1;
    const back = await importLedgerCsv(ctx.platform.deps.db, systemActor(), Buffer.from(csv), { fileName: 'roundtrip.csv' });
    expect(back).toMatchObject({ read: rows, created: 0, updated: 0, unchanged: rows, rejected: [] });
    expect(await exportLedgerCsv(ctx.platform.deps.db, { regionCode: w.district })).toBe(csv);
  });
});

describe('ledger import: streaming, batches, JSON', () => {
  it('reads JSON in batches: lines are array positions, provenance names the import, rules hold across batches', async () => {
    const v = (await makeWorld(ctx)).villageB1;
    const day = daysAgo(40);
    const rows = [
      { entry_id: `J-${v}-1`, village_code: v, entry_date: day, direction: 'income', amount: '100', category: '经营收入' },
      { entry_id: `J-${v}-2`, village_code: v, entry_date: '2025-02-30', direction: 'expense', amount: '1', category: '管理费用' },
      { entry_id: `J-${v}-3`, village_code: v, entry_date: day, direction: 'expense', amount: '60000', category: '工程支出', counterparty_name: '某建设公司', 经办人: '王出纳' },
      { entry_id: `J-${v}-1`, village_code: v, entry_date: day, direction: 'income', amount: '100', category: '经营收入' },
      { entry_id: `J-${v}-5`, village_code: v, entry_date: day, direction: 'expense', amount: '70000', category: '工程支出', decision_id: 'NO-SUCH-DECISION' },
    ];
    const importId = '0b8d6a4e-1c2f-4f3a-9e5d-7a6b5c4d3e2f';
    const villages = new Set<string>();
    const r = await importLedgerCsv(ctx.platform.deps.db, systemActor(), Buffer.from(JSON.stringify(rows)), { format: 'json', fileName: 'ledger.json', importId, villages, batchRows: 2 });
    expect(r).toEqual({
      read: 5, created: 3, updated: 0, unchanged: 0,
      rejected: [{ line: 2, reason: expect.stringContaining('记账日期') }, { line: 4, reason: '凭证流水号与第1行重复' }],
    });
    expect([...villages]).toEqual([v]);
    type Stored = { entry_no: string; amount_fen: string; flagged: boolean; flag_reason: string | null; extra: unknown; provenance: unknown; status: string; source: string };
    const stored = async () => queryRows<Stored>(ctx.platform.deps.db, sql`select entry_no, amount_fen, flagged, flag_reason, extra, provenance, status, source from ledger_entries where region_code = ${v}`);
    const byNo = new Map((await stored()).map((e) => [e.entry_no, e]));
    expect(byNo.get(`J-${v}-1`)).toMatchObject({ status: 'final', source: 'import', flagged: false, provenance: { importId, file: 'ledger.json', line: 1 } });
    expect(byNo.get(`J-${v}-3`)).toMatchObject({ flagged: true, extra: { 经办人: '王出纳' }, provenance: { importId, line: 3 } });
    expect(byNo.get(`J-${v}-5`)!.flag_reason).toContain('决策“NO-SUCH-DECISION”在本村没有');
    expect(await alertsOf(`J-${v}-3`)).toHaveLength(1);
    expect(await alertsOf(`J-${v}-5`)).toHaveLength(1);
    const events = await queryRows<{ n: number }>(ctx.platform.deps.db, sql`select count(*)::int as n from audit_events where action = 'books.entry.import' and region_code = ${v}`);
    expect(Number(events[0]!.n)).toBe(3);

    // Strict: nothing of a file with a bad row, even when the bad row comes after written batches.
    const strict = [...rows.filter((_, i) => i !== 1 && i !== 3).map((x) => ({ ...x, amount: '5' })), rows[1]!];
    const s = await importLedgerCsv(ctx.platform.deps.db, systemActor(), Buffer.from(JSON.stringify(strict)), { format: 'json', strict: true, villages, batchRows: 2 });
    expect(s).toMatchObject({ created: 0, updated: 0, unchanged: 0, rejected: [{ line: 4 }] });
    expect(villages.size).toBe(0);
    expect((await stored()).map((e) => Number(e.amount_fen)).sort((a, b) => a - b)).toEqual([10_000, 6_000_000, 7_000_000]);
  });
});

describe('portal summary', () => {
  it('shows final entries only, by plain category, against last month and last year, with masked ids', async () => {
    // A draft of this village must not count.
    await create({ regionCode: w.villageA2, direction: 'income', accountCode: '511', amountFen: 999_999, counterpartyId: undefined }, admin);
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/books/summary?village=${w.villageA2}&period=${thisMonth}` });
    expect(res.statusCode, res.body).toBe(200);
    const s: TPublicBooksSummary = res.json();
    expect(s.village.code).toBe(w.villageA2);
    // Income: 1250.00 承包 + 99 新科目 + 5 其他收入 (cleanStrict import).
    expect(s.income.totalFen).toBe(125_000 + 9_900 + 500);
    expect(s.income.lastMonthFen).toBe(200_000);
    expect(s.income.sameMonthLastYearFen).toBe(100_000);
    expect(s.income.categories).toContainEqual({ category: '土地、鱼塘等承包费和上交的钱', amountFen: 125_000, lastMonthFen: 0, sameMonthLastYearFen: 0 });
    expect(s.income.categories).toContainEqual({ category: '上级给村里的补助', amountFen: 0, lastMonthFen: 200_000, sameMonthLastYearFen: 100_000 });
    expect(s.expense.totalFen).toBe(30_000 + 8_000_000);
    expect(s.largeItems.map((i) => i.entryNo)).toEqual([`L-${w.villageA2}-3`]);
    expect(s.largeItemFen).toBe(1_000_000);
    expect(JSON.stringify(s)).not.toContain(PERSON);

    const entries = (await ctx.app.inject({ method: 'GET', url: `/api/v1/public/books/entries?village=${w.villageA2}&period=${thisMonth}&category=${encodeURIComponent('土地、鱼塘等承包费和上交的钱')}` })).json();
    expect(entries.data).toEqual([
      { entryNo: `L-${w.villageA2}-1`, entryDate: today, direction: 'income', category: '土地、鱼塘等承包费和上交的钱', amountFen: 125_000, description: '鱼塘承包费', counterpartyName: '张三', counterpartyId: `${PERSON.slice(0, 4)}**********${PERSON.slice(14)}`, isReversal: false },
    ]);
    const office = (await ctx.app.inject({ method: 'GET', url: `/api/v1/public/books/entries?village=${w.villageA2}&period=${thisMonth}&category=541` })).json();
    expect(office.data[0].counterpartyId).toBe(COMPANY);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/books/summary?village=999999999999&period=${thisMonth}` })).statusCode).toBe(404);
  });
});
