import type { Db } from '@mpw/db';
import type { TDisclosureContent } from '@mpw/contracts';
import { findPublicEntries, getPublicSummary } from '../books/books.service.js';

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
