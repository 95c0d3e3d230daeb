import { and, asc, eq, like } from 'drizzle-orm';
import { alerts } from '@mpw/db';
import type { TRole } from '@mpw/contracts';
import type { AppDeps } from '../../types.js';
import { systemActor, type Actor } from '../../lib/actor.js';
import { addCalendarDays } from '../../lib/calendar/index.js';
import { chinaDate } from '../../lib/time.js';
import { createFinding, createPlan, movePlan } from '../inspections/inspections.service.js';
import { acceptItem, answerItem, issueNotice, sweepOverdueRectification } from '../rectification/rectification.service.js';

interface DemoAccount {
  id: string;
  username: string;
  regionCode: string | null;
  roles: TRole[];
}

const actorOf = (a: DemoAccount): Actor => ({ kind: 'user', userId: a.id, username: a.username, roles: a.roles, regionCode: a.regionCode, requestId: null });

const BAIKENG = '330299101201';
const XIAOJIA = '330299101202';
const ZHUFAN = '330299102201';

/**
 * Inspections and rectification of the demo district (演示数据), through the same services as the console:
 * - 区纪委监委's 第四季度村级财务专项检查 (active) of 白坑村, 小家村 and 竹畈村, with three findings —
 *   one taken from an alert of 白坑村 when the demo has one;
 * - 凤岭镇纪委's 整改通知书 to 白坑村 with three items: one answered and waiting for acceptance,
 *   one closed on time (销号), one overdue (escalated to 凤岭镇 and raising RECTIFICATION_OVERDUE);
 * - 凤岭镇's monthly self-check (月度自查) of its villages, still a draft.
 * Call after the alert sweep, so a finding can come from an alert.
 */
export async function seedDemoRectification(deps: AppDeps, accounts: DemoAccount[]): Promise<void> {
  const byName = (username: string) => {
    const a = accounts.find((x) => x.username === username);
    if (!a) throw new Error(`demo account ${username} is missing`);
    return a;
  };
  const inspector = byName('inspector');
  const fengling = byName('fl.jiwei');
  const secretary = byName('bk.secretary');
  const db = deps.db;
  const today = chinaDate();
  const year = today.slice(0, 4);

  const plan = await createPlan(db, actorOf(inspector), {
    title: `${year}年第四季度村级财务专项检查（演示）`,
    kind: 'special',
    startsOn: addCalendarDays(today, -20),
    endsOn: addCalendarDays(today, 40),
    scopeRegionCodes: [BAIKENG, XIAOJIA, ZHUFAN],
    focusAreas: ['village_finance', 'works', 'decisions'],
    methods: ['documents', 'field_visit', 'four_nots'],
    teamUserIds: [inspector.id, fengling.id],
  });
  await movePlan(db, actorOf(inspector), plan.id, 'active');

  const [alert] = await db.select({ id: alerts.id }).from(alerts).where(and(like(alerts.regionCode, `${BAIKENG}%`), eq(alerts.status, 'open'))).orderBy(asc(alerts.firstRaisedAt), asc(alerts.id)).limit(1);
  const fromAlert = alert
    ? await createFinding(db, actorOf(inspector), { regionCode: BAIKENG, focusArea: 'decisions', description: '预警反映的问题经实地核查属实：相关事项未按“四议两公开”程序办理。（演示数据）', sourceType: 'alert', sourceId: alert.id, attachmentIds: [] })
    : await createFinding(db, actorOf(inspector), { planId: plan.id, regionCode: BAIKENG, focusArea: 'decisions', checklistKey: 'dc2', description: '村民代表会议记录系事后补记，签到表笔迹雷同。（演示数据）', sourceType: 'direct', attachmentIds: [] });
  const voucher = await createFinding(db, actorOf(inspector), {
    planId: plan.id, regionCode: BAIKENG, focusArea: 'village_finance', checklistKey: 'vf3', description: '3笔办公用品报销凭证缺少经手人签字。（演示数据）', sourceType: 'direct', attachmentIds: [],
  });
  await createFinding(db, actorOf(inspector), {
    planId: plan.id, regionCode: ZHUFAN, focusArea: 'works', checklistKey: 'wk2', description: '村道修缮工程疑似拆分为两个合同，规避比选。（演示数据）', sourceType: 'direct', attachmentIds: [],
  });

  // 凤岭镇纪委 issued the notice a month ago; one item's deadline has passed.
  const notice = await issueNotice(db, actorOf(fengling), {
    regionCode: BAIKENG,
    title: '关于白坑村专项检查发现问题的整改通知（演示）',
    requirement: '请村“两委”高度重视，逐项制定整改措施，明确责任人和完成时限，按期书面回复整改情况并附佐证材料。',
    issuedOn: addCalendarDays(today, -30),
    deadline: addCalendarDays(today, 15),
    responsibleName: '张书记',
    responsibleUserId: secretary.id,
    items: [
      { problem: fromAlert.description, requirement: '重新履行民主决策程序，会议记录当场形成并公示。', sourceType: 'finding', sourceId: fromAlert.id },
      { problem: voucher.description, requirement: '补齐签字，完善报销审核流程。', sourceType: 'finding', sourceId: voucher.id, deadline: addCalendarDays(today, 10) },
      { problem: '三季度村务财务公开栏未按期更新。（演示数据）', requirement: '立即补公开，此后每月10日前更新。', deadline: addCalendarDays(today, -5), sourceType: 'direct' },
    ],
  });
  const [answered, closed] = notice.items;
  await answerItem(db, actorOf(secretary), answered!.id, { measures: '已于本月重新召开村民代表会议表决，会议记录和表决结果已在公开栏公示7天。（演示数据）', attachmentIds: [] });
  await answerItem(db, actorOf(secretary), closed!.id, { measures: '已补齐经手人签字，报销审核增加监委会签字环节。（演示数据）', attachmentIds: [] });
  await acceptItem(db, actorOf(fengling), closed!.id, { note: '经查阅凭证，已整改到位。' });
  await sweepOverdueRectification(db, systemActor(), today);

  await createPlan(db, actorOf(fengling), {
    title: `凤岭镇${Number(today.slice(5, 7))}月村级“小微权力”自查（演示）`,
    kind: 'self_check',
    startsOn: addCalendarDays(today, 1),
    endsOn: addCalendarDays(today, 25),
    scopeRegionCodes: [BAIKENG, XIAOJIA],
    focusAreas: ['disclosure', 'benefit_policies'],
    methods: ['documents', 'interview'],
    teamUserIds: [fengling.id],
  });
}
