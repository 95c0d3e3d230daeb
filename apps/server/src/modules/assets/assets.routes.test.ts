import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import type { TAsset, TContract } from '@mpw/contracts';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { addCalendarDays } from '../../lib/calendar/dates.js';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { createDecision } from '../decisions/decisions.service.js';
import { importContracts } from './assets.import.js';
import { releaseEndedLeases } from './assets.service.js';
import { audited } from '../audit/audit.log.js';
import { exportContractsCsv } from './assets.export.js';

let ctx: TestContext;
let w: World;
let secretary: Client;
let supervisor: Client;
let township: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  secretary = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_secretary'])).username);
  supervisor = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_supervisor'])).username);
  township = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_staff'])).username);
});
afterAll(() => ctx.close());

const uniq = () => randomBytes(4).toString('hex').toUpperCase();
const today = () => chinaDate();
const db = () => ctx.platform.deps.db;

async function alertsOf(subjectId: string) {
  return queryRows<{ rule: string; subject_type: string; subject_id: string; evidence: string; region_code: string; summary: string }>(
    db(),
    sql`select rule, subject_type, subject_id, evidence, region_code, summary from alerts where subject_id = ${subjectId}`,
  );
}

async function newAsset(body: Record<string, unknown> = {}): Promise<TAsset> {
  const res = await secretary.post('/api/v1/assets', { assetNo: `A-${uniq()}`, kind: 'building', name: '村集体仓库', location: '村东头', quantity: '300', unit: '平方米', valueFen: 15_000_000, status: 'idle', acquiredOn: '1998-05-01', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function newContract(body: Record<string, unknown> = {}, c: Client = secretary): Promise<TContract> {
  const res = await c.post('/api/v1/assets/contracts', {
    contractNo: `HT-${uniq()}`, contractType: '工程', title: '村道硬化工程', counterpartyName: '某某建设工程有限公司', counterpartyId: '91350100M000100Y43',
    amountFen: 1_000_000, signedDate: today(), procurementMethod: '询价', ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('asset register', () => {
  it('creates, updates with an audited before/after, totals by kind and status, soft-deletes', async () => {
    const a = await newAsset();
    expect(a.regionCode).toBe(w.villageA1);
    expect(a.status).toBe('idle');

    const dup = await secretary.post('/api/v1/assets', { assetNo: a.assetNo, kind: 'land', name: '重复' });
    expect(dup.statusCode).toBe(409);

    const up = await secretary.patch(`/api/v1/assets/${a.id}`, { valueFen: 16_000_000, status: 'self_used', notes: '重新评估' });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ valueFen: 16_000_000, status: 'self_used', notes: '重新评估', name: '村集体仓库' });
    const [ev] = await queryRows<{ before: { valueFen: number; status: string }; after: { valueFen: number; status: string } }>(
      db(), sql`select before, after from audit_events where entity_id = ${a.id} and action = 'assets.asset.update'`,
    );
    expect(ev!.before).toMatchObject({ valueFen: 15_000_000, status: 'idle' });
    expect(ev!.after).toMatchObject({ valueFen: 16_000_000, status: 'self_used' });

    await newAsset({ kind: 'land', valueFen: 1_000_000, status: 'leased' });
    const list = await township.get(`/api/v1/assets?regionCode=${w.villageA1}&pageSize=200`);
    expect(list.statusCode, list.body).toBe(200);
    const body = list.json();
    expect(body.total).toBeGreaterThanOrEqual(2);
    const building = body.totals.byKind.find((t: { kind: string }) => t.kind === 'building');
    expect(building.valueFen).toBeGreaterThanOrEqual(16_000_000);
    expect(body.totals.byStatus.map((t: { status: string }) => t.status)).toEqual(expect.arrayContaining(['self_used', 'leased']));
    expect(body.totals.valueFen).toBe(body.totals.byKind.reduce((n: number, t: { valueFen: number }) => n + t.valueFen, 0));

    const filtered = await secretary.get('/api/v1/assets?kind=land&pageSize=200');
    expect(filtered.json().data.every((x: TAsset) => x.kind === 'land')).toBe(true);

    expect((await supervisor.post('/api/v1/assets', { assetNo: 'X', kind: 'land', name: '无权' })).statusCode).toBe(403);
    expect((await secretary.delete(`/api/v1/assets/${a.id}`)).statusCode).toBe(200);
    expect((await secretary.get(`/api/v1/assets/${a.id}`)).statusCode).toBe(404);
    // The number stays taken (the record is kept).
    expect((await secretary.post('/api/v1/assets', { assetNo: a.assetNo, kind: 'land', name: '重用编号' })).statusCode).toBe(409);
  });
});

describe('contracts and the asset-disposal rule (ASSET_NO_AUCTION)', () => {
  it('flags a lease by direct award above the threshold, raises the alert, and marks the asset leased', async () => {
    const asset = await newAsset();
    const c = await newContract({ contractType: '资产租赁', title: '仓库出租', amountFen: 3_000_000, procurementMethod: '直接委托', assetId: asset.id, counterpartyName: '王小明', counterpartyId: '11010519491231002X' });
    expect(c.isFlagged).toBe(true);
    expect(c.flagReason).toContain('未经公开招标');
    const alerts = await alertsOf(c.contractNo);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ rule: 'ASSET_NO_AUCTION', subject_type: 'contract', subject_id: c.contractNo, evidence: `contracts:${c.contractNo}`, region_code: w.villageA1 });
    expect((await secretary.get(`/api/v1/assets/${asset.id}`)).json().status).toBe('leased');
    // An asset under an active contract is not deleted.
    expect((await secretary.delete(`/api/v1/assets/${asset.id}`)).statusCode).toBe(409);
  });

  it('gives a leased asset back (idle, audited) when its lease ends: terminated, completed, or past its end date', async () => {
    const statusOf = async (id: string) => (await secretary.get(`/api/v1/assets/${id}`)).json().status;
    const lease = (assetId: string, extra: Record<string, unknown> = {}) =>
      newContract({ contractType: '资产租赁', title: '仓库出租', amountFen: 500_000, procurementMethod: '公开竞价', assetId, startDate: addCalendarDays(today(), -30), endDate: addCalendarDays(today(), 300), ...extra });

    // Terminated.
    const a = await newAsset();
    const c = await lease(a.id);
    expect(await statusOf(a.id)).toBe('leased');
    expect((await secretary.patch(`/api/v1/assets/contracts/${c.id}`, { status: 'terminated' })).statusCode).toBe(200);
    expect(await statusOf(a.id)).toBe('idle');
    const [ev] = await queryRows<{ before: unknown; after: unknown }>(db(), sql`select before, after from audit_events where entity_type = 'asset' and entity_id = ${a.id} and action = 'assets.asset.update' order by occurred_at desc limit 1`);
    expect(ev).toMatchObject({ before: { status: 'leased' }, after: { status: 'idle', leaseEndedBy: c.contractNo } });

    // Completed while another lease of the same asset is still in force: stays leased.
    const b = await newAsset({ kind: 'land' });
    const first = await lease(b.id);
    await lease(b.id, { contractType: '土地承包' });
    await secretary.patch(`/api/v1/assets/contracts/${first.id}`, { status: 'completed' });
    expect(await statusOf(b.id)).toBe('leased');

    // Past its end date: the daily pass releases it; an asset leased outside the platform is left alone.
    const d = await newAsset();
    const old = await lease(d.id);
    const manual = await newAsset({ status: 'leased' });
    await audited(db(), systemActor(), (x) => x.tx.execute(sql`update contracts set end_date = ${addCalendarDays(today(), -1)}::date where id = ${old.id}`));
    expect(await statusOf(d.id)).toBe('leased');
    expect(await releaseEndedLeases(db(), systemActor())).toBeGreaterThanOrEqual(1);
    expect(await statusOf(d.id)).toBe('idle');
    expect(await statusOf(manual.id)).toBe('leased');
    expect(await statusOf(b.id)).toBe('leased');
    expect(await releaseEndedLeases(db(), systemActor())).toBe(0);
  });

  it('flags at exactly the threshold; not below it; not by public auction; not for works', async () => {
    expect((await newContract({ contractType: '土地承包', amountFen: 2_000_000, procurementMethod: null })).isFlagged).toBe(true);
    const below = await newContract({ contractType: '资产租赁', amountFen: 1_999_999, procurementMethod: '直接委托' });
    expect(below.isFlagged).toBe(false);
    expect(await alertsOf(below.contractNo)).toHaveLength(0);
    const auction = await newContract({ contractType: '资产出售', amountFen: 50_000_000, procurementMethod: '公开拍卖' });
    expect(auction.isFlagged).toBe(false);
    expect(await alertsOf(auction.contractNo)).toHaveLength(0);
    expect((await newContract({ contractType: '工程', amountFen: 50_000_000, procurementMethod: '直接委托' })).isFlagged).toBe(false);
  });

  it('flags a contract when an update makes it a direct award', async () => {
    const c = await newContract({ contractType: '资产租赁', amountFen: 5_000_000, procurementMethod: '公开竞价' });
    expect(c.isFlagged).toBe(false);
    const res = await secretary.patch(`/api/v1/assets/contracts/${c.id}`, { procurementMethod: '竞争性谈判' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().isFlagged).toBe(true);
    expect((await alertsOf(c.contractNo))[0]?.rule).toBe('ASSET_NO_AUCTION');
  });

  it('links a decision of the same village and refuses one of another village, bad ids and duplicate numbers', async () => {
    const own = await createDecision(db(), systemActor(), { regionCode: w.villageA1, title: '出租仓库', amountFen: 3_000_000 });
    const other = await createDecision(db(), systemActor(), { regionCode: w.villageA2, title: '邻村事项' });
    const c = await newContract({ decisionNo: own.decisionNo });
    expect(c.decisionId).toBe(own.id);
    const bad = await secretary.post('/api/v1/assets/contracts', { contractNo: `HT-${uniq()}`, contractType: '服务', title: 'x', counterpartyName: '某公司', amountFen: 1, signedDate: today(), decisionNo: other.decisionNo });
    expect(bad.statusCode).toBe(400);
    const badId = await secretary.post('/api/v1/assets/contracts', { contractNo: `HT-${uniq()}`, contractType: '服务', title: 'x', counterpartyName: '李四', counterpartyId: '110105194912310021', amountFen: 1, signedDate: today() });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().details[0].path).toBe('counterpartyId');
    const numbered = await newContract({ contractNo: undefined, signedDate: '2026-02-03' });
    expect(numbered.contractNo).toBe(`${w.villageA1}-HT-2026-0001`);
    expect((await newContract({ contractNo: undefined, signedDate: '2026-05-06' })).contractNo).toBe(`${w.villageA1}-HT-2026-0002`);
    const dup = await secretary.post('/api/v1/assets/contracts', { contractNo: c.contractNo, contractType: '服务', title: 'x', counterpartyName: '某公司', amountFen: 1, signedDate: today() });
    expect(dup.statusCode).toBe(409);
  });
});

describe('payments', () => {
  it('keeps the total paid and remaining, and refuses a payment beyond the contract amount', async () => {
    const c = await newContract({ amountFen: 1_000_000 });
    const p1 = await secretary.post(`/api/v1/assets/contracts/${c.id}/payments`, { paidOn: today(), amountFen: 600_000, note: '首付款' });
    expect(p1.statusCode, p1.body).toBe(201);
    expect(p1.json()).toMatchObject({ total: 1, paidFen: 600_000, remainingFen: 400_000, amountFen: 1_000_000 });
    const over = await secretary.post(`/api/v1/assets/contracts/${c.id}/payments`, { paidOn: today(), amountFen: 400_001 });
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('CONFLICT');
    const rest = await secretary.post(`/api/v1/assets/contracts/${c.id}/payments`, { paidOn: today(), amountFen: 400_000 });
    expect(rest.statusCode).toBe(201);
    expect(rest.json().remainingFen).toBe(0);
    const view = (await supervisor.get(`/api/v1/assets/contracts/${c.id}`)).json();
    expect(view).toMatchObject({ paidFen: 1_000_000, remainingFen: 0 });
    expect((await secretary.patch(`/api/v1/assets/contracts/${c.id}`, { amountFen: 900_000 })).statusCode).toBe(409);
    expect((await secretary.post(`/api/v1/assets/contracts/${c.id}/payments`, { paidOn: today(), amountFen: 0 })).statusCode).toBe(400);
  });
});

describe('expiring contracts', () => {
  it('lists active contracts ending within the window (default 60 days) and overdue ones', async () => {
    const soon = await newContract({ endDate: addCalendarDays(today(), 10), startDate: addCalendarDays(today(), -300) });
    const overdue = await newContract({ endDate: addCalendarDays(today(), -5), startDate: addCalendarDays(today(), -300) });
    const later = await newContract({ endDate: addCalendarDays(today(), 100) });
    const done = await newContract({ endDate: addCalendarDays(today(), 5), status: 'completed' });
    const res = await secretary.get('/api/v1/assets/contracts/expiring');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.days).toBe(60);
    const nos = body.data.map((c: TContract) => c.contractNo);
    expect(nos).toEqual(expect.arrayContaining([soon.contractNo, overdue.contractNo]));
    expect(nos).not.toContain(later.contractNo);
    expect(nos).not.toContain(done.contractNo);
    expect(body.data.find((c: TContract) => c.contractNo === overdue.contractNo)).toMatchObject({ isOverdue: true, daysLeft: -5 });
    expect(body.data.find((c: TContract) => c.contractNo === soon.contractNo)).toMatchObject({ isOverdue: false, daysLeft: 10 });
    const wide = (await secretary.get('/api/v1/assets/contracts/expiring?days=120')).json();
    expect(wide.data.map((c: TContract) => c.contractNo)).toContain(later.contractNo);
  });
});

describe('contracts.csv import and export', () => {
  const header = '合同编号,村代码,合同类型,合同名称,相对方,相对方证件号,合同金额,签订日期,交易方式,决策编号,备注';

  it('reads GB18030 with Chinese headers, reports rejected lines, keeps extra columns and provenance, flags and alerts', async () => {
    const k = uniq();
    const csv = [
      header,
      `GB-${k}-1,${w.villageA1},资产租赁,鱼塘出租,张三丰,11010519491231002X,"30,000.00",2026/03/01,直接委托,,鱼塘五年`,
      `GB-${k}-2,${w.villageA1},工程,村道修补,某某建设有限公司,91350100M000100Y43,8000.5,20260302,询价,,`,
      `GB-${k}-3,${w.villageA1},工程,坏金额,某公司,,12.345,2026-03-03,询价,,`,
      `GB-${k}-4,${w.villageA1},工程,坏日期,某公司,,100,2026-02-30,询价,,`,
      `GB-${k}-5,${w.villageA1},租房,坏类型,某公司,,100,2026-03-03,询价,,`,
      `GB-${k}-6,${w.villageA2},工程,别的村,某公司,,100,2026-03-03,询价,,`,
      `GB-${k}-7,${w.villageA1},服务,证件号有误,李四,110105194912310021,100,2026-03-03,询价,,`,
    ].join('\r\n');
    const res = await secretary.inject({ method: 'POST', url: '/api/v1/assets/contracts/import', payload: iconv.encode(csv, 'gb18030'), headers: { 'content-type': 'text/csv' } });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ read: 7, created: 3, updated: 0, unchanged: 0, flagged: 2, aborted: false });
    expect(r.rejected.map((x: { line: number }) => x.line)).toEqual([4, 5, 6, 7]);
    expect(r.rejected[0].reason).toContain('合同金额');
    expect(r.rejected[1].reason).toContain('签订日期');
    expect(r.rejected[2].reason).toContain('合同类型');
    expect(r.rejected[3].reason).toContain('管辖范围');

    const list = (await township.get(`/api/v1/assets/contracts?q=GB-${k}&pageSize=50`)).json();
    const byNo = new Map<string, TContract>(list.data.map((c: TContract) => [c.contractNo, c]));
    const lease = byNo.get(`GB-${k}-1`)!;
    expect(lease).toMatchObject({ amountFen: 3_000_000, signedDate: '2026-03-01', isFlagged: true, source: 'import', extra: { 备注: '鱼塘五年' } });
    expect(lease.provenance).toMatchObject({ file: 'contracts.csv', line: 2, importedBy: expect.any(String), importedAt: expect.any(String) });
    expect(byNo.get(`GB-${k}-2`)).toMatchObject({ amountFen: 800_050, signedDate: '2026-03-02', isFlagged: false });
    const badId = byNo.get(`GB-${k}-7`)!;
    expect(badId.isFlagged).toBe(true);
    expect(badId.flagReason).toContain('GB 11643');
    expect((await alertsOf(`GB-${k}-1`))[0]).toMatchObject({ rule: 'ASSET_NO_AUCTION', evidence: `contracts:GB-${k}-1` });
    expect(await alertsOf(`GB-${k}-7`)).toHaveLength(0);
  });

  it('re-imports idempotently, updates by key, and imports nothing in strict mode with a bad row', async () => {
    const k = uniq();
    const rows = (amount: string) => [
      'contract_id,village_code,contract_type,title,counterparty_name,counterparty_id,amount,signed_date,procurement_method,decision_id',
      `RE-${k}-1,${w.villageA1},服务,保洁服务,某物业有限公司,,${amount},2026-04-01,询价,`,
      `RE-${k}-2,${w.villageA1},采购,路灯采购,某电器有限公司,,500,2026-04-02,询价,`,
    ];
    const first = await importContracts(db(), systemActor(), rows('1200').join('\n'));
    expect(first).toMatchObject({ created: 2, updated: 0, rejected: [] });
    const again = await importContracts(db(), systemActor(), rows('1200').join('\n'));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: [] });
    const changed = await importContracts(db(), systemActor(), rows('1300').join('\n'));
    expect(changed).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const [count] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from contracts where contract_no like ${`RE-${k}-%`}`);
    expect(Number(count!.n)).toBe(2);

    const strictCsv = [...rows('1400'), `RE-${k}-3,${w.villageA1},服务,新合同,某公司,,100,2026-04-03,询价,`, `RE-${k}-4,${w.villageA1},服务,坏行,某公司,,abc,2026-04-03,询价,`].join('\n');
    const strict = await importContracts(db(), systemActor(), strictCsv, { strict: true });
    expect(strict).toMatchObject({ aborted: true, created: 0, updated: 0 });
    expect(strict.rejected).toEqual([{ line: 5, reason: expect.stringContaining('合同金额') }]);
    const after = await queryRows<{ contract_no: string; amount_fen: string }>(db(), sql`select contract_no, amount_fen from contracts where contract_no like ${`RE-${k}-%`} order by contract_no`);
    expect(after.map((x) => [x.contract_no, Number(x.amount_fen)])).toEqual([[`RE-${k}-1`, 130_000], [`RE-${k}-2`, 50_000]]);
  });

  it('reads JSON in batches: lines are array positions, provenance names the import', async () => {
    const k = uniq();
    const rows = [
      { contract_id: `JS-${k}-1`, village_code: w.villageA1, contract_type: '资产出售', title: '旧仓库出售', counterparty_name: '某公司', amount: '50000', signed_date: '2026-05-01', procurement_method: '询价' },
      { contract_id: `JS-${k}-2`, village_code: w.villageA1, contract_type: '工程', title: '坏金额', counterparty_name: '某公司', amount: 'abc', signed_date: '2026-05-01' },
      { contract_id: `JS-${k}-1`, village_code: w.villageA1, contract_type: '工程', title: '重复', counterparty_name: '某公司', amount: '1', signed_date: '2026-05-01' },
      { contract_id: `JS-${k}-4`, village_code: w.villageA1, contract_type: '服务', title: '保洁', counterparty_name: '某物业', amount: '100', signed_date: '2026-05-02', 备注: '一年' },
    ];
    const importId = '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f';
    const villages = new Set<string>();
    const r = await importContracts(db(), systemActor(), Buffer.from(JSON.stringify(rows)), { format: 'json', fileName: 'contracts.json', importId, villages, batchRows: 1 });
    expect(r).toMatchObject({ read: 4, created: 2, flagged: 1, aborted: false });
    expect(r.rejected).toEqual([{ line: 2, reason: expect.stringContaining('合同金额') }, { line: 3, reason: `合同编号 JS-${k}-1 与第1行重复` }]);
    expect([...villages]).toEqual([w.villageA1]);
    const stored = await queryRows<{ contract_no: string; provenance: { importId: string; file: string; line: number }; extra: unknown; flagged: boolean }>(db(), sql`select contract_no, provenance, extra, flagged from contracts where contract_no like ${`JS-${k}-%`} order by contract_no`);
    expect(stored).toEqual([
      { contract_no: `JS-${k}-1`, provenance: expect.objectContaining({ importId, file: 'contracts.json', line: 1 }), extra: null, flagged: true },
      { contract_no: `JS-${k}-4`, provenance: expect.objectContaining({ importId, line: 4 }), extra: { 备注: '一年' }, flagged: false },
    ]);
    expect((await alertsOf(`JS-${k}-1`))[0]).toMatchObject({ rule: 'ASSET_NO_AUCTION' });
  });

  it('exports contracts.csv that imports back unchanged', async () => {
    await newContract({ title: '含逗号, 和"引号"的合同', amountFen: 123_456, startDate: '2026-01-01', endDate: '2026-12-31' }, secretary);
    const csv = await exportContractsCsv(db(), { regionCode: w.villageA1 });
    expect(csv.startsWith('contract_id,village_code,contract_type,title,counterparty_name,counterparty_id,amount,signed_date,procurement_method,decision_id')).toBe(true);
    expect(csv).toContain('1234.56');
    const res = await secretary.get(`/api/v1/assets/contracts/export.csv?regionCode=${w.villageA1}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const back = await importContracts(db(), systemActor(), csv);
    expect(back.rejected).toEqual([]);
    expect(back.created).toBe(0);
    expect(back.updated).toBe(0);
    expect(back.unchanged).toBe(csv.trim().split(/\r?\n/).length - 1);
    expect(await exportContractsCsv(db(), { regionCode: w.villageA1 })).toBe(csv);
  });
});

describe('public view', () => {
  it('shows assets and contracts, masks persons, never shows identity numbers or credit codes', async () => {
    const asset = await newAsset({ name: '公开的仓库' });
    const person = await newContract({ contractType: '土地承包', title: '承包山林', counterpartyName: '王小明', counterpartyId: '11010519491231002X', amountFen: 500_000, procurementMethod: '公开竞价' });
    const firm = await newContract({ counterpartyName: '某某建设工程有限公司', counterpartyId: '91350100M000100Y43' });
    const noId = await newContract({ counterpartyName: '赵大', counterpartyId: null });
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/assets?village=${w.villageA1}` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.village.code).toBe(w.villageA1);
    expect(body.assets.map((a: { assetNo: string }) => a.assetNo)).toContain(asset.assetNo);
    const find = (no: string) => body.contracts.find((c: { contractNo: string }) => c.contractNo === no);
    expect(find(person.contractNo).counterpartyName).toBe('王*明');
    expect(find(firm.contractNo).counterpartyName).toBe('某某建设工程有限公司');
    expect(find(noId.contractNo).counterpartyName).toBe('赵*');
    expect(res.body).not.toContain('11010519491231002X');
    expect(res.body).not.toContain('91350100M000100Y43');
    expect(res.body).not.toContain('王小明');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/public/assets?village=999999999999' })).statusCode).toBe(404);
  });
});
