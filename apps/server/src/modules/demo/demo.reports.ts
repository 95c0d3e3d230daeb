import { eq } from 'drizzle-orm';
import { reports } from '@mpw/db';
import type { TRole } from '@mpw/contracts';
import type { AppDeps } from '../../types.js';
import { systemActor, anonymousActor, type Actor } from '../../lib/actor.js';
import { addCalendarDays } from '../../lib/calendar/index.js';
import { chinaDate } from '../../lib/time.js';
import { audited } from '../audit/audit.log.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { getSetting } from '../settings/settings.service.js';
import { createReport, type NewReportInput } from '../reports/reports.intake.js';
import { addReportEvent } from '../reports/reports.events.js';
import { REPORT_FEEDBACK_DAYS, REPORT_VERIFY_DAYS } from '../reports/reports.settings.js';

/** Passphrase of the demo reports (their receipt codes are random: the console shows the reports, the portal needs a new one). */
export const DEMO_REPORT_PASSPHRASE = 'Demo-report-2026';

interface DemoAccount {
  id: string;
  username: string;
  regionCode: string | null;
  roles: TRole[];
}

const actorOf = (a: DemoAccount): Actor => ({ kind: 'user', userId: a.id, username: a.username, roles: a.roles, regionCode: a.regionCode, requestId: null });

/** Accepts a demo report and assigns it to `handler` (the staff steps, recorded as they would be). */
async function acceptAndAssign(deps: AppDeps, handler: DemoAccount, id: string): Promise<void> {
  const actor = actorOf(handler);
  await audited(deps.db, actor, async (w) => {
    const [row] = await w.tx.select().from(reports).where(eq(reports.id, id));
    const today = chinaDate();
    const dueOn = (await getCalendar(w.tx, row!.regionCode)).addWorkingDays(today, await getSetting(w.tx, REPORT_VERIFY_DAYS, row!.regionCode));
    const now = new Date();
    await w.tx.update(reports).set({ status: 'assigned', acceptedAt: now, assignedTo: handler.id, dueOn, updatedAt: now, updatedBy: handler.id }).where(eq(reports.id, id));
    await addReportEvent(w, { reportId: id, regionCode: row!.regionCode, kind: 'accepted', level: 'township', fromStatus: 'received', toStatus: 'accepted', note: '线索具体，予以受理。' });
    await addReportEvent(w, { reportId: id, regionCode: row!.regionCode, kind: 'assigned', level: 'township', fromStatus: 'accepted', toStatus: 'assigned' });
    await w.record({ action: 'report.accept', entityType: 'report', entityId: id, regionCode: row!.handlingRegionCode, before: { status: 'received' }, after: { status: 'accepted' } });
    await w.record({ action: 'report.assign', entityType: 'report', entityId: id, regionCode: row!.handlingRegionCode, before: { status: 'accepted', assignedTo: null }, after: { status: 'assigned', assignedTo: handler.id, dueOn } });
  });
}

async function conclude(deps: AppDeps, handler: DemoAccount, id: string): Promise<void> {
  await audited(deps.db, actorOf(handler), async (w) => {
    const [row] = await w.tx.select().from(reports).where(eq(reports.id, id));
    const dueOn = (await getCalendar(w.tx, row!.regionCode)).addWorkingDays(chinaDate(), await getSetting(w.tx, REPORT_FEEDBACK_DAYS, row!.regionCode));
    const now = new Date();
    const note = '经查阅账目和走访农户，反映的补贴资金延迟发放属实，未发现截留；已责令村委会当月补发。';
    await w.tx.update(reports).set({ status: 'concluded', conclusion: 'partly_true', conclusionNote: note, concludedAt: now, dueOn, updatedAt: now, updatedBy: handler.id }).where(eq(reports.id, id));
    await addReportEvent(w, { reportId: id, regionCode: row!.regionCode, kind: 'note', level: 'township', fromStatus: 'assigned', toStatus: 'verifying', note: '调取2025年度惠农补贴发放台账，走访农户5户。' });
    await addReportEvent(w, { reportId: id, regionCode: row!.regionCode, kind: 'concluded', level: 'township', fromStatus: 'verifying', toStatus: 'concluded', note });
    await w.record({ action: 'report.conclude', entityType: 'report', entityId: id, regionCode: row!.handlingRegionCode, before: { status: 'assigned' }, after: { status: 'concluded', conclusion: 'partly_true', dueOn } });
  });
}

/**
 * Three reports for the demo district (演示数据): an anonymous one about a 白坑村 cadre waiting
 * for 凤岭镇纪委 to accept it (so no 白坑村 account ever sees it), a real-name one in 黄泥镇
 * accepted and assigned, and one concluded and waiting for feedback to the reporter.
 */
export async function seedDemoReports(deps: AppDeps, accounts: DemoAccount[]): Promise<void> {
  const byName = (username: string) => {
    const a = accounts.find((x) => x.username === username);
    if (!a) throw new Error(`demo account ${username} is missing`);
    return a;
  };
  const today = chinaDate();
  const create = (actor: Actor, input: NewReportInput) => audited(deps.db, actor, (w) => createReport(w, deps.secrets, input));

  await create(anonymousActor(null), {
    channel: 'portal',
    category: 'collective_assets',
    regionCode: '330299101201',
    subjectName: '张某某',
    subjectPosition: '村党支部书记',
    subjectKind: 'village_cadre',
    content: '村集体鱼塘去年重新发包，没有公开竞价，听说承包人是书记的亲戚，承包费比往年低了不少。（演示数据）',
    occurredWhen: '去年冬天',
    anonymous: true,
    receivedOn: addCalendarDays(today, -2),
    passphrase: DEMO_REPORT_PASSPHRASE,
  });

  const assigned = await create(systemActor(), {
    channel: 'phone',
    category: 'subsistence',
    regionCode: '330299102201',
    subjectName: '钱某',
    subjectPosition: '村民小组长',
    subjectKind: 'other',
    content: '组长把自己家已经在城里买房的儿子报进了低保名单。（演示数据）',
    anonymous: false,
    reporter: { name: '演示举报人甲', phone: '13800000001', wantsProtection: true },
    receivedOn: addCalendarDays(today, -9),
    passphrase: DEMO_REPORT_PASSPHRASE,
  });
  await acceptAndAssign(deps, byName('hn.jiwei'), assigned.id);

  const concluded = await create(systemActor(), {
    channel: 'letter',
    category: 'farm_subsidy',
    regionCode: '330299101202',
    subjectName: '孙某',
    subjectPosition: '村报账员',
    subjectKind: 'village_cadre',
    content: '2025年耕地地力保护补贴，我们组有几户到现在还没收到。（演示数据）',
    anonymous: false,
    reporter: { name: '演示举报人乙', phone: '13800000002', wantsProtection: false },
    receivedOn: addCalendarDays(today, -40),
  });
  await acceptAndAssign(deps, byName('fl.jiwei'), concluded.id);
  await conclude(deps, byName('fl.jiwei'), concluded.id);
}
