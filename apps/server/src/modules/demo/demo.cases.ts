import { and, asc, eq, isNull } from 'drizzle-orm';
import { reports } from '@mpw/db';
import type { TRole } from '@mpw/contracts';
import type { AppDeps } from '../../types.js';
import type { Actor } from '../../lib/actor.js';
import * as cases from '../cases/cases.service.js';

interface DemoAccount {
  id: string;
  username: string;
  regionCode: string | null;
  roles: TRole[];
}

const actorOf = (a: DemoAccount): Actor => ({ kind: 'user', userId: a.id, username: a.username, roles: a.roles, regionCode: a.regionCode, requestId: null });

/**
 * Cases of the demo district (演示数据), entered through the same services as in the console:
 * - 凤岭镇 takes up the concluded report about 小家村's accountant: filed, investigated, reviewed,
 *   decided (党内警告 and a recovery of ¥28,600) and executed, with its 一案双查 accountability
 *   record of the village Party secretary, and a typical case approved and published by the district;
 * - 区纪委监委 verifies a clue about a 凤岭镇 deputy head (初核, invisible to 凤岭镇);
 * - 黄泥镇 proposes 容错纠错 for a village director, waiting for the district's approval.
 */
export async function seedDemoCases(deps: AppDeps, accounts: DemoAccount[]): Promise<void> {
  const byName = (username: string) => {
    const a = accounts.find((x) => x.username === username);
    if (!a) throw new Error(`demo account ${username} is missing`);
    return actorOf(a);
  };
  const db = deps.db;
  const fl = byName('fl.jiwei');
  const hn = byName('hn.jiwei');
  const inspector = byName('inspector');

  // The township case, from the demo report about 小家村's subsidies if it is there.
  const [report] = await db
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.regionCode, '330299101202'), eq(reports.status, 'concluded'), isNull(reports.deletedAt)))
    .orderBy(asc(reports.createdAt))
    .limit(1);
  let main = await cases.createCase(db, fl, {
    title: '小家村报账员挪用耕地地力保护补贴资金案（演示）',
    ...(report ? { sourceType: 'report' as const, sourceId: report.id } : { sourceType: 'direct' as const, regionCode: '330299101202' }),
    subjectName: '孙某',
    subjectPosition: '小家村报账员',
    summary: '群众来信反映2025年耕地地力保护补贴迟迟未发。经核查，报账员将2.86万元补贴资金借给他人周转，导致延迟发放三个月。（演示数据）',
  });
  main = await cases.fileCase(db, fl, main.id, { note: '初核认为涉嫌违反群众纪律，予以立案。' });
  main = await cases.startInvestigation(db, fl, main.id, { note: '成立调查组，调取补贴发放台账和银行流水。' });
  main = await cases.addNote(db, fl, main.id, { note: '与孙某谈话一次，其承认将补贴资金借给亲戚周转，资金已于调查期间归还。', attachmentIds: [] });
  main = await cases.sendToReview(db, fl, main.id, { note: '事实清楚，证据确凿，移送审理。' });
  main = await cases.decideCase(db, fl, main.id, {
    note: '给予孙某党内警告处分，追缴违规占用资金。',
    sanctions: [
      { category: 'party', measure: 'warning' },
      { category: 'recovery', measure: 'recovery', amountFen: 2_860_000, note: '耕地地力保护补贴资金' },
    ],
  });
  main = await cases.executeCase(db, fl, main.id, { note: '处分决定已在村党员大会宣布，资金已足额发放到户。' });
  await cases.addAccountability(db, fl, main.id, {
    subjectName: '郑某',
    subjectPosition: '小家村党支部书记',
    summary: '对村级补贴资金发放监督不力，未及时发现报账员挪用问题。（演示数据）',
  });
  const withTypical = await cases.draftTypical(db, fl, main.id, {
    title: '某村报账员挪用惠农补贴资金受到党内警告处分',
    summary: '某村报账员利用经手补贴资金的便利，将2.86万元耕地地力保护补贴借给他人周转，导致补贴延迟三个月发放。该报账员受到党内警告处分，违规占用资金全部追回并发放到户；村党支部书记因监督不力被问责。',
    lesson: '惠农补贴是群众的“保命钱”“救急钱”，经手人员必须专款专用、按时足额发放，村务监督委员会要盯紧每一笔资金。',
  });
  await cases.decideTypical(db, inspector, withTypical.typical!.id, { approve: true, note: '同意作为以案促改典型案例发布。' });
  await cases.publishTypical(db, inspector, withTypical.typical!.id);

  // A district case in preliminary verification: the township where it happened does not see it.
  await cases.createCase(db, inspector, {
    title: '凤岭镇副镇长插手村级工程项目问题线索（演示）',
    sourceType: 'direct',
    regionCode: '330299101000',
    subjectName: '吴某',
    subjectPosition: '凤岭镇副镇长',
    summary: '反映其要求村里将道路硬化工程交给指定施工队。（演示数据）',
  });

  // 容错纠错 proposed by 黄泥镇, waiting for the district.
  let tolerance = await cases.createCase(db, hn, {
    title: '竹畈村主任未经招标先行抢修水毁道路问题（演示）',
    sourceType: 'direct',
    regionCode: '330299102201',
    subjectName: '冯某',
    subjectPosition: '竹畈村村委会主任',
    summary: '汛期道路冲毁后，未经“四议两公开”程序先行组织抢修，支出4.2万元。（演示数据）',
  });
  tolerance = await cases.fileCase(db, hn, tolerance.id, {});
  tolerance = await cases.startInvestigation(db, hn, tolerance.id, {});
  await cases.proposeTolerance(db, hn, tolerance.id, {
    grounds: '为保障群众出行和汛期安全紧急抢修，事后及时补办程序并公开，支出经审计无虚报，本人未谋取私利，符合容错情形。',
  });
}
