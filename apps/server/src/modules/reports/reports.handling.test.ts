import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { kinship, queryRows } from '@mpw/db';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { audited } from '../audit/audit.log.js';
import { createUser } from '../users/users.service.js';
import * as reports from './reports.service.js';
import { actorOf, assignedTo, concludedBy, idNumber, newReport, REPORTER } from './reports.staff.test-support.js';

let ctx: TestContext;
let w: World;
let township: Client;
let townshipUser: Awaited<ReturnType<typeof makeUser>>;
let handlerUser: Awaited<ReturnType<typeof makeUser>>;
let handler: Client;
let inspectorUser: Awaited<ReturnType<typeof makeUser>>;
let inspector: Client;
const db = () => ctx.platform.deps.db;

let staffNo = 0;
async function staff(regionCode: string, displayName: string, id?: string) {
  staffNo++;
  return createUser(db(), systemActor(), { username: `rs${staffNo}_${Date.now() % 100000}`, displayName, regionCode, roles: ['township_discipline'], password: 'Test-pass-2026', ...(id ? { idNumber: id } : {}) }, { mustChangePassword: false });
}

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  townshipUser = await makeUser(ctx, w.townshipA, ['township_discipline']);
  township = await login(ctx.app, townshipUser.username);
  handlerUser = await makeUser(ctx, w.townshipA, ['township_discipline']);
  handler = await login(ctx.app, handlerUser.username);
  inspectorUser = await makeUser(ctx, w.district, ['district_inspector']);
  inspector = await login(ctx.app, inspectorUser.username);
}, 120_000);
afterAll(() => ctx.close());

describe('conflicts of interest (回避)', () => {
  it('refuses to assign the reported person, found by name when no identity numbers are known', async () => {
    const sameName = await staff(w.townshipA, '孙某某');
    const { id } = await newReport(ctx, w.villageA1, { subjectName: '孙某某', subjectPosition: '村委委员' });
    await township.post(`/api/v1/reports/${id}/accept`, {});
    const candidates = (await township.get(`/api/v1/reports/${id}/assignees`)).json() as { userId: string; conflict: string | null }[];
    expect(candidates.find((c) => c.userId === sameName.id)!.conflict).toContain('同名');
    expect(candidates.find((c) => c.userId === handlerUser.id)!.conflict).toBeNull();
    const res = await township.post(`/api/v1/reports/${id}/assign`, { userId: sameName.id });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('回避');
    expect((await township.post(`/api/v1/reports/${id}/assign`, { userId: handlerUser.id })).statusCode).toBe(200);
  });

  it('refuses the reported person and close relatives by identity number (kinship either way, same household)', async () => {
    const subjectId = idNumber(`${w.villageA1.slice(0, 6)}19700101001`);
    const spouseId = idNumber(`${w.villageA1.slice(0, 6)}19720202002`);
    const childId = idNumber(`${w.villageA1.slice(0, 6)}19950303003`);
    const strangerId = idNumber(`${w.villageA1.slice(0, 6)}19800404004`);
    const self = await staff(w.townshipA, '周某', subjectId);
    const spouse = await staff(w.townshipA, '吴某', spouseId);
    const child = await staff(w.townshipA, '周小某', childId);
    const stranger = await staff(w.townshipA, '郑某', strangerId);
    const [a, b] = [subjectId, spouseId].sort();
    await audited(db(), systemActor(), async (x) => {
      await x.tx.insert(kinship).values({ idNumberA: a!, idNumberB: b!, relation: '配偶', regionCode: w.district });
      await x.tx.execute(sql`insert into residents (id_number, name, household_id, region_code) values (${subjectId}, '周某', ${`H-${w.villageA1}`}, ${w.villageA1}), (${childId}, '周小某', ${`H-${w.villageA1}`}, ${w.villageA1})`);
    });
    const { id } = await newReport(ctx, w.villageA1, { subjectName: '周某', subjectPosition: '村委会主任' });
    await township.post(`/api/v1/reports/${id}/accept`, {});

    const bad = await township.post(`/api/v1/reports/${id}/subject`, { subjectIdNumber: subjectId.slice(0, 17) + (subjectId.endsWith('1') ? '2' : '1') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('subjectIdNumber');
    const set = await township.post(`/api/v1/reports/${id}/subject`, { subjectIdNumber: subjectId.toLowerCase() });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().subjectIdNumber).toBe(subjectId);
    // The audit log keeps the number masked.
    const [audit] = await queryRows<{ after: string }>(db(), sql`select after::text as after from audit_events where entity_id = ${id} and action = 'report.report.subject'`);
    expect(audit!.after).not.toContain(subjectId);

    const conflicts = new Map(((await township.get(`/api/v1/reports/${id}/assignees`)).json() as { userId: string; conflict: string | null }[]).map((c) => [c.userId, c.conflict]));
    expect(conflicts.get(self.id)).toContain('本人');
    expect(conflicts.get(spouse.id)).toContain('近亲属（配偶）');
    expect(conflicts.get(child.id)).toContain('近亲属（同户家庭成员）');
    expect(conflicts.get(stranger.id)).toBeNull();
    for (const u of [self, spouse, child]) {
      const res = await township.post(`/api/v1/reports/${id}/assign`, { userId: u.id });
      expect(res.statusCode, u.displayName).toBe(409);
    }
    expect((await township.post(`/api/v1/reports/${id}/assign`, { userId: stranger.id })).json().assignedTo).toBe(stranger.id);
  });

  it('refuses to record an identity number that makes the current handler the reported person until it is reassigned', async () => {
    const numberOfHandler = idNumber(`${w.villageA1.slice(0, 6)}19810505005`);
    const u = await staff(w.townshipA, '冯某', numberOfHandler);
    const { id } = await newReport(ctx, w.villageA1, { subjectName: '冯某某' });
    await assignedTo(ctx, id, u.id);
    const res = await township.post(`/api/v1/reports/${id}/subject`, { subjectIdNumber: numberOfHandler });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('改派');
  });
});

describe('revealing the reporter', () => {
  it('opens the sealed identity for the assigned handler only, audited each time without the identity', async () => {
    const { id } = await newReport(ctx, w.villageA1);
    expect((await handler.post(`/api/v1/reports/${id}/reveal`, { reason: '需要联系举报人核实' })).statusCode).toBe(403);
    await assignedTo(ctx, id, handlerUser.id);
    expect((await township.post(`/api/v1/reports/${id}/reveal`, { reason: '想看看' })).statusCode).toBe(403);
    expect((await inspector.post(`/api/v1/reports/${id}/reveal`, { reason: '想看看' })).statusCode).toBe(403);
    const noReason = await handler.post(`/api/v1/reports/${id}/reveal`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details[0].path).toBe('reason');

    for (const reason of ['需要联系举报人补充材料', '再次联系举报人']) {
      const res = await handler.post(`/api/v1/reports/${id}/reveal`, { reason });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.json()).toMatchObject({ name: REPORTER.name, phone: REPORTER.phone, idNumber: REPORTER.idNumber, wantsProtection: true });
    }
    const reveals = await queryRows<{ user_id: string; reason: string }>(db(), sql`select user_id, reason from report_reveals where report_id = ${id} order by created_at`);
    expect(reveals).toEqual([{ user_id: handlerUser.id, reason: '需要联系举报人补充材料' }, { user_id: handlerUser.id, reason: '再次联系举报人' }]);
    const d = (await handler.get(`/api/v1/reports/${id}`)).json();
    expect(d.events.filter((e: { kind: string }) => e.kind === 'reveal').map((e: { note: string }) => e.note)).toEqual(['需要联系举报人补充材料', '再次联系举报人']);
    expect(JSON.stringify(d)).not.toContain(REPORTER.phone);
    // Nothing of the identity in the audit log, the history or the stored row.
    const audit = await queryRows<{ action: string; payload: string }>(db(), sql`select action, coalesce(before::text, '') || coalesce(after::text, '') as payload from audit_events where entity_id = ${id}`);
    expect(audit.filter((a) => a.action === 'report.identity.reveal')).toHaveLength(2);
    for (const secret of [REPORTER.name, REPORTER.phone, REPORTER.idNumber, REPORTER.address]) {
      expect(audit.some((a) => a.payload.includes(secret)), secret).toBe(false);
      const [hits] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from reports where id = ${id} and (content || coalesce(reporter_sealed, '')) like ${`%${secret}%`}`);
      expect(hits!.n).toBe(0);
    }
  });

  it('has nothing to reveal for an anonymous report', async () => {
    const { id } = await newReport(ctx, w.villageA1, { anonymous: true });
    await assignedTo(ctx, id, handlerUser.id);
    const d = (await handler.get(`/api/v1/reports/${id}`)).json();
    expect(d).toMatchObject({ anonymous: true, hasReporterIdentity: false });
    expect(d.can.reveal).toBe(false);
    expect((await handler.post(`/api/v1/reports/${id}/reveal`, { reason: '核实' })).statusCode).toBe(409);
  });
});

describe('rewards', () => {
  it('proposes within the district range for a confirmed real-name report, then approves and pays', async () => {
    const { id } = await newReport(ctx, w.villageA1);
    await concludedBy(ctx, id, actorOf(handlerUser), 'true');
    for (const amountFen of [49_999, 200_001]) {
      const res = await handler.post(`/api/v1/reports/${id}/rewards`, { amountFen });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0]).toMatchObject({ path: 'amountFen', message: '奖励金额应在500元至2000元之间' });
    }
    const proposed = await handler.post(`/api/v1/reports/${id}/rewards`, { amountFen: 100_000, note: '提供关键线索' });
    expect(proposed.statusCode, proposed.body).toBe(200);
    const reward = proposed.json().rewards[0];
    expect(reward).toMatchObject({ amountFen: 100_000, status: 'proposed', proposedByName: handlerUser.displayName });
    expect((await handler.post(`/api/v1/reports/${id}/rewards`, { amountFen: 100_000 })).statusCode).toBe(409);

    // Township officers cannot decide; paying needs approval first.
    expect((await handler.post(`/api/v1/reports/${id}/rewards/${reward.id}/decide`, { approve: true })).statusCode).toBe(403);
    expect((await inspector.post(`/api/v1/reports/${id}/rewards/${reward.id}/paid`)).statusCode).toBe(409);
    const approved = await inspector.post(`/api/v1/reports/${id}/rewards/${reward.id}/decide`, { approve: true, note: '同意' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().rewards[0]).toMatchObject({ status: 'approved', decidedByName: inspectorUser.displayName });
    expect((await inspector.post(`/api/v1/reports/${id}/rewards/${reward.id}/decide`, { approve: false })).statusCode).toBe(409);
    const paid = await inspector.post(`/api/v1/reports/${id}/rewards/${reward.id}/paid`);
    expect(paid.json().rewards[0].status).toBe('paid');
    expect(paid.json().events.filter((e: { kind: string }) => e.kind === 'reward')).toHaveLength(3);
    expect((await inspector.post(`/api/v1/reports/${id}/rewards/${reward.id}/paid`)).statusCode).toBe(409);
  });

  it('takes a new proposal after a refusal, and none for anonymous or unfounded reports', async () => {
    const { id } = await newReport(ctx, w.villageA1);
    await concludedBy(ctx, id, actorOf(handlerUser), 'partly_true');
    const first = (await handler.post(`/api/v1/reports/${id}/rewards`, { amountFen: 60_000 })).json().rewards[0];
    await inspector.post(`/api/v1/reports/${id}/rewards/${first.id}/decide`, { approve: false, note: '线索作用有限' });
    expect((await handler.post(`/api/v1/reports/${id}/rewards`, { amountFen: 50_000 })).statusCode).toBe(200);

    const anonymous = await newReport(ctx, w.villageA1, { anonymous: true });
    await concludedBy(ctx, anonymous.id, actorOf(handlerUser), 'true');
    expect((await handler.post(`/api/v1/reports/${anonymous.id}/rewards`, { amountFen: 60_000 })).statusCode).toBe(409);
    const unfounded = await newReport(ctx, w.villageA1);
    const d = await concludedBy(ctx, unfounded.id, actorOf(handlerUser), 'untrue');
    expect(d.can.proposeReward).toBe(false);
    expect((await handler.post(`/api/v1/reports/${unfounded.id}/rewards`, { amountFen: 60_000 })).statusCode).toBe(409);
  });

  it('does not let the person who proposed a reward approve it', async () => {
    const { id } = await newReport(ctx, w.villageA1, { subjectKind: 'township_official', subjectPosition: '副镇长' });
    await concludedBy(ctx, id, actorOf(inspectorUser), 'true');
    const reward = (await inspector.post(`/api/v1/reports/${id}/rewards`, { amountFen: 80_000 })).json().rewards[0];
    const res = await inspector.post(`/api/v1/reports/${id}/rewards/${reward.id}/decide`, { approve: true });
    expect(res.statusCode).toBe(409);
  });
});

describe('handover', () => {
  it('moves every open report of a handler to a colleague, one history entry each, and no reveal carries over', async () => {
    const leaving = await makeUser(ctx, w.townshipA, ['township_discipline']);
    const taking = await makeUser(ctx, w.townshipA, ['township_discipline']);
    const open1 = await newReport(ctx, w.villageA1);
    const open2 = await newReport(ctx, w.villageA2);
    const done = await newReport(ctx, w.villageA1);
    await assignedTo(ctx, open1.id, leaving.id);
    await concludedBy(ctx, open2.id, actorOf(leaving), 'untrue');
    await concludedBy(ctx, done.id, actorOf(leaving), 'untrue');
    await reports.giveFeedback(db(), actorOf(leaving), done.id, { text: '经核查不属实。' });
    const leavingClient = await login(ctx.app, leaving.username);
    expect((await leavingClient.post(`/api/v1/reports/${open1.id}/reveal`, { reason: '联系举报人' })).statusCode).toBe(200);

    const same = await township.post('/api/v1/reports/handover', { fromUserId: leaving.id, toUserId: leaving.id, reason: '调岗' });
    expect(same.statusCode).toBe(400);
    expect(same.json().details[0].path).toBe('toUserId');
    const elsewhere = await makeUser(ctx, w.townshipB, ['township_discipline']);
    expect((await township.post('/api/v1/reports/handover', { fromUserId: leaving.id, toUserId: elsewhere.id, reason: '调岗' })).statusCode).toBe(404);
    const otherUnit = await inspector.post('/api/v1/reports/handover', { fromUserId: leaving.id, toUserId: elsewhere.id, reason: '调岗' });
    expect(otherUnit.statusCode).toBe(400);
    expect(otherUnit.json().details[0].path).toBe('toUserId');
    const wrongRole = await makeUser(ctx, w.townshipA, ['township_staff']);
    expect((await township.post('/api/v1/reports/handover', { fromUserId: leaving.id, toUserId: wrongRole.id, reason: '调岗' })).json().details[0].path).toBe('toUserId');

    const res = await township.post('/api/v1/reports/handover', { fromUserId: leaving.id, toUserId: taking.id, reason: '原承办人调离' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ moved: 2 });
    for (const r of [open1, open2]) {
      const d = await reports.getReportById(db(), systemActor(), r.id);
      expect(d.assignedTo).toBe(taking.id);
      expect(d.events.filter((e) => e.kind === 'handover').map((e) => e.note)).toEqual([`由${leaving.displayName}交接给${taking.displayName}：原承办人调离`]);
    }
    expect((await reports.getReportById(db(), systemActor(), done.id)).assignedTo).toBe(leaving.id);
    expect((await leavingClient.post(`/api/v1/reports/${open1.id}/reveal`, { reason: '再联系' })).statusCode).toBe(403);
    const takingClient = await login(ctx.app, taking.username);
    const d = (await takingClient.get(`/api/v1/reports/${open1.id}`)).json();
    expect(d.can.reveal).toBe(true);
    expect(d.events.filter((e: { kind: string }) => e.kind === 'reveal')).toHaveLength(1);
    expect((await takingClient.post(`/api/v1/reports/${open1.id}/reveal`, { reason: '接办后联系举报人' })).statusCode).toBe(200);
    const [n] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from report_reveals where report_id = ${open1.id}`);
    expect(n!.n).toBe(2);
  });

  it('refuses a handover to a colleague who must stay away from one of the reports', async () => {
    const leaving = await makeUser(ctx, w.townshipA, ['township_discipline']);
    const relative = await staff(w.townshipA, '陈某某');
    const { id } = await newReport(ctx, w.villageA1, { subjectName: '陈某某' });
    await assignedTo(ctx, id, leaving.id);
    const res = await township.post('/api/v1/reports/handover', { fromUserId: leaving.id, toUserId: relative.id, reason: '调岗' });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain((await reports.getReportById(db(), systemActor(), id)).number);
    expect((await reports.getReportById(db(), systemActor(), id)).assignedTo).toBe(leaving.id);
  });
});
