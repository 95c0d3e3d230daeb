import type { AppDeps } from '../../types.js';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { findItems } from '../power/power.service.js';
import { startMatter } from '../matters/matters.service.js';
import { approveEntry, createEntry, submitEntry } from '../books/books.service.js';
import { createAsset, createContract } from '../assets/assets.service.js';
import { createDisclosure, publishDisclosure } from '../disclosures/disclosures.service.js';

const VILLAGE = '330299101201';

/** Shifts a YYYY-MM-DD date by whole months, keeping the day within the month. */
function monthsBefore(date: string, months: number, day: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - months, day));
  return d.toISOString().slice(0, 10);
}

/**
 * A little life for the demo village 白坑村 (all marked demo by its region): books for this and
 * last month, an asset with its lease, a published finance statement and a 低保 application
 * in its public notice — so every page of the console and portal has something to show.
 */
export async function seedDemoVillage(deps: AppDeps): Promise<void> {
  const actor = systemActor();
  const { db } = deps;
  const today = chinaDate();
  const thisMonth = (day: number) => `${today.slice(0, 8)}${String(Math.min(day, Number(today.slice(8, 10)))).padStart(2, '0')}`;
  const entries = [
    { entryDate: monthsBefore(today, 1, 5), direction: 'income' as const, amountFen: 3_600_000, accountCode: '511', counterpartyName: '清溪绿源农业专业合作社', description: '鱼塘承包费（全年）' },
    { entryDate: monthsBefore(today, 1, 12), direction: 'expense' as const, amountFen: 186_000, accountCode: '541', counterpartyName: '清溪区办公用品商店', description: '村委会办公用品' },
    { entryDate: thisMonth(2), direction: 'income' as const, amountFen: 1_200_000, accountCode: '521', counterpartyName: '清溪区农业农村局', description: '美丽乡村建设补助' },
    { entryDate: thisMonth(3), direction: 'expense' as const, amountFen: 245_000, accountCode: '541', counterpartyName: '凤岭镇电力服务站', description: '村部电费' },
    { entryDate: thisMonth(4), direction: 'expense' as const, amountFen: 880_000, accountCode: '551', counterpartyName: '白坑村保洁队', description: '村庄环境保洁劳务费' },
  ];
  for (const e of entries) {
    const created = await createEntry(db, actor, { regionCode: VILLAGE, ...e });
    await submitEntry(db, actor, created.id);
    await approveEntry(db, actor, created.id);
  }

  const pond = await createAsset(db, actor, { regionCode: VILLAGE, assetNo: 'ZC-001', kind: 'resource', name: '村集体鱼塘', location: '白坑村三组', quantity: '12', unit: '亩', valueFen: 20_000_000, status: 'idle' });
  await createContract(db, actor, {
    regionCode: VILLAGE,
    contractNo: `${VILLAGE}-HT-DEMO-0001`,
    contractType: '资产租赁',
    title: '村集体鱼塘承包合同',
    counterpartyName: '清溪绿源农业专业合作社',
    amountFen: 3_600_000,
    signedDate: monthsBefore(today, 1, 3),
    startDate: monthsBefore(today, 1, 3),
    endDate: monthsBefore(today, -11, 2),
    procurementMethod: '公开竞价',
    status: 'active',
    assetId: pond.id,
  });

  const last = monthsBefore(today, 1, 1).slice(0, 7);
  const statement = await createDisclosure(db, actor, {
    regionCode: VILLAGE,
    kind: 'finance_monthly',
    title: `${last.slice(0, 4)}年${Number(last.slice(5))}月财务收支公开`,
    period: last,
    content: {
      summary: '本月收入3.6万元（鱼塘承包费），支出0.19万元（办公用品）。',
      sections: [{ heading: '收支明细', table: { columns: ['日期', '项目', '收入(元)', '支出(元)'], rows: [[entries[0]!.entryDate, '鱼塘承包费', '36000.00', ''], [entries[1]!.entryDate, '办公用品', '', '1860.00']] } }],
      totals: { incomeFen: 3_600_000, expenseFen: 186_000 },
    },
  });
  await publishDisclosure(db, actor, statement.id);

  const items = (await findItems(db, actor, { current: 1, pageSize: 200, applicableTo: VILLAGE })).data;
  const dibao = items.find((i) => i.content.name.includes('低保'));
  if (dibao) {
    await startMatter(db, actor, deps.secrets, { itemId: dibao.id, regionCode: VILLAGE, title: '王某某家庭低保申请', applicantName: '王小明', note: '因病致贫，家庭收入低于当地低保标准', isPublic: true });
  }
}
