import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import type { TRectificationItemDetail, TRectificationNoticeDetail, TRole } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor, type Actor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { audited } from '../audit/audit.log.js';
import { raiseAlert } from '../alerts/alerts.service.js';
import { storeAttachment } from '../attachments/attachments.service.js';
import { tinyPng } from '../attachments/attachments.test-support.js';
import { LEDGER_HEADERS } from './rectification.export.js';
import { indicatorCounts } from '../assessment/assessment.repository.js';
import { getDashboard } from '../dashboards/dashboards.service.js';
import { rectificationStats, sweepOverdueRectification } from './rectification.service.js';

let ctx: TestContext;
let w: World;
let district: Client;
let township: Client;
let townshipB: Client;
let village: Client;
let village2: Client;
let villageUser: Awaited<ReturnType<typeof makeUser>>;
let townshipUser: Awaited<ReturnType<typeof makeUser>>;
let n = 0;

const db = () => ctx.platform.deps.db;
const alertRow = async (id: string) =>
  (await queryRows<{ status: string; link_type: string | null; link_id: string | null; closing_note: string | null; resolved_by_data_at: unknown }>(db(), sql`select status, link_type, link_id, closing_note, resolved_by_data_at from alerts where id = ${id}`))[0]!;
const inbox = async (userId: string) => queryRows<{ title: string; kind: string }>(db(), sql`select title, kind from notifications where user_id = ${userId} order by created_at`);
const redAlert = (village: string) =>
  audited(db(), systemActor(), (tx) => {
    const subjectId = `${village}-2026-${String(++n).padStart(4, '0')}`;
    return raiseAlert(tx, { rule: 'DECISION_QUORUM', subjectType: 'decision', subjectId, regionCode: village, summary: '村民代表会议到会人数不足', evidence: `decisions:${subjectId}/meeting` });
  });
const addDays = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  district = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
  townshipUser = await makeUser(ctx, w.townshipA, ['township_discipline']);
  township = await login(ctx.app, townshipUser.username);
  townshipB = await login(ctx.app, (await makeUser(ctx, w.townshipB, ['township_discipline'])).username);
  villageUser = await makeUser(ctx, w.villageA1, ['village_secretary']);
  village = await login(ctx.app, villageUser.username);
  village2 = await login(ctx.app, (await makeUser(ctx, w.villageA2, ['village_secretary'])).username);
}, 120_000);
afterAll(() => ctx.close());

describe('a problem from an alert to closure (整改闭环)', () => {
  let alertId: string;
  let findingId: string;
  let notice: TRectificationNoticeDetail;
  let itemId: string;

  it('takes a confirmed red alert into a finding and a notice to the village', async () => {
    alertId = (await redAlert(w.villageA1)).id;
    expect((await township.post(`/api/v1/alerts/${alertId}/confirm`, { reason: '核实：到会人数不足三分之二' })).statusCode).toBe(200);
    // A red confirmed alert is not closed by a note alone.
    const bare = await township.post(`/api/v1/alerts/${alertId}/close`, { note: '已处理' });
    expect(bare.statusCode, bare.body).toBe(409);
    expect(bare.json().details[0].path).toBe('linkType');

    const f = await township.post('/api/v1/inspections/findings', { focusArea: 'decisions', description: '村民代表会议到会人数不足即作出决定', sourceType: 'alert', sourceId: alertId });
    expect(f.statusCode, f.body).toBe(201);
    expect(f.json()).toMatchObject({ regionCode: w.villageA1, sourceType: 'alert', sourceId: alertId, sourceLabel: '村民代表会议到会人数不足', status: 'open', planId: null });
    findingId = f.json().id;

    const deadline = addDays(chinaDate(), 30);
    const res = await township.post('/api/v1/rectification/notices', {
      regionCode: w.villageA1, title: '关于民主决策程序问题的整改通知', requirement: '严格执行“四议两公开”。', deadline, responsibleName: '王书记', responsibleUserId: villageUser.id,
      items: [{ problem: '会议到会人数不足即表决', requirement: '重新召开会议表决并公示', sourceType: 'finding', sourceId: findingId }],
    });
    expect(res.statusCode, res.body).toBe(201);
    notice = res.json();
    expect(notice.number).toBe(`甲镇纪整改〔${chinaDate().slice(0, 4)}〕1号`);
    expect(notice).toMatchObject({ regionCode: w.villageA1, issuerRegionCode: w.townshipA, status: 'open', itemCount: 1, closedItemCount: 0 });
    expect(notice.items[0]).toMatchObject({ seq: 1, status: 'open', deadline, responsibleName: '王书记', sourceType: 'finding', isOverdue: false });
    itemId = notice.items[0]!.id;
    expect((await township.get(`/api/v1/inspections/findings/${findingId}`)).json()).toMatchObject({ status: 'rectifying', rectificationItemIds: [itemId] });
    expect(await inbox(villageUser.id)).toContainEqual({ title: `收到整改通知书 ${notice.number}`, kind: 'assigned' });

    const print = await village.get(`/api/v1/rectification/notices/${notice.id}/print`);
    expect(print.statusCode).toBe(200);
    expect(print.headers['content-type']).toContain('text/html');
    expect(print.body).toContain('整改通知书');
    expect(print.body).toContain(notice.number);
    expect(print.body).toContain('甲镇纪委（盖章）');
  });

  it('refuses a manual close linked to the notice while its items are open', async () => {
    const linked = await township.post(`/api/v1/alerts/${alertId}/close`, { note: '已整改', linkType: 'rectification', linkId: notice.number });
    expect(linked.statusCode, linked.body).toBe(409);
    expect((await alertRow(alertId)).status).toBe('confirmed');
  });

  it('a returned answer, then an accepted one, closes the item, the notice, the finding and the alert', async () => {
    // The village cannot decide its own item; another village does not even see it.
    expect((await village.post(`/api/v1/rectification/items/${itemId}/accept`, {})).statusCode).toBe(403);
    expect((await village2.post(`/api/v1/rectification/items/${itemId}/answers`, { measures: '越权回复' })).statusCode).toBe(404);
    // Nothing to accept before an answer.
    expect((await township.post(`/api/v1/rectification/items/${itemId}/accept`, {})).statusCode).toBe(409);

    const file = await storeAttachment(db(), { kind: 'user', userId: villageUser.id, username: villageUser.username, roles: ['village_secretary'], regionCode: w.villageA1, requestId: null }, {
      regionCode: w.villageA1, entityType: 'rectification_item', entityId: itemId, fileName: '会议记录.png', data: tinyPng(),
    });
    const first = await village.post(`/api/v1/rectification/items/${itemId}/answers`, { measures: '已补开会议', attachmentIds: [file.id] });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'answered', answers: [{ measures: '已补开会议', decision: null, attachmentIds: [file.id] }] });
    expect((await village.post(`/api/v1/rectification/items/${itemId}/answers`, { measures: '再答' })).statusCode).toBe(409);
    expect(await inbox(townshipUser.id)).toContainEqual({ title: `整改事项待验收：${notice.number}第1项`, kind: 'assigned' });

    const returned = await township.post(`/api/v1/rectification/items/${itemId}/return`, { reason: '未附公示照片' });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', answers: [{ decision: 'returned', decisionReason: '未附公示照片' }] });
    expect(await inbox(villageUser.id)).toContainEqual({ title: `整改事项被退回：${notice.number}第1项`, kind: 'assigned' });

    expect((await village.post(`/api/v1/rectification/items/${itemId}/answers`, { measures: '已补开会议并公示7天' })).statusCode).toBe(200);
    const accepted = await township.post(`/api/v1/rectification/items/${itemId}/accept`, { note: '经现场查看，已整改到位' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const item = accepted.json() as TRectificationItemDetail;
    expect(item).toMatchObject({ status: 'closed', closedOn: chinaDate(), closedOnTime: true, isOverdue: false });
    expect(item.answers.map((a) => a.decision)).toEqual(['returned', 'accepted']);

    expect((await village.get(`/api/v1/rectification/notices/${notice.id}`)).json()).toMatchObject({ status: 'closed', closedItemCount: 1 });
    expect((await township.get(`/api/v1/inspections/findings/${findingId}`)).json()).toMatchObject({ status: 'resolved' });
    expect(await alertRow(alertId)).toMatchObject({ status: 'closed', link_type: 'rectification', link_id: notice.number, closing_note: '整改已验收销号' });
    const actions = await queryRows<{ action: string }>(db(), sql`select action from audit_events where entity_id = ${itemId} order by seq`);
    expect(actions.map((a) => a.action)).toEqual(['rectification.item.answer', 'rectification.item.return', 'rectification.item.answer', 'rectification.item.accept']);
  });

  it('reopens a closed item when the problem returns (反弹)', async () => {
    expect((await village.post(`/api/v1/rectification/items/${itemId}/reopen`, { reason: '又发生' })).statusCode).toBe(403);
    const res = await township.post(`/api/v1/rectification/items/${itemId}/reopen`, { reason: '回访发现再次未达法定人数即表决' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'reopened', reopenCount: 1, closedOn: null, closedOnTime: null });
    expect((await township.get(`/api/v1/rectification/notices/${notice.id}`)).json()).toMatchObject({ status: 'open', closedItemCount: 0 });
    expect((await township.get(`/api/v1/inspections/findings/${findingId}`)).json()).toMatchObject({ status: 'rectifying' });
    expect((await township.post(`/api/v1/rectification/items/${itemId}/reopen`, { reason: '再开' })).statusCode).toBe(409);
    expect((await village.post(`/api/v1/rectification/items/${itemId}/answers`, { measures: '重新组织表决' })).json()).toMatchObject({ status: 'answered', reopenCount: 1 });
  });
});

describe('an overdue item (逾期)', () => {
  let itemId: string;
  let otherId: string;
  let noticeNumber: string;

  it('escalates one level once, raises RECTIFICATION_OVERDUE, and is resolved by data when closed', async () => {
    const issuedOn = addDays(chinaDate(), -20);
    const res = await township.post('/api/v1/rectification/notices', {
      regionCode: w.villageA1, title: '财务公开整改', requirement: '按月公开', issuedOn, deadline: addDays(chinaDate(), -5), responsibleName: '李会计',
      items: [{ problem: '三季度财务未公开', requirement: '补公开' }, { problem: '公开栏破损', requirement: '修复', deadline: addDays(chinaDate(), 10) }],
    });
    expect(res.statusCode, res.body).toBe(201);
    noticeNumber = res.json().number;
    [itemId, otherId] = res.json().items.map((i: { id: string }) => i.id);
    expect(res.json().items[0]).toMatchObject({ isOverdue: true, escalatedTo: null });
    expect(res.json()).toMatchObject({ overdueItemCount: 1 });

    const swept = await sweepOverdueRectification(db(), systemActor());
    expect(swept.escalated).toBeGreaterThanOrEqual(1);
    const item = (await district.get(`/api/v1/rectification/items/${itemId}`)).json();
    expect(item).toMatchObject({ escalatedTo: w.townshipA, isOverdue: true });
    expect((await district.get(`/api/v1/rectification/items/${otherId}`)).json()).toMatchObject({ escalatedTo: null, isOverdue: false });
    const [alert] = await queryRows<{ id: string; severity: string; region_code: string; evidence: string; status: string }>(db(), sql`select id, severity, region_code, evidence, status from alerts where rule = 'RECTIFICATION_OVERDUE' and subject_id = ${itemId}`);
    expect(alert).toMatchObject({ severity: 'red', region_code: w.villageA1, evidence: `rectification_items:${itemId}`, status: 'open' });
    expect(await inbox(townshipUser.id)).toContainEqual({ title: `整改逾期升级：${noticeNumber}第1项`, kind: 'overdue' });

    // A second sweep escalates nothing again.
    const escalations = async () => (await inbox(townshipUser.id)).filter((m) => m.title === `整改逾期升级：${noticeNumber}第1项`).length;
    expect(await escalations()).toBe(1);
    await sweepOverdueRectification(db(), systemActor());
    expect(await escalations()).toBe(1);
    expect(await queryRows(db(), sql`select 1 from audit_events where entity_id = ${itemId} and action = 'rectification.item.escalate'`)).toHaveLength(1);

    const ledger = (await township.get(`/api/v1/rectification/items?overdue=true&regionCode=${w.villageA1}`)).json();
    expect(ledger.data.map((i: { id: string }) => i.id)).toContain(itemId);
    expect(ledger.data.map((i: { id: string }) => i.id)).not.toContain(otherId);

    expect((await village.post(`/api/v1/rectification/items/${itemId}/answers`, { measures: '已补公开' })).statusCode).toBe(200);
    const closed = await township.post(`/api/v1/rectification/items/${itemId}/accept`, {});
    expect(closed.json()).toMatchObject({ status: 'closed', closedOnTime: false, isOverdue: false });
    expect((await alertRow(alert!.id)).resolved_by_data_at).not.toBeNull();
  });
});

describe('visibility per level', () => {
  it('a village sees only its notices, another township nothing, the district all', async () => {
    const own = await township.post('/api/v1/rectification/notices', {
      regionCode: w.villageA2, title: '甲二村整改', requirement: '整改', deadline: addDays(chinaDate(), 10), responsibleName: '赵主任', items: [{ problem: '问题', requirement: '要求' }],
    });
    expect(own.statusCode, own.body).toBe(201);
    const id = own.json().id as string;
    const itemId = own.json().items[0].id as string;

    const mine = (await village.get('/api/v1/rectification/notices?pageSize=100')).json();
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.data.every((x: { regionCode: string }) => x.regionCode === w.villageA1)).toBe(true);
    expect((await village.get(`/api/v1/rectification/notices/${id}`)).statusCode).toBe(404);
    expect((await village.get(`/api/v1/rectification/items/${itemId}`)).statusCode).toBe(404);
    expect((await village2.get(`/api/v1/rectification/notices/${id}`)).statusCode).toBe(200);
    expect((await townshipB.get(`/api/v1/rectification/notices/${id}`)).statusCode).toBe(404);
    expect((await townshipB.get('/api/v1/rectification/notices?pageSize=100')).json().total).toBe(0);
    expect((await townshipB.get('/api/v1/rectification/items?pageSize=100')).json().total).toBe(0);
    expect((await townshipB.post(`/api/v1/rectification/items/${itemId}/accept`, {})).statusCode).toBe(404);
    const all = (await district.get('/api/v1/rectification/notices?pageSize=100')).json();
    expect(all.data.map((x: { id: string }) => x.id)).toContain(id);
    expect(all.total).toBe((await township.get('/api/v1/rectification/notices?pageSize=100')).json().total);
    // A township may not issue to another township's village (out of scope: 404), nor to itself (400 naming the field).
    const body = { regionCode: w.villageB1, title: '越权', requirement: '整改', deadline: addDays(chinaDate(), 10), responsibleName: '某', items: [{ problem: 'p', requirement: 'r' }] };
    expect((await township.post('/api/v1/rectification/notices', body)).statusCode).toBe(404);
    const self = await township.post('/api/v1/rectification/notices', { ...body, regionCode: w.townshipA });
    expect(self.statusCode).toBe(400);
    expect(self.json().details[0].path).toBe('regionCode');
  });
});

describe('the ledger export and the on-time rate', () => {
  it('exports every item in scope with Chinese headers, as the ledger lists them', async () => {
    const res = await township.inject({ method: 'GET', url: '/api/v1/rectification/items/export.xlsx' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('整改台账')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual([...LEDGER_HEADERS]);
    const ledger = (await township.get('/api/v1/rectification/items?pageSize=100')).json();
    expect(rows.length - 1).toBe(ledger.total);
    for (const [i, item] of (ledger.data as { noticeNumber: string; problem: string; deadline: string; reopenCount: number; status: string }[]).entries()) {
      const row = rows[i + 1]!;
      expect(row[0]).toBe(i + 1);
      expect(row[1]).toBe(item.noticeNumber);
      expect(row[3]).toBe(item.problem);
      expect(row[7]).toEqual(new Date(`${item.deadline}T00:00:00Z`));
      expect(row[11]).toBe(item.reopenCount);
    }
    // Another township's export holds no row.
    const other = await townshipB.inject({ method: 'GET', url: '/api/v1/rectification/items/export.xlsx' });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(other.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]!.rowCount).toBe(1);
  });

  it('neutralises formula-like text in the export', async () => {
    const res = await township.post('/api/v1/rectification/notices', {
      regionCode: w.villageA2, title: '公式', requirement: '要求', deadline: addDays(chinaDate(), 3), responsibleName: '=HYPERLINK("x")', items: [{ problem: '=1+1', requirement: '@SUM(A1)' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const x = await township.inject({ method: 'GET', url: `/api/v1/rectification/items/export.xlsx?regionCode=${w.villageA2}&q=${encodeURIComponent('=1+1')}` });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const row = wb.worksheets[0]!.getRow(2);
    expect(row.getCell(4).value).toBe("'=1+1");
    expect(row.getCell(5).value).toBe("'@SUM(A1)");
    expect(row.getCell(7).value).toBe(`'=HYPERLINK("x")`);
  });

  it('computes the on-time rate per village and township as direct counts say', async () => {
    const today = chinaDate();
    const direct = await queryRows<{ region_code: string; due: number; on_time: number; late: number; open_overdue: number }>(db(), sql`
      select region_code, count(*)::int as due,
        count(*) filter (where status = 'closed' and closed_on <= deadline)::int as on_time,
        count(*) filter (where status = 'closed' and closed_on > deadline)::int as late,
        count(*) filter (where status <> 'closed' and deadline < ${today})::int as open_overdue
      from rectification_items where region_code like ${w.townshipA.slice(0, 9) + '%'} and deleted_at is null
        and (status = 'closed' or deadline < ${today}) -- items not yet due and not closed are not judged
      group by region_code order by region_code`);
    const byVillage = (await township.get('/api/v1/rectification/stats?by=village')).json().rows;
    expect(byVillage.map((r: { regionCode: string; due: number; closedOnTime: number; closedLate: number; openOverdue: number }) => [r.regionCode, r.due, r.closedOnTime, r.closedLate, r.openOverdue]))
      .toEqual(direct.map((d) => [d.region_code, d.due, d.on_time, d.late, d.open_overdue]));
    expect(byVillage.find((r: { regionCode: string }) => r.regionCode === w.villageA1)).toMatchObject({ regionName: '甲一村', closedLate: 1 });
    const byTownship = (await district.get('/api/v1/rectification/stats')).json().rows;
    const a = byTownship.find((r: { regionCode: string }) => r.regionCode === w.townshipA);
    const due = direct.reduce((s, d) => s + d.due, 0);
    const onTime = direct.reduce((s, d) => s + d.on_time, 0);
    expect(a).toMatchObject({ regionName: '甲镇', due, closedOnTime: onTime, onTimeRate: Math.round((onTime / due) * 10000) / 10000 });
    expect((await townshipB.get('/api/v1/rectification/stats')).json().rows).toEqual([]);
  });
});

/**
 * One on-time rule for the ledger stats, the dashboards and the assessment (rectification.on-time.ts):
 * the same items counted three ways must agree. Items not yet due and not closed are not judged; an
 * answer awaiting the issuer's acceptance is not done. Its own district, so the counts are exact.
 */
describe('the on-time rule shared by the stats, the dashboard and the assessment', () => {
  let ow: World;
  const T = chinaDate();
  const D = (days: number) => addDays(T, days);
  const FROM = D(-30);
  const actorOf = (regionCode: string, role: TRole): Actor => ({ kind: 'user', userId: randomUUID(), username: 'x', roles: [role], regionCode, requestId: null });
  /** Expected per village: [judged, on time]. */
  let expected: Record<string, [number, number]>;

  beforeAll(async () => {
    ow = await makeWorld(ctx);
    const notice = (village: string) => ({ id: randomUUID(), village });
    const n1 = notice(ow.villageA1);
    const n2 = notice(ow.villageA2);
    let seq = 0;
    const item = (x: { id: string; village: string }, deadline: string, status: string, closedOn: string | null = null): SQL =>
      sql`insert into rectification_items (id, notice_id, seq, problem, requirement, deadline, responsible_name, source_type, status, closed_on, region_code)
        values (${randomUUID()}, ${x.id}, ${++seq}, ${`测试问题${seq}`}, '整改', ${deadline}, '责任人', 'direct', ${status}, ${closedOn}, ${x.village})`;
    const rows = [
      ...[n1, n2].map((x) => sql`insert into rectification_notices (id, number, issuer_region_code, title, requirement, issued_on, deadline, responsible_name, status, region_code)
        values (${x.id}, ${`甲镇纪整改〔测试〕${x.id.slice(0, 6)}号`}, ${ow.townshipA}, '测试整改', '整改', ${D(-60)}, ${D(10)}, '责任人', 'open', ${x.village})`),
      item(n1, D(-10), 'closed', D(-12)), // on time
      item(n1, D(-10), 'closed', D(-5)), // late
      item(n1, D(-5), 'answered'), // the unit answered, the issuer has not accepted: overdue
      item(n1, D(-3), 'open'), // overdue
      item(n1, T, 'open'), // due today: not yet judged
      item(n1, T, 'closed', T), // closed on its deadline: on time
      item(n1, D(-40), 'closed', D(-41)), // before the window
      item(n1, D(20), 'closed', D(-1)), // after the window
      item(n2, D(-2), 'reopened'), // closed once, came back: not done
      item(n2, D(-1), 'closed', D(-3)), // on time
    ];
    await audited(db(), systemActor(), async ({ tx }) => {
      for (const r of rows) await tx.execute(r);
    });
    expected = { [ow.villageA1]: [5, 2], [ow.villageA2]: [2, 1] };
  });

  it('gives the same judged and on-time counts in the stats, the dashboard and the assessment', async () => {
    const stats = (await rectificationStats(db(), actorOf(ow.townshipA, 'township_discipline'), { from: FROM, to: T, by: 'village' })).rows;
    expect(Object.fromEntries(stats.map((r) => [r.regionCode, [r.due, r.closedOnTime]]))).toEqual(expected);
    expect(stats.find((r) => r.regionCode === ow.villageA1)).toMatchObject({ closedLate: 1, openOverdue: 2, onTimeRate: 0.4 });

    const dash = await getDashboard(db(), actorOf(ow.district, 'district_inspector'), { regionCode: ow.townshipA, from: FROM, to: T });
    const col = dash.heat.indicators.findIndex((i) => i.key === 'rectificationOnTimeRate');
    expect(col).toBeGreaterThanOrEqual(0);
    // Each heat column says which end is good: rates higher, overdue and open counts lower.
    expect(Object.fromEntries(dash.heat.indicators.map((i) => [i.key, i.better]))).toEqual({
      overdueMatters: 'lower', disclosureOnTimeRate: 'higher', openAlerts: 'lower', rectificationOnTimeRate: 'higher', satisfactionScore: 'higher',
    });
    const heat = Object.fromEntries(dash.heat.rows.map((r) => [r.regionCode, r.values[col]]));
    const rate = (good: number, all: number) => Math.round((good / all) * 1000) / 10;
    expect(heat[ow.villageA1]).toBeCloseTo(rate(2, 5), 1);
    expect(heat[ow.villageA2]).toBeCloseTo(rate(1, 2), 1);
    const figure = dash.groups.find((g) => g.key === 'rectification')!.figures.find((f) => f.key === 'onTimeRate')!;
    expect([figure.denominator, figure.numerator]).toEqual([7, 3]);

    const counts = await indicatorCounts(db(), 'rectification_on_time', { district: ow.district, level: 'village', from: FROM, asOf: T, today: T, quarters: [] });
    expect(Object.fromEntries([...counts].map(([code, c]) => [code, [c.records, c.good]]))).toEqual(expected);
  });
});
