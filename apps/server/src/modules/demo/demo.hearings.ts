import type { TRole, TSatisfactionLevel } from '@mpw/contracts';
import type { AppDeps } from '../../types.js';
import { anonymousActor, systemActor, type Actor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { audited } from '../audit/audit.log.js';
import { periodLabel, previousQuarter } from '../disclosures/disclosures.policy.js';
import { askVillageQuestion, raterDigest, recordRatings } from '../hearings/hearings.public.service.js';
import { answerVillageQuestion, closeHearing, createHearing, startHearing, writeCadreReport } from '../hearings/hearings.service.js';
import { quarterOf } from '../hearings/hearings.policy.js';
import { demoRegistryFiles } from './demo.registry.js';

interface DemoAccount {
  id: string;
  username: string;
  regionCode: string | null;
  roles: TRole[];
}

const BAIKENG = '330299101201';
const actorOf = (a: DemoAccount): Actor => ({ kind: 'user', userId: a.id, username: a.username, roles: a.roles, regionCode: a.regionCode, requestId: null });

/** 白坑村's 党组织书记 and 报账员 as the department's cadre register (demo.registry.ts) names them. */
function registeredCadres(today: string): { secretary: string; accountant: string } {
  const csv = demoRegistryFiles(today).files.find(([d]) => d === 'cadres')![1];
  const names = new Map<string, string>();
  for (const line of csv.split(/\r?\n/).slice(1)) {
    const [, name, region, position] = line.split(',');
    if (region === BAIKENG && name && position) names.set(position, name);
  }
  return { secretary: names.get('党组织书记') ?? '张书记', accountant: names.get('报账员') ?? '刘会计' };
}

/** The China date-time `day` at `time`, as an instant. */
const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`).toISOString();
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** How 30 villagers rated each cadre of the closed session: [满意, 基本满意, 不满意]. */
const RATINGS: [number, number, number][] = [
  [22, 6, 2],
  [18, 9, 3],
  [11, 8, 11],
];
const COMMENTS: Record<number, string[]> = {
  2: ['村道修缮拖了半年还没完工，多次反映没有回音。', '办事要跑好几趟，希望态度再好一些。'],
  1: ['账目公开及时，希望明细再细一点。'],
};

/**
 * 村民问政 in 白坑村 (演示数据), through the same services as the console and the portal:
 * - last quarter's session, closed: three cadres with their 述职述廉 reports, 30 villagers' ratings
 *   (synthetic rater digests) and published results; the 村委会主任 has 11 of 30 不满意 (37%), which
 *   raises CADRE_DISSATISFACTION for 凤岭镇纪委;
 * - this quarter's session, upcoming in a week: two reports written, two questions sent in
 *   advance (one answered);
 * - one general question (我要提问), answered.
 * Call after the department data import (the cadres' names come from the demo cadre register).
 */
export async function seedDemoHearings(deps: AppDeps, accounts: DemoAccount[]): Promise<void> {
  const byName = (username: string) => {
    const a = accounts.find((x) => x.username === username);
    if (!a) throw new Error(`demo account ${username} is missing`);
    return a;
  };
  const secretary = actorOf(byName('bk.secretary'));
  const accountant = actorOf(byName('bk.accountant'));
  const db = deps.db;
  const today = chinaDate();
  const names = registeredCadres(today);
  const cadres = [
    { name: names.secretary, position: '村党组织书记', userId: secretary.userId! },
    { name: names.accountant, position: '报账员', userId: accountant.userId! },
    { name: '周立新', position: '村委会主任' },
  ];
  const ask = (content: string, hearingId?: string, cadreId?: string) =>
    askVillageQuestion(db, anonymousActor(), null, { villageCode: BAIKENG, content, anonymous: true, ...(hearingId ? { hearingId } : {}), ...(cadreId ? { cadreId } : {}) });

  // Last quarter's session: held, rated and closed.
  const past = previousQuarter(today);
  const pastMonthEnd = `${past.slice(0, 4)}-${String(Number(past.slice(6)) * 3).padStart(2, '0')}-25`;
  const closed = await createHearing(db, secretary, {
    regionCode: BAIKENG,
    title: `${periodLabel(past)}村民问政会`,
    quarter: past,
    scheduledAt: at(pastMonthEnd, '09:30'),
    place: '白坑村村委会会议室',
    description: '村“两委”干部述职述廉，现场回答村民提问，村民对干部进行民主评议。（演示数据）',
    cadres,
  });
  const [sec, acc, director] = closed.cadres;
  await writeCadreReport(db, secretary, closed.id, sec!.id, { report: '本季度主持村“两委”全面工作：落实“四议两公开”决策6项，完成村道修缮立项和招标；个人严格遵守廉洁自律规定，无违规收受礼金、无插手工程项目情况。（演示数据）' });
  await writeCadreReport(db, accountant, closed.id, acc!.id, { report: '本季度办理报账86笔，支出均有审批和村务监督委员会审核；按月公开财务收支，对村民提出的3项疑问已逐一答复。（演示数据）' });
  await writeCadreReport(db, secretary, closed.id, director!.id, { report: '本季度负责村道修缮和农田水利维修，村道工程因雨季延期，计划下季度完工；廉洁方面无违规情况。（演示数据）' });
  await startHearing(db, secretary, closed.id);
  const during = await ask('村道修缮工程为什么还没有完工？什么时候能通车？', closed.id, director!.id);
  await answerVillageQuestion(db, secretary, during.id, { answer: '受雨季影响工期顺延，施工方已承诺12月底前完工，届时在公开栏公布验收结果。' });
  await audited(db, systemActor(), async (w) => {
    for (let i = 0; i < 30; i++) {
      const ratings = closed.cadres.map((c, k) => {
        const [s, b] = RATINGS[k]!;
        const level: TSatisfactionLevel = i < s ? 'satisfied' : i < s + b ? 'basically_satisfied' : 'dissatisfied';
        const comment = level === 'satisfied' ? undefined : COMMENTS[k]?.[i % 3];
        return { cadreId: c.id, level, ...(comment ? { comment } : {}) };
      });
      // Synthetic raters: the demo has no verified villagers behind these ratings.
      await recordRatings(w, closed.id, raterDigest(deps.secrets, closed.id, `demo-rater-${i + 1}`), ratings);
    }
  });
  await closeHearing(db, secretary, closed.id);

  // This quarter's session, a week from now: questions may be sent in advance.
  const day = addDays(today, 7);
  const quarter = quarterOf(day);
  const upcoming = await createHearing(db, secretary, {
    regionCode: BAIKENG,
    title: `${periodLabel(quarter)}村民问政会`,
    quarter,
    scheduledAt: at(day, '14:30'),
    place: '白坑村文化礼堂',
    description: '欢迎村民提前在网上提问，会上由干部当面回答。（演示数据）',
    cadres,
  });
  await writeCadreReport(db, secretary, upcoming.id, upcoming.cadres[0]!.id, { report: '本季度组织完成村集体经济合作社年度审计整改，推进村道修缮收尾；个人无违规违纪情况。（演示数据）' });
  await writeCadreReport(db, accountant, upcoming.id, upcoming.cadres[1]!.id, { report: '本季度办理报账74笔，低保金和耕地地力补贴发放情况已核对公开。（演示数据）' });
  const early = await ask('今年村集体鱼塘承包费收了多少？用在了哪里？', upcoming.id, upcoming.cadres[1]!.id);
  await answerVillageQuestion(db, accountant, early.id, { answer: '鱼塘承包费3.2万元已于10月入账，用于村道修缮配套资金，明细见10月财务公开。' });
  await ask('村里老人食堂什么时候能开起来？', upcoming.id);

  // 我要提问: a general question, answered.
  const general = await ask('村卫生室的医生每周几坐诊？');
  await answerVillageQuestion(db, secretary, general.id, { answer: '村卫生室每周一、三、五上午坐诊，其他时间可拨打卫生室电话预约。' });
}
