import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { audited } from '../audit/audit.log.js';
import { raiseAlert } from '../alerts/alerts.service.js';
import { storeAttachment } from '../attachments/attachments.service.js';
import { tinyPng } from '../attachments/attachments.test-support.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { actorOf, newReport, REPORTER } from './reports.staff.test-support.js';

let ctx: TestContext;
let w: World;
let township: Client;
let district: Client;
let handler: Client;
let handlerUser: Awaited<ReturnType<typeof makeUser>>;
let townshipUser: Awaited<ReturnType<typeof makeUser>>;

const db = () => ctx.platform.deps.db;
const workingDaysFromToday = async (n: number) => (await getCalendar(db(), w.townshipA)).addWorkingDays(chinaDate(), n);

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  townshipUser = await makeUser(ctx, w.townshipA, ['township_discipline']);
  township = await login(ctx.app, townshipUser.username);
  handlerUser = await makeUser(ctx, w.townshipA, ['township_discipline']);
  handler = await login(ctx.app, handlerUser.username);
  district = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
});
afterAll(() => ctx.close());

describe('a report from intake to archive', () => {
  it('is taken in, accepted, assigned, verified, concluded, fed back and archived, keeping its whole history', async () => {
    const intake = await township.post('/api/v1/reports', {
      category: 'subsistence', regionCode: w.villageA1, subjectName: '张某', subjectPosition: '村会计', subjectKind: 'other',
      content: '张某把亲戚报成低保户。', anonymous: false, reporter: REPORTER, channel: 'phone', passphrase: 'follow-up-2026',
    });
    expect(intake.statusCode, intake.body).toBe(201);
    expect(intake.headers['cache-control']).toBe('no-store');
    const receipt = intake.json();
    expect(receipt.receiptCode).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    const id = receipt.id as string;

    let d = (await township.get(`/api/v1/reports/${id}`)).json();
    expect(d).toMatchObject({ status: 'received', handlingLevel: 'township', handlingRegionCode: w.townshipA, hasReporterIdentity: true, assignedTo: null });
    expect(JSON.stringify(d)).not.toContain(REPORTER.phone);
    expect(d.can).toMatchObject({ accept: true, assign: false, note: false, reveal: false });

    const accepted = await township.post(`/api/v1/reports/${id}/accept`, { note: '属于受理范围' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', dueOn: await workingDaysFromToday(5) });
    expect((await township.post(`/api/v1/reports/${id}/accept`, {})).statusCode).toBe(409);

    const assignees = (await township.get(`/api/v1/reports/${id}/assignees`)).json() as { userId: string; conflict: string | null }[];
    expect(assignees.map((a) => a.userId).sort()).toEqual([townshipUser.id, handlerUser.id].sort());
    expect(assignees.every((a) => a.conflict === null)).toBe(true);
    // Notes are the assigned handler's: nobody is assigned yet.
    expect((await handler.post(`/api/v1/reports/${id}/notes`, { note: '开始核查' })).statusCode).toBe(403);

    const assigned = await township.post(`/api/v1/reports/${id}/assign`, { userId: handlerUser.id, note: '请尽快核实' });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ status: 'assigned', assignedTo: handlerUser.id, dueOn: await workingDaysFromToday(30) });
    const [inbox] = await queryRows<{ title: string; body: string }>(db(), sql`select title, body from notifications where user_id = ${handlerUser.id} and entity_id = ${id}`);
    expect(inbox!.title).toContain(receipt.number);
    expect(`${inbox!.title}${inbox!.body}`).not.toContain('张某');

    // Only the handler writes notes; a file must already belong to the report.
    expect((await township.post(`/api/v1/reports/${id}/notes`, { note: '走访' })).statusCode).toBe(403);
    const file = await storeAttachment(db(), actorOf(handlerUser), { regionCode: w.townshipA, entityType: 'report', entityId: id, fileName: '走访记录.png', data: tinyPng() });
    const wrongFile = await handler.post(`/api/v1/reports/${id}/notes`, { note: '走访', attachmentIds: [file.id, '5f0c6a52-0000-4000-8000-000000000000'] });
    expect(wrongFile.statusCode).toBe(400);
    expect(wrongFile.json().details[0].path).toBe('attachmentIds.1');
    const noted = await handler.post(`/api/v1/reports/${id}/notes`, { note: '走访村民三户，核对低保名册。', attachmentIds: [file.id] });
    expect(noted.statusCode, noted.body).toBe(200);
    d = noted.json();
    expect(d.status).toBe('verifying');
    expect(d.attachments).toEqual([expect.objectContaining({ id: file.id, fromReporter: false })]);
    expect(d.can).toMatchObject({ note: true, conclude: true, reveal: true, ask: true });

    const asked = await handler.post(`/api/v1/reports/${id}/questions`, { body: '请问您反映的是哪一年的低保评定？' });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().messages).toEqual([expect.objectContaining({ direction: 'to_reporter', body: '请问您反映的是哪一年的低保评定？' })]);

    // Linking and rewards need a conclusion that it is true.
    expect((await handler.post(`/api/v1/reports/${id}/link`, { linkType: 'case', linkId: 'AJ-2026-001' })).statusCode).toBe(409);

    const concluded = await handler.post(`/api/v1/reports/${id}/conclude`, { conclusion: 'partly_true', note: '部分属实：一户不符合条件。' });
    expect(concluded.statusCode, concluded.body).toBe(200);
    expect(concluded.json()).toMatchObject({ status: 'concluded', conclusion: 'partly_true', conclusionNote: '部分属实：一户不符合条件。', dueOn: await workingDaysFromToday(15) });
    expect((await handler.post(`/api/v1/reports/${id}/notes`, { note: '补记' })).statusCode).toBe(409);
    expect((await township.post(`/api/v1/reports/${id}/archive`, {})).statusCode).toBe(409);

    const linked = await handler.post(`/api/v1/reports/${id}/link`, { linkType: 'rectification', linkId: 'ZG-2026-017' });
    expect(linked.json()).toMatchObject({ linkType: 'rectification', linkId: 'ZG-2026-017' });

    const fed = await handler.post(`/api/v1/reports/${id}/feedback`, { text: '经核查，反映的问题部分属实，已责令整改。' });
    expect(fed.statusCode, fed.body).toBe(200);
    expect(fed.json()).toMatchObject({ status: 'feedback_given', feedback: '经核查，反映的问题部分属实，已责令整改。', dueOn: null });
    // What the reporter reads is the same column.
    const [row] = await queryRows<{ feedback: string }>(db(), sql`select feedback from reports where id = ${id}`);
    expect(row!.feedback).toBe('经核查，反映的问题部分属实，已责令整改。');

    const archived = await township.post(`/api/v1/reports/${id}/archive`, {});
    expect(archived.statusCode, archived.body).toBe(200);
    d = archived.json();
    expect(d.status).toBe('archived');
    expect(d.archivedAt).not.toBeNull();
    expect(d.events.map((e: { kind: string }) => e.kind)).toEqual(['received', 'accepted', 'assigned', 'note', 'question', 'concluded', 'linked', 'feedback', 'archived']);
    expect(d.events.find((e: { kind: string }) => e.kind === 'note').note).toContain('走访记录.png');
    expect(d.events.find((e: { kind: string }) => e.kind === 'assigned').actorName).toBe(townshipUser.displayName);
    expect(d.can).toMatchObject({ accept: false, assign: false, transfer: false, note: false, conclude: false, feedback: false, archive: false, ask: false, reveal: false });

    // Every step is in the audit log, filed under the handling township.
    const audit = await queryRows<{ action: string; region_code: string }>(db(), sql`select action, region_code from audit_events where entity_type = 'report' and entity_id = ${id} order by seq`);
    expect(audit.map((a) => a.action)).toEqual([
      'report.receive', 'report.report.accept', 'report.report.assign', 'report.report.note', 'report.message.ask',
      'report.report.conclude', 'report.report.link', 'report.report.feedback', 'report.report.archive',
    ]);
    expect(audit.every((a) => a.region_code === w.townshipA)).toBe(true);
  });

  it('refuses a report with a reason, which the reporter reads, and then archives it', async () => {
    const { id } = await newReport(ctx, w.villageA1);
    const noReason = await township.post(`/api/v1/reports/${id}/not-accept`, { reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details[0].path).toBe('reason');
    const refused = await township.post(`/api/v1/reports/${id}/not-accept`, { reason: '不属于纪检监察机关受理范围，建议向法院起诉。' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ status: 'not_accepted', notAcceptedReason: '不属于纪检监察机关受理范围，建议向法院起诉。', dueOn: null });
    expect((await township.post(`/api/v1/reports/${id}/assign`, { userId: handlerUser.id })).statusCode).toBe(409);
    const archived = await township.post(`/api/v1/reports/${id}/archive`);
    expect(archived.json().events.map((e: { kind: string }) => e.kind)).toEqual(['received', 'not_accepted', 'archived']);
  });

  it('resolves the overdue alert of a report when it leaves the stage whose time limit passed', async () => {
    const { id, number } = await newReport(ctx, w.villageA1);
    await audited(db(), systemActor(), async (x) => {
      await x.tx.execute(sql`update reports set due_on = '2020-01-02' where id = ${id}`);
      await raiseAlert(x, { rule: 'REPORT_OVERDUE', subjectType: 'report', subjectId: id, regionCode: w.townshipA, summary: `举报件 ${number} 受理逾期`, evidence: `reports:${id}` });
    });
    expect((await township.get(`/api/v1/reports?overdue=true&pageSize=100`)).json().data.map((r: { id: string }) => r.id)).toContain(id);
    expect((await township.get(`/api/v1/reports/${id}`)).json().isOverdue).toBe(true);
    await township.post(`/api/v1/reports/${id}/accept`, {});
    const [alert] = await queryRows<{ resolved_by_data_at: unknown }>(db(), sql`select resolved_by_data_at from alerts where subject_type = 'report' and subject_id = ${id}`);
    expect(alert!.resolved_by_data_at).not.toBeNull();
    expect((await township.get(`/api/v1/reports?overdue=true&pageSize=100`)).json().data.map((r: { id: string }) => r.id)).not.toContain(id);
  });
});

describe('transfer between levels', () => {
  it('passes a report up to the district and down to a village level, with reasons, and resets the time limit', async () => {
    const { id } = await newReport(ctx, w.villageA1);
    const missing = await township.post(`/api/v1/reports/${id}/transfer`, { level: 'district' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().details[0].path).toBe('reason');
    const up = await township.post(`/api/v1/reports/${id}/transfer`, { level: 'district', reason: '涉及金额较大，报区纪委监委办理' });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ status: 'accepted', handlingLevel: 'district', handlingRegionCode: w.district, assignedTo: null, dueOn: await workingDaysFromToday(5) });
    // The district's inspectors are told it arrived (no content, no names).
    const told = await queryRows<{ title: string; region_code: string }>(db(), sql`select title, region_code from notifications where entity_id = ${id}`);
    expect(told).toEqual([expect.objectContaining({ title: `举报件 ${up.json().number} 转至区纪委监委办理`, region_code: w.district })]);
    // The township still sees it (not barred) but no longer assigns it.
    const seen = (await township.get(`/api/v1/reports/${id}`)).json();
    expect(seen.can.assign).toBe(false);
    expect((await township.post(`/api/v1/reports/${id}/assign`, { userId: handlerUser.id })).statusCode).toBe(403);

    const same = await district.post(`/api/v1/reports/${id}/transfer`, { level: 'district', reason: '再转' });
    expect(same.statusCode).toBe(409);
    const down = await district.post(`/api/v1/reports/${id}/transfer`, { level: 'village_discipline', reason: '情节简单，交村纪检委员核实' });
    expect(down.statusCode, down.body).toBe(200);
    const d = down.json();
    expect(d).toMatchObject({ handlingLevel: 'village_discipline', handlingRegionCode: w.villageA1, status: 'accepted' });
    const transfers = d.events.filter((e: { kind: string }) => e.kind === 'transferred');
    expect(transfers.map((e: { note: string; level: string }) => [e.level, e.note])).toEqual([
      ['district', '转交区纪委监委：涉及金额较大，报区纪委监委办理'],
      ['village_discipline', '转交村纪检委员：情节简单，交村纪检委员核实'],
    ]);
    // The township (above the village) assigns it to the village discipline member.
    const member = await makeUser(ctx, w.villageA1, ['village_discipline']);
    expect((await township.get(`/api/v1/reports/${id}/assignees`)).json().map((a: { userId: string }) => a.userId)).toEqual([member.id]);
    const wrongLevel = await township.post(`/api/v1/reports/${id}/assign`, { userId: handlerUser.id });
    expect(wrongLevel.statusCode).toBe(400);
    expect(wrongLevel.json().details[0].path).toBe('userId');
    expect((await township.post(`/api/v1/reports/${id}/assign`, { userId: member.id })).json().assignedTo).toBe(member.id);
    // The village member hands it back up: it leaves their sight.
    const memberClient = await login(ctx.app, member.username);
    const back = await memberClient.post(`/api/v1/reports/${id}/transfer`, { level: 'township', reason: '村级无法核实' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ handlingLevel: 'township', assignedTo: null });
    expect((await memberClient.get(`/api/v1/reports/${id}`)).statusCode).toBe(404);
  });

  it('never hands a report to the unit of the reported cadre or official', async () => {
    const cadre = await newReport(ctx, w.villageA1, { subjectKind: 'village_cadre', subjectPosition: '村党支部书记' });
    for (const level of ['village_discipline', 'village_supervision'] as const) {
      const res = await township.post(`/api/v1/reports/${cadre.id}/transfer`, { level, reason: '交村里核实' });
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toContain('本村干部');
    }
    const official = await newReport(ctx, w.villageA1, { subjectKind: 'township_official', subjectPosition: '副镇长' });
    const d = (await district.get(`/api/v1/reports/${official.id}`)).json();
    expect(d).toMatchObject({ handlingLevel: 'district', handlingRegionCode: w.district });
    for (const level of ['township', 'village_discipline'] as const) {
      const res = await district.post(`/api/v1/reports/${official.id}/transfer`, { level, reason: '交乡镇' });
      expect(res.statusCode).toBe(409);
    }
    const bad = await district.post(`/api/v1/reports/${official.id}/transfer`, { level: 'province', reason: '上报' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('level');
  });
});
