import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { wilsonInterval, type TAlert, type TAlertEvidence, type TAlertPrecision, type TAlertHeat } from '@mpw/contracts';
import { systemActor, type Actor } from '../../lib/actor.js';
import { audited } from '../audit/audit.log.js';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { updateSetting } from '../settings/settings.service.js';
import { assignDefaultHandlers, escalateOverdueAlerts, raiseAlert, type RaiseAlertInput } from './alerts.service.js';
import { exportAlertsCsv } from './alerts.export.js';
import { canHandleAlertOf, outcomeOf, refusalOf, severityAfterRaise } from './alerts.policy.js';
import { maskId, parseEvidence } from './alerts.evidence.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const db = () => ctx.platform.deps.db;
let n = 0;
const raise = (input: RaiseAlertInput) => audited(db(), systemActor(), (w) => raiseAlert(w, input));
const late = (village: string, over: Partial<RaiseAlertInput> = {}): RaiseAlertInput => {
  const subjectId = `${village}-2026-${String(++n).padStart(4, '0')}`;
  return { rule: 'LATE_RECORD', subjectType: 'decision', subjectId, regionCode: village, summary: '会议记录晚录入', evidence: `decisions:${subjectId}/proposal`, ...over };
};
const rowOf = async (id: string) =>
  (await queryRows<{ status: string; assigned_to: string | null; escalated_at: string | null; severity: string; handled_by: string | null; false_positive: boolean | null }>(
    db(),
    sql`select status, assigned_to, escalated_at::text, severity, handled_by, false_positive from alerts where id = ${id}`,
  ))[0]!;
const eventsOf = async (id: string) =>
  (await queryRows<{ action: string }>(db(), sql`select action from audit_events where entity_type = 'alert' and entity_id = ${id} order by seq`)).map((r) => r.action);
const inboxOf = async (userId: string) => queryRows<{ title: string; link: string | null; kind: string }>(db(), sql`select title, link, kind from notifications where user_id = ${userId} order by created_at`);
const exec = (q: ReturnType<typeof sql>) => audited(db(), systemActor(), (w) => w.tx.execute(q));

describe('handling rules (pure)', () => {
  it('allows each step only from the right status', () => {
    expect(refusalOf('confirm', 'open')).toBeNull();
    expect(refusalOf('dismiss', 'open')).toBeNull();
    expect(refusalOf('close', 'open')).toBe('只有已确认或已排除的预警可以办结');
    expect(refusalOf('close', 'confirmed')).toBeNull();
    expect(refusalOf('close', 'dismissed')).toBeNull();
    expect(refusalOf('confirm', 'confirmed')).toMatch(/待核查/);
    expect(refusalOf('reopen', 'open')).toMatch(/重新打开/);
    expect(refusalOf('reopen', 'closed')).toBeNull();
    expect(refusalOf('reopen', 'dismissed')).toBeNull();
    expect(refusalOf('assign', 'closed')).toMatch(/分派/);
  });

  it('keeps red until closed', () => {
    expect(severityAfterRaise({ severity: 'red', status: 'open' }, 'yellow')).toBe('red');
    expect(severityAfterRaise({ severity: 'red', status: 'confirmed' }, 'blue')).toBe('red');
    expect(severityAfterRaise({ severity: 'red', status: 'closed' }, 'yellow')).toBe('yellow');
    expect(severityAfterRaise({ severity: 'yellow', status: 'open' }, 'red')).toBe('red');
  });

  it('reads the outcome that precision counts', () => {
    expect(outcomeOf({ status: 'open', falsePositive: null, handledAt: null })).toBe('pending');
    expect(outcomeOf({ status: 'confirmed', falsePositive: null, handledAt: new Date() })).toBe('confirmed');
    expect(outcomeOf({ status: 'closed', falsePositive: null, handledAt: new Date() })).toBe('confirmed');
    expect(outcomeOf({ status: 'closed', falsePositive: true, handledAt: new Date() })).toBe('false_positive');
    expect(outcomeOf({ status: 'dismissed', falsePositive: false, handledAt: new Date() })).toBe('dismissed');
  });

  it('decides who may be given an alert', () => {
    const v = '330299101201';
    expect(canHandleAlertOf({ status: 'active', isMachine: false, regionCode: '330299101000', roles: ['township_discipline'] }, v)).toBe(true);
    expect(canHandleAlertOf({ status: 'active', isMachine: false, regionCode: '330299000000', roles: ['district_inspector'] }, v)).toBe(true);
    expect(canHandleAlertOf({ status: 'active', isMachine: false, regionCode: '330299102000', roles: ['township_discipline'] }, v)).toBe(false);
    expect(canHandleAlertOf({ status: 'disabled', isMachine: false, regionCode: '330299101000', roles: ['township_discipline'] }, v)).toBe(false);
    expect(canHandleAlertOf({ status: 'active', isMachine: false, regionCode: '330299101201', roles: ['village_supervisor'] }, v)).toBe(false);
  });

  it('computes the Wilson interval as by hand', () => {
    // p = 4/5, z = 1.96: centre (0.8 + 3.8416/10) / 1.76832, half 1.96·√(0.16/5 + 3.8416/100) / 1.76832.
    const ci = wilsonInterval(4, 5)!;
    expect(ci.low).toBeCloseTo(0.37553, 4);
    expect(ci.high).toBeCloseTo(0.96378, 4);
    expect(wilsonInterval(0, 10)!.low).toBe(0);
    expect(wilsonInterval(0, 10)!.high).toBeCloseTo(0.27753, 4);
    expect(wilsonInterval(10, 10)!.low).toBeCloseTo(0.72247, 4);
    expect(wilsonInterval(10, 10)!.high).toBeCloseTo(1, 10);
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('parses evidence keys and masks identity numbers', () => {
    expect(parseEvidence('payments:P-1; deaths:330299199001011234;decisions:D-1/proposal;')).toEqual([
      { dataset: 'payments', key: 'P-1', parts: ['P-1'] },
      { dataset: 'deaths', key: '330299199001011234', parts: ['330299199001011234'] },
      { dataset: 'decisions', key: 'D-1/proposal', parts: ['D-1', 'proposal'] },
    ]);
    expect(maskId('330299199001011234')).toBe('3302**********1234');
  });
});

describe('lifecycle through the API', () => {
  let w: World;
  let officerId: string;
  let officer: Client;
  let inspector: Client;
  let otherOfficer: Client;
  let supervisor: Client;

  beforeAll(async () => {
    w = await makeWorld(ctx);
    const o = await makeUser(ctx, w.townshipA, ['township_discipline']);
    officerId = o.id;
    officer = await login(ctx.app, o.username);
    inspector = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
    otherOfficer = await login(ctx.app, (await makeUser(ctx, w.townshipB, ['township_discipline'])).username);
    supervisor = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_supervisor'])).username);
  });

  it('assigns a new alert to the township officer, who confirms and closes it; every step is in the history', async () => {
    const { id } = await raise(late(w.villageA1));
    expect((await rowOf(id)).assigned_to).toBe(officerId);
    expect(await inboxOf(officerId)).toContainEqual({ title: '有一条预警分派给您核查', link: `/alerts/${id}`, kind: 'assigned' });
    const listed = (await officer.get('/api/v1/alerts?assigned=me')).json();
    expect(listed.data.map((a: TAlert) => a.id)).toContain(id);
    expect(listed.data.find((a: TAlert) => a.id === id)).toMatchObject({ assigneeName: expect.stringMatching(/^测试用户/), escalated: false, resolvedByData: false, outcome: 'pending' });

    const confirmed = await officer.post(`/api/v1/alerts/${id}/confirm`, { reason: '核实：会议记录确系事后补记' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', handlingReason: '核实：会议记录确系事后补记', falsePositive: null, outcome: 'confirmed', handledBy: officerId });

    // A rectification link must name a real notice (alerts.close-link.test.ts); this yellow alert closes on the note alone.
    const closed = await officer.post(`/api/v1/alerts/${id}/close`, { note: '已整改，记录规范' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closingNote: '已整改，记录规范', linkType: 'none', linkId: null, outcome: 'confirmed' });

    const history = (await supervisor.get(`/api/v1/alerts/${id}/history`)).json() as { action: string }[];
    expect(history.map((e) => e.action)).toEqual(['alert.alert.raise', 'alert.alert.assign', 'alert.alert.confirm', 'alert.alert.close']);

    // The export keeps the spec's columns; the status is the stored one.
    const csv = await exportAlertsCsv(db(), { regionCode: w.villageA1 });
    expect(csv.split('\r\n')[0]).toBe('rule,subject_type,subject_id,village_code,severity,status,summary,evidence');
    expect(csv).toContain(`,${w.villageA1},yellow,closed,会议记录晚录入,`);
  });

  it('dismisses with a reason and whether it is a false positive, and reopens', async () => {
    const { id } = await raise(late(w.villageA2));
    const noReason = await officer.post(`/api/v1/alerts/${id}/dismiss`, { falsePositive: true });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(noReason.json().details)).toContain('reason');
    const blank = await officer.post(`/api/v1/alerts/${id}/dismiss`, { reason: '   ', falsePositive: true });
    expect(blank.statusCode).toBe(400);
    const noFlag = await officer.post(`/api/v1/alerts/${id}/dismiss`, { reason: '数据录入错误' });
    expect(noFlag.statusCode).toBe(400);
    expect((await rowOf(id)).status).toBe('open');

    const dismissed = await officer.post(`/api/v1/alerts/${id}/dismiss`, { reason: '部门数据录入错误', falsePositive: true });
    expect(dismissed.json()).toMatchObject({ status: 'dismissed', falsePositive: true, outcome: 'false_positive' });
    const again = await officer.post(`/api/v1/alerts/${id}/confirm`, { reason: '再确认' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CONFLICT', message: '只有待核查的预警可以确认' });

    const reopened = await inspector.post(`/api/v1/alerts/${id}/reopen`, { reason: '复查发现确有问题' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'open', falsePositive: null, handlingReason: null, assignedTo: officerId, outcome: 'pending' });
    expect((await inspector.post(`/api/v1/alerts/${id}/reopen`, { reason: '再开' })).statusCode).toBe(409);
  });

  it('refuses: close an open alert, a village account, an account out of scope, a bad assignee', async () => {
    const { id } = await raise(late(w.villageA1));
    const closeOpen = await officer.post(`/api/v1/alerts/${id}/close`, { note: '办结' });
    expect(closeOpen.statusCode).toBe(409);
    expect(closeOpen.json().message).toBe('只有已确认或已排除的预警可以办结');
    expect((await officer.post(`/api/v1/alerts/${id}/close`, { note: '办结', linkType: 'case' })).statusCode).toBe(400);

    const village = await supervisor.post(`/api/v1/alerts/${id}/confirm`, { reason: '确认' });
    expect(village.statusCode).toBe(403);
    expect((await supervisor.post(`/api/v1/alerts/${id}/assign`, {})).statusCode).toBe(403);
    expect((await supervisor.get(`/api/v1/alerts/${id}`)).statusCode).toBe(200);

    const outside = await otherOfficer.post(`/api/v1/alerts/${id}/confirm`, { reason: '确认' });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().code).toBe('NOT_FOUND');

    const badUser = await makeUser(ctx, w.townshipB, ['township_discipline']);
    const bad = await inspector.post(`/api/v1/alerts/${id}/assign`, { userId: badUser.id });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('userId');
    const villageUser = await makeUser(ctx, w.villageA1, ['village_supervisor']);
    expect((await inspector.post(`/api/v1/alerts/${id}/assign`, { userId: villageUser.id })).statusCode).toBe(400);
    expect((await rowOf(id)).status).toBe('open');
  });

  it('assigns to a chosen handler, notifies them, and lists who may be chosen', async () => {
    const { id } = await raise(late(w.villageA1));
    const second = await makeUser(ctx, w.townshipA, ['township_discipline']);
    const inspectorUser = await makeUser(ctx, w.district, ['district_inspector']);
    const choices = (await officer.get(`/api/v1/alerts/${id}/assignees`)).json() as { id: string; isDefault: boolean }[];
    expect(choices.map((c) => c.id)).toEqual(expect.arrayContaining([officerId, second.id, inspectorUser.id]));
    expect(choices.find((c) => c.isDefault)!.id).toBe(officerId);

    const res = await officer.post(`/api/v1/alerts/${id}/assign`, { userId: inspectorUser.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ assignedTo: inspectorUser.id, status: 'open' });
    expect((await inboxOf(inspectorUser.id)).map((m) => m.link)).toEqual([`/alerts/${id}`]);
    // Back to the default handler.
    const back = await officer.post(`/api/v1/alerts/${id}/assign`);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().assignedTo).toBe(officerId);
    expect(await eventsOf(id)).toEqual(['alert.alert.raise', 'alert.alert.assign', 'alert.alert.assign', 'alert.alert.assign']);
  });
});

describe('default assignment (set-based)', () => {
  it('gives each open unassigned alert to the active discipline officer of its township, or leaves it', async () => {
    const w = await makeWorld(ctx);
    // Raised before anyone sits in the townships: unassigned.
    const a1 = await raise(late(w.villageA1));
    const a2 = await raise(late(w.villageA2));
    const b1 = await raise(late(w.villageB1));
    const done = await raise(late(w.villageA1));
    await exec(sql`update alerts set status = 'confirmed' where id = ${done.id}`);
    expect((await rowOf(a1.id)).assigned_to).toBeNull();

    const disabled = await makeUser(ctx, w.townshipA, ['township_discipline']);
    await exec(sql`update users set status = 'disabled' where id = ${disabled.id}`);
    await makeUser(ctx, w.townshipA, ['township_staff']);
    const officer = await makeUser(ctx, w.townshipA, ['township_discipline']);

    const count = await audited(db(), systemActor(), (tx) => assignDefaultHandlers(tx, [a1.id, a2.id, b1.id, done.id]));
    expect(count).toBe(2);
    expect((await rowOf(a1.id)).assigned_to).toBe(officer.id);
    expect((await rowOf(a2.id)).assigned_to).toBe(officer.id);
    expect((await rowOf(b1.id)).assigned_to).toBeNull();
    expect((await rowOf(done.id)).assigned_to).toBeNull();
    expect(await eventsOf(a1.id)).toEqual(['alert.alert.raise', 'alert.alert.assign']);
    expect(await inboxOf(officer.id)).toEqual([{ title: '有2条预警分派给您核查', link: '/alerts?assigned=me', kind: 'assigned' }]);
    // Running again changes nothing.
    expect(await audited(db(), systemActor(), (tx) => assignDefaultHandlers(tx, [a1.id, a2.id]))).toBe(0);
  });
});

describe('escalation', () => {
  it('escalates alerts open longer than the district setting, notifies the district inspectors, and lists them', async () => {
    const w = await makeWorld(ctx);
    const inspectorUser = await makeUser(ctx, w.district, ['district_inspector']);
    const open = await raise(late(w.villageA1));
    const handled = await raise(late(w.villageA1));
    await exec(sql`update alerts set status = 'confirmed' where id = ${handled.id}`);
    const day = 86_400_000;

    expect(await escalateOverdueAlerts(db(), systemActor(), new Date(Date.now() + 4 * day))).toBe(0);
    expect((await rowOf(open.id)).escalated_at).toBeNull();

    await escalateOverdueAlerts(db(), systemActor(), new Date(Date.now() + 6 * day));
    expect((await rowOf(open.id)).escalated_at).not.toBeNull();
    expect((await rowOf(handled.id)).escalated_at).toBeNull();
    expect(await eventsOf(open.id)).toContain('alert.alert.escalate');
    expect((await inboxOf(inspectorUser.id)).map((m) => m.title)).toEqual(['1条预警逾期未处置，已升级']);
    // Once only.
    await escalateOverdueAlerts(db(), systemActor(), new Date(Date.now() + 7 * day));
    expect((await eventsOf(open.id)).filter((a) => a === 'alert.alert.escalate')).toHaveLength(1);

    const inspector = await login(ctx.app, inspectorUser.username);
    const listed = (await inspector.get('/api/v1/alerts?escalated=true')).json();
    expect(listed.data.map((a: TAlert) => a.id)).toEqual([open.id]);
    expect(listed.data[0].escalated).toBe(true);
    expect((await inspector.get('/api/v1/alerts?escalated=false')).json().data.map((a: TAlert) => a.id)).toEqual([handled.id]);
    // First-raised date range (China dates).
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await inspector.get(`/api/v1/alerts?from=${today}&to=${today}`)).json().total).toBe(2);
    expect((await inspector.get('/api/v1/alerts?to=2020-01-01')).json().total).toBe(0);
    const bad = await inspector.get('/api/v1/alerts?from=2026-13-45');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('from');
  });

  it('follows the district setting', async () => {
    const w = await makeWorld(ctx);
    const admin: Actor = { kind: 'user', userId: null, username: 'admin', roles: ['district_admin'], regionCode: w.district, requestId: null };
    await updateSetting(db(), admin, 'alerts.escalationDays', { value: 10, effectiveFrom: '2020-01-01' });
    const a = await raise(late(w.villageB1));
    await escalateOverdueAlerts(db(), systemActor(), new Date(Date.now() + 6 * 86_400_000));
    expect((await rowOf(a.id)).escalated_at).toBeNull();
    await escalateOverdueAlerts(db(), systemActor(), new Date(Date.now() + 11 * 86_400_000));
    expect((await rowOf(a.id)).escalated_at).not.toBeNull();
  });
});

describe('precision and heat', () => {
  it('counts outcomes per rule, township and quarter, with the Wilson interval', async () => {
    const w = await makeWorld(ctx);
    const inspector = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
    const officer = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_discipline'])).username);
    const mk = async (village: string) => (await raise(late(village, { rule: 'DECISION_QUORUM' }))).id;
    const ids = await Promise.all(Array.from({ length: 8 }, () => mk(w.villageA1)));
    const [c1, c2, c3, c4, fp, dis, , ] = ids;
    for (const id of [c1, c2, c3, c4]) expect((await officer.post(`/api/v1/alerts/${id}/confirm`, { reason: '属实' })).statusCode).toBe(200);
    // A red confirmed alert is not closed without a rectification or case link: c4 stays confirmed (same outcome).
    expect((await officer.post(`/api/v1/alerts/${c4}/close`, { note: '已整改' })).statusCode).toBe(409);
    await officer.post(`/api/v1/alerts/${fp}/dismiss`, { reason: '规则误判', falsePositive: true });
    await officer.post(`/api/v1/alerts/${dis}/dismiss`, { reason: '已另案处理', falsePositive: false });
    const b = await mk(w.villageB1);
    await inspector.post(`/api/v1/alerts/${b}/dismiss`, { reason: '规则误判', falsePositive: true });
    // One alert of an earlier quarter.
    await exec(sql`update alerts set first_raised_at = '2025-11-15T04:00:00Z' where id = ${c1}`);

    const byRule = (await inspector.get(`/api/v1/alerts/precision?rule=DECISION_QUORUM&regionCode=${w.district}`)).json() as TAlertPrecision;
    expect(byRule.rows).toHaveLength(1);
    const ci = wilsonInterval(4, 6)!;
    expect(byRule.rows[0]).toEqual({
      rule: 'DECISION_QUORUM', townshipCode: null, townshipName: null, quarter: null,
      total: 9, confirmed: 4, falsePositive: 2, dismissed: 1, pending: 2, precision: 4 / 6, ciLow: ci.low, ciHigh: ci.high,
    });

    const byTownship = (await inspector.get(`/api/v1/alerts/precision?groupBy=township&rule=DECISION_QUORUM&regionCode=${w.district}`)).json() as TAlertPrecision;
    expect(byTownship.rows.map((r) => [r.townshipName, r.confirmed, r.falsePositive, r.precision])).toEqual([
      ['甲镇', 4, 1, 0.8],
      ['乙镇', 0, 1, 0],
    ]);
    expect(byTownship.rows[0]!.ciLow).toBeCloseTo(0.37553, 4);
    expect(byTownship.rows[0]!.ciHigh).toBeCloseTo(0.96378, 4);

    const byQuarter = (await inspector.get(`/api/v1/alerts/precision?groupBy=quarter&rule=DECISION_QUORUM&regionCode=${w.district}`)).json() as TAlertPrecision;
    expect(byQuarter.rows[0]).toMatchObject({ quarter: '2025Q4', total: 1, confirmed: 1 });
    expect(byQuarter.rows[1]).toMatchObject({ total: 8, confirmed: 3, falsePositive: 2 });

    // The township officer sees only its township.
    const own = (await officer.get('/api/v1/alerts/precision?groupBy=township_quarter&rule=DECISION_QUORUM')).json() as TAlertPrecision;
    expect(new Set(own.rows.map((r) => r.townshipCode))).toEqual(new Set([w.townshipA]));
    expect((await inspector.get('/api/v1/alerts/precision?groupBy=village')).statusCode).toBe(400);
  });

  it('counts open alerts per village and rule', async () => {
    const w = await makeWorld(ctx);
    const inspector = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
    await raise(late(w.villageA1));
    await raise(late(w.villageA1));
    await raise(late(w.villageA1, { rule: 'DECISION_ORDER' }));
    await raise(late(w.villageB1));
    const done = await raise(late(w.villageB1));
    await exec(sql`update alerts set status = 'closed' where id = ${done.id}`);

    const heat = (await inspector.get(`/api/v1/alerts/heat?regionCode=${w.district}`)).json() as TAlertHeat;
    expect(heat.rules).toEqual(['DECISION_ORDER', 'LATE_RECORD']);
    expect(heat.villages).toEqual([
      { villageCode: w.villageA1, villageName: '甲一村', counts: { DECISION_ORDER: 1, LATE_RECORD: 2 }, total: 3 },
      { villageCode: w.villageB1, villageName: '乙一村', counts: { LATE_RECORD: 1 }, total: 1 },
    ]);
    expect(heat).toMatchObject({ totals: { DECISION_ORDER: 1, LATE_RECORD: 3 }, total: 4 });
    const closed = (await inspector.get(`/api/v1/alerts/heat?regionCode=${w.district}&status=closed`)).json() as TAlertHeat;
    expect(closed.total).toBe(1);
    const red = (await inspector.get(`/api/v1/alerts/heat?regionCode=${w.townshipA}&severity=red`)).json() as TAlertHeat;
    expect(red.villages.map((v) => [v.villageCode, v.total])).toEqual([[w.villageA1, 1]]);
  });
});

describe('evidence', () => {
  it('shows the payment and the death record side by side; masked and restricted without dataset:record:read', async () => {
    const w = await makeWorld(ctx);
    const idNumber = '330299195001011234';
    const payNo = `PAY-${w.villageA1}-1`;
    await audited(db(), systemActor(), async (a) => {
      await a.tx.execute(sql`insert into subsidy_payments (payment_no, id_number, name, program, amount_fen, paid_date, region_code)
        values (${payNo}, ${idNumber}, '张三', '低保金', 123400, '2026-03-05', ${w.villageA1})`);
      await a.tx.execute(sql`insert into deaths (id_number, name, death_date, region_code) values (${idNumber}, '张三', '2026-01-10', ${w.district})`);
    });
    const { id } = await raise({
      rule: 'DECEASED_PAYMENT', subjectType: 'payment', subjectId: payNo, regionCode: w.villageA1, severity: 'red',
      summary: '张三已于2026-01-10死亡，2026-03-05仍发放低保金1234元', evidence: `payments:${payNo};deaths:${idNumber};contracts:NO-SUCH;matter:M-1`,
    });
    const inspector = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
    const res = await inspector.get(`/api/v1/alerts/${id}/evidence`);
    expect(res.statusCode, res.body).toBe(200);
    const ev = res.json() as TAlertEvidence;
    expect(ev.masked).toBe(false);
    expect(ev.items.map((i) => [i.dataset, i.label, i.missing, i.restricted])).toEqual([
      ['payments', '惠民惠农补贴发放', false, false],
      ['deaths', '死亡人员', false, false],
      ['contracts', '合同', true, false],
      ['matter', null, true, false],
    ]);
    const field = (i: number, name: string) => ev.items[i]!.fields.find((x) => x.name === name);
    expect(field(0, '发放日期')).toEqual({ name: '发放日期', value: '2026-03-05', highlight: true });
    expect(field(0, '金额')!.value).toBe('1,234.00 元');
    expect(field(0, '身份证号')!.value).toBe(idNumber);
    expect(field(1, '死亡日期')).toEqual({ name: '死亡日期', value: '2026-01-10', highlight: true });
    expect(field(1, '姓名')!.value).toBe('张三');

    const supervisor = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_supervisor'])).username);
    const limited = (await supervisor.get(`/api/v1/alerts/${id}/evidence`)).json() as TAlertEvidence;
    expect(limited.masked).toBe(true);
    expect(limited.items[1]).toMatchObject({ dataset: 'deaths', key: '3302**********1234', restricted: true, fields: [] });
    expect(JSON.stringify(limited)).not.toContain(idNumber);

    const away = await makeWorld(ctx);
    const stranger = await login(ctx.app, (await makeUser(ctx, away.district, ['district_inspector'])).username);
    expect((await stranger.get(`/api/v1/alerts/${id}/evidence`)).statusCode).toBe(404);
  });
});
