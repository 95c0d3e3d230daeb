import type { Db } from '@mpw/db';
import { ASSET_KIND_LABELS, ASSET_STATUS_LABELS, CONTRACT_STATUS_LABELS, type TDisclosureContent } from '@mpw/contracts';
import { chinaDate } from '../../lib/time.js';
import { isPersonCounterparty, maskPersonName } from '../assets/assets.policy.js';
import { findPublicEntries, getPublicSummary } from '../books/books.service.js';
import { maskIdNumbers } from './disclosures.policy.js';
import { activeBenefits, confirmedBenefitMatters, contractsInPeriod, decisionsFor, paymentsOf, villageAssets, type BenefitRow, type DecisionInfo } from './disclosures.sources.js';

const yuan = (fen: number) => (fen / 100).toFixed(2);
const wan = (fen: number) => `${(fen / 1_000_000).toFixed(2).replace(/\.?0+$/, '')}万元`;

/**
 * The monthly finance statement of a village drawn from its FINAL ledger entries, in the words
 * villagers read on the portal: totals, by category, and every entry of the month. Identity
 * numbers arrive masked from the books module's public view.
 */
export async function financeStatementFromBooks(db: Db, village: string, period: string): Promise<TDisclosureContent> {
  const summary = await getPublicSummary(db, { village, period });
  const entries = (await findPublicEntries(db, { village, period })).data;
  const [y, m] = period.split('-');
  const lines = (side: typeof summary.income) => side.categories.map((c) => [c.category, yuan(c.amountFen), yuan(c.lastMonthFen), yuan(c.sameMonthLastYearFen)]);
  return {
    summary:
      `${y}年${Number(m)}月，本村收入${wan(summary.income.totalFen)}，支出${wan(summary.expense.totalFen)}` +
      `（上月收入${wan(summary.income.lastMonthFen)}、支出${wan(summary.expense.lastMonthFen)}）。共${entries.length}笔，明细见下表。`,
    sections: [
      { heading: '收入（按来源）', table: { columns: ['来源', '本月(元)', '上月(元)', '去年同月(元)'], rows: lines(summary.income) } },
      { heading: '支出（按用途）', table: { columns: ['用途', '本月(元)', '上月(元)', '去年同月(元)'], rows: lines(summary.expense) } },
      {
        heading: '本月每一笔',
        table: {
          columns: ['日期', '收支', '类别', '金额(元)', '对方', '摘要'],
          rows: entries.map((e) => [e.entryDate, e.direction === 'income' ? '收入' : '支出', e.category, yuan(e.amountFen), e.counterpartyName ?? '', e.description ?? '']),
        },
      },
    ],
    totals: { incomeFen: summary.income.totalFen, expenseFen: summary.expense.totalFen },
  };
}

// ---- Items drawn from the registers: benefits, assets and contracts, works ----

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The days a period covers: a month, a quarter, or (no period) the single day `today`. */
export function periodRange(period: string | null, today: string): { from: string; to: string; label: string } {
  if (period && /^\d{4}-Q[1-4]$/.test(period)) {
    const y = Number(period.slice(0, 4));
    const q = Number(period.slice(6));
    return { from: `${y}-${pad(q * 3 - 2)}-01`, to: `${y}-${pad(q * 3)}-${pad(lastDay(y, q * 3))}`, label: `${y}年第${q}季度` };
  }
  if (period && /^\d{4}-\d{2}$/.test(period)) {
    const y = Number(period.slice(0, 4));
    const m = Number(period.slice(5, 7));
    return { from: `${period}-01`, to: `${period}-${pad(lastDay(y, m))}`, label: `${y}年${m}月` };
  }
  return { from: today, to: today, label: `截至${today}` };
}

/** Every string a generator writes passes through this: a stray identity number in a name field is masked. */
const safe = (text: string | null | undefined) => maskIdNumbers(text ?? '');

type Section = TDisclosureContent['sections'][number];

/** A table as sections of at most 500 rows (the content limit), the later ones headed “（续）”. */
function tableSections(heading: string, columns: string[], rows: string[][], text?: string): Section[] {
  if (rows.length === 0) return [{ heading, text: text ?? '本期无。' }];
  const out: Section[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    out.push({ heading: i === 0 ? heading : `${heading}（续）`, ...(i === 0 && text ? { text } : {}), table: { columns, rows: rows.slice(i, i + 500) } });
  }
  return out;
}

/**
 * Means-tested programs (data-exchange.md). The law (民发〔2021〕57号, 特困人员认定办法) has their
 * recipients' names, household size and amount posted in the village, and nothing more.
 */
const NAMED_PROGRAMS = ['低保', '特困供养', '临时救助'];
/** A disability allowance reveals a health condition: published as counts and sums only. */
const COUNT_ONLY_PROGRAMS = ['残疾人两项补贴'];

/**
 * 惠民资金与救助对象公开: the village's benefit entitlements active in the period (department
 * table benefit_recipients), and the 低保 applications the village completed on the platform in it.
 * Names as the law requires them (full for 低保/特困/临时救助, surname only for other programs, none
 * for disability allowances); identity numbers are never read.
 */
export async function benefitsFromRegisters(db: Db, village: string, period: string | null, today: string): Promise<TDisclosureContent> {
  const { from, to, label } = periodRange(period, today);
  const rows = await activeBenefits(db, village, from, to);
  const programs = [...new Set(rows.map((r) => r.program))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'zh'));
  const sections: Section[] = [];
  const overview: string[][] = [];
  for (const program of programs) {
    const list = rows.filter((r) => r.program === program);
    const persons = list.reduce((n, r) => n + (r.householdSize ?? 1), 0);
    const monthly = list.reduce((n, r) => n + (r.monthlyAmountFen ?? 0), 0);
    overview.push([program, String(list.length), String(persons), yuan(monthly)]);
    const term = (r: BenefitRow) => `${r.startDate} 至 ${r.endDate ?? '今'}`;
    if (COUNT_ONLY_PROGRAMS.includes(program)) {
      sections.push({ heading: `${program}`, text: `本期享受${program}共${list.length}人，每月合计${yuan(monthly)}元。为保护个人健康信息，不公开名单。` });
    } else if (NAMED_PROGRAMS.includes(program)) {
      sections.push(...tableSections(`${program}对象名单`, ['户主姓名', '保障人数', '月保障金额(元)', '保障期间'],
        list.map((r) => [safe(r.name), String(r.householdSize ?? ''), r.monthlyAmountFen === null ? '' : yuan(r.monthlyAmountFen), term(r)])));
    } else {
      sections.push(...tableSections(`${program}发放对象`, ['姓名', '月标准(元)', '享受期间'],
        list.map((r) => [maskPersonName(safe(r.name)), r.monthlyAmountFen === null ? '' : yuan(r.monthlyAmountFen), term(r)]), '姓名只显示姓氏。'));
    }
  }
  const confirmed = await confirmedBenefitMatters(db, village, from, to);
  if (confirmed.length) {
    sections.push(...tableSections('本期经审核确认的低保申请（平台办理记录）', ['申请人', '事项编号', '确认日期', '保障金额(元/月)'],
      confirmed.map((m) => [safe(m.applicantName ?? '（未填写）'), m.matterNo, m.completedAt ? chinaDate(m.completedAt) : '', m.amountFen === null ? '' : yuan(m.amountFen)])));
  }
  const households = rows.length;
  const persons = rows.reduce((n, r) => n + (r.householdSize ?? 1), 0);
  const monthly = rows.reduce((n, r) => n + (r.monthlyAmountFen ?? 0), 0);
  return {
    summary: households
      ? `${label}，本村享受救助保障和惠民补贴的共${households}户（人）次、${persons}人，每月保障金合计${yuan(monthly)}元。名单依法公开姓名、保障人数和金额，不公开身份证号、银行账号和健康信息。如有异议，可在本页提问或向乡镇反映。`
      : `${label}，本村没有在册的救助保障对象。`,
    sections: [{ heading: '按项目汇总', table: { columns: ['项目', '户（人）次', '保障人数', '每月合计(元)'], rows: overview } }, ...sections],
    totals: { households, persons, monthlyAmountFen: monthly },
  };
}

function rank(program: string): number {
  const i = [...NAMED_PROGRAMS, '残疾人两项补贴', '高龄津贴'].indexOf(program);
  return i < 0 ? 99 : i;
}

function decisionText(c: { decisionId: string | null; decisionNo: string | null }, found: Map<string, DecisionInfo>): string {
  if (!c.decisionNo && !c.decisionId) return '无';
  const d = (c.decisionId ? found.get(c.decisionId) : undefined) ?? (c.decisionNo ? found.get(`no:${c.decisionNo}`) : undefined);
  if (!d) return `${c.decisionNo ?? ''}（平台无此决策记录）`;
  return `${d.decisionNo} ${safe(d.title)}${d.resolvedOn ? `（${d.resolvedOn}决议）` : '（尚未形成决议）'}`;
}

const counterparty = (c: { counterpartyName: string; counterpartyId: string | null }) =>
  safe(isPersonCounterparty(c.counterpartyName, c.counterpartyId) ? maskPersonName(c.counterpartyName) : c.counterpartyName);
const termOf = (c: { startDate: string | null; endDate: string | null }) => (c.startDate || c.endDate ? `${c.startDate ?? ''} 至 ${c.endDate ?? ''}` : '');

/**
 * 集体资产资源与合同公开: the register (each asset with the contract that leases or sells it:
 * lessee, amount, term, procurement method, decision) and every contract in force or signed in the period.
 */
export async function assetsContractsFromRegisters(db: Db, village: string, period: string | null, today: string): Promise<TDisclosureContent> {
  const { from, to, label } = periodRange(period, today);
  const [assetRows, contractRows] = await Promise.all([villageAssets(db, village), contractsInPeriod(db, village, from, to)]);
  const found = await decisionsFor(db, village, contractRows);
  const payments = await paymentsOf(db, contractRows.map((c) => c.id), to);
  const paid = (id: string) => payments.filter((p) => p.contractId === id).reduce((n, p) => n + p.amountFen, 0);
  const disposal = (assetId: string) =>
    contractRows.filter((c) => c.assetId === assetId && ['资产租赁', '资产出售', '土地承包'].includes(c.contractType)).sort((a, b) => (a.status === 'active' ? -1 : 1) - (b.status === 'active' ? -1 : 1) || b.signedDate.localeCompare(a.signedDate))[0];
  const assetTable = assetRows.map((a) => {
    const c = disposal(a.id);
    return [
      a.assetNo, safe(a.name), ASSET_KIND_LABELS[a.kind], safe(a.location), a.quantity ? `${a.quantity}${a.unit ?? ''}` : '', a.valueFen === null ? '' : yuan(a.valueFen),
      ASSET_STATUS_LABELS[a.status], c ? counterparty(c) : '', c ? yuan(c.amountFen) : '', c ? termOf(c) : '', c?.procurementMethod ?? '', c ? decisionText(c, found) : '',
    ];
  });
  const contractTable = contractRows.map((c) => [
    c.contractNo, c.contractType, safe(c.title), counterparty(c), yuan(c.amountFen), c.signedDate, termOf(c), c.procurementMethod ?? '未填写', decisionText(c, found), CONTRACT_STATUS_LABELS[c.status], yuan(paid(c.id)),
  ]);
  const flagged = contractRows.filter((c) => c.flagged);
  const assetValue = assetRows.reduce((n, a) => n + (a.valueFen ?? 0), 0);
  const contractAmount = contractRows.reduce((n, c) => n + c.amountFen, 0);
  const signed = contractRows.filter((c) => c.signedDate >= from).length;
  const byStatus = (['leased', 'idle', 'self_used', 'sold'] as const).map((s) => `${ASSET_STATUS_LABELS[s]}${assetRows.filter((a) => a.status === s).length}项`).join('、');
  return {
    summary:
      `${label}，本村登记集体资产资源${assetRows.length}项（${byStatus}），登记价值${wan(assetValue)}；` +
      `本期在履行或新签的合同${contractRows.length}份（其中新签${signed}份），合同金额${wan(contractAmount)}。` +
      (flagged.length ? `有${flagged.length}份合同未按规定公开交易或资料有误，已标记并报乡镇核查。` : ''),
    sections: [
      ...tableSections('集体资产资源', ['编号', '名称', '类别', '坐落', '数量', '登记价值(元)', '状态', '承租/受让方', '合同金额(元)', '期限', '交易方式', '决策'], assetTable),
      ...tableSections('合同', ['合同编号', '类型', '名称', '对方', '金额(元)', '签订日期', '期限', '交易方式', '决策', '状态', '已付(元)'], contractTable),
      ...(flagged.length ? [{ heading: '标记的合同', text: flagged.map((c) => `${c.contractNo}“${safe(c.title)}”：${safe(c.flagReason)}`).join('\n') }] : []),
    ],
    totals: { assetCount: assetRows.length, assetValueFen: assetValue, contractCount: contractRows.length, contractAmountFen: contractAmount },
  };
}

/**
 * 村级工程项目公开: the village's works contracts (工程) in force or signed in the period, each with
 * its contractor, amount, procurement method, decision and progress of payment, and every payment.
 */
export async function worksFromRegisters(db: Db, village: string, period: string | null, today: string): Promise<TDisclosureContent> {
  const { from, to, label } = periodRange(period, today);
  const works = await contractsInPeriod(db, village, from, to, '工程');
  const found = await decisionsFor(db, village, works);
  const payments = await paymentsOf(db, works.map((c) => c.id), to);
  const paidOf = (id: string) => payments.filter((p) => p.contractId === id).reduce((n, p) => n + p.amountFen, 0);
  const inPeriod = (id: string) => payments.filter((p) => p.contractId === id && p.paidOn >= from).reduce((n, p) => n + p.amountFen, 0);
  const pct = (a: number, b: number) => (b > 0 ? `${Math.round((a * 1000) / b) / 10}%` : '');
  const projects = works.map((c) => [
    c.contractNo, safe(c.title), counterparty(c), yuan(c.amountFen), c.procurementMethod ?? '未填写', decisionText(c, found), termOf(c),
    yuan(paidOf(c.id)), yuan(inPeriod(c.id)), pct(paidOf(c.id), c.amountFen), CONTRACT_STATUS_LABELS[c.status],
  ]);
  const byNo = new Map(works.map((c) => [c.id, c.contractNo]));
  const paymentRows = payments.map((p) => [byNo.get(p.contractId) ?? '', p.paidOn, yuan(p.amountFen), safe(p.note)]);
  const amount = works.reduce((n, c) => n + c.amountFen, 0);
  const paid = payments.reduce((n, p) => n + p.amountFen, 0);
  const paidNow = payments.filter((p) => p.paidOn >= from).reduce((n, p) => n + p.amountFen, 0);
  const noDecision = works.filter((c) => decisionText(c, found) === '无' || !c.decisionNo);
  return {
    summary: works.length
      ? `${label}，本村村级工程${works.length}个（在建${works.filter((c) => c.status === 'active').length}个），合同金额合计${wan(amount)}，累计已付${wan(paid)}，其中本期支付${wan(paidNow)}。` +
        (noDecision.length ? `有${noDecision.length}个工程没有关联的村民（代表）会议决策。` : '')
      : `${label}，本村没有在建或新签的村级工程。`,
    sections: [
      ...tableSections('工程项目和进度', ['合同编号', '工程名称', '施工单位', '合同金额(元)', '交易方式', '决策', '工期', '累计已付(元)', '本期支付(元)', '付款进度', '状态'], projects),
      ...tableSections('付款明细', ['合同编号', '付款日期', '金额(元)', '说明'], paymentRows),
    ],
    totals: { projectCount: works.length, contractAmountFen: amount, paidFen: paid, paidInPeriodFen: paidNow },
  };
}
