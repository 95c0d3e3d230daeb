import { z } from 'zod';
import { isCalendarDate, zCalendarDate } from './calendar.js';
import { ZPageQuery } from './common.js';
import { ZRegionCode } from './regions.js';

/** 村级财务 (village books): the chart of accounts, entry flow, closings, portal summary. */

export const LEDGER_DIRECTIONS = ['income', 'expense'] as const;
export type TLedgerDirection = (typeof LEDGER_DIRECTIONS)[number];
export const LEDGER_DIRECTION_LABELS: Record<TLedgerDirection, string> = { income: '收入', expense: '支出' };

export const LEDGER_STATUSES = ['draft', 'pending_review', 'final', 'rejected'] as const;
export type TLedgerStatus = (typeof LEDGER_STATUSES)[number];
export const LEDGER_STATUS_LABELS: Record<TLedgerStatus, string> = { draft: '草稿', pending_review: '待审核', final: '已审核', rejected: '已退回' };

export const ACCOUNT_KINDS = ['asset', 'liability', 'equity', 'cost', 'income', 'expense'] as const;
export type TAccountKind = (typeof ACCOUNT_KINDS)[number];

export interface LedgerAccount {
  code: string;
  /** The name in 村集体经济组织会计制度. */
  name: string;
  /** What villagers read on the portal. */
  plainName: string;
  kind: TAccountKind;
  /** Which ledger entries may use it: money in, money out, or either (balance-sheet accounts). */
  direction: TLedgerDirection | 'both';
}

/**
 * 会计科目 of 村集体经济组织会计制度 (财会〔2023〕14号, first-level accounts). The income and
 * expense accounts (5xx) carry most entries; balance-sheet accounts are listed for entries such
 * as works in progress (在建工程) or special funds received. Data, not code: rendered by one component.
 */
export const CHART_OF_ACCOUNTS: readonly LedgerAccount[] = [
  { code: '101', name: '库存现金', plainName: '村里的现金', kind: 'asset', direction: 'both' },
  { code: '102', name: '银行存款', plainName: '村里的银行存款', kind: 'asset', direction: 'both' },
  { code: '111', name: '短期投资', plainName: '一年内的短期投资', kind: 'asset', direction: 'both' },
  { code: '112', name: '应收款', plainName: '别人欠村里的钱', kind: 'asset', direction: 'both' },
  { code: '113', name: '内部往来', plainName: '与村内单位和农户的往来款', kind: 'asset', direction: 'both' },
  { code: '121', name: '库存物资', plainName: '村里库存的物资', kind: 'asset', direction: 'both' },
  { code: '131', name: '消耗性生物资产', plainName: '待出售的农作物、牲畜等', kind: 'asset', direction: 'both' },
  { code: '132', name: '生产性生物资产', plainName: '果树、役畜等生产性生物资产', kind: 'asset', direction: 'both' },
  { code: '134', name: '公益性生物资产', plainName: '防护林、风景林等公益性生物资产', kind: 'asset', direction: 'both' },
  { code: '141', name: '长期投资', plainName: '村里对外的长期投资', kind: 'asset', direction: 'both' },
  { code: '151', name: '固定资产', plainName: '村里的房屋、设备等固定资产', kind: 'asset', direction: 'both' },
  { code: '153', name: '在建工程', plainName: '村里正在建设的工程', kind: 'asset', direction: 'both' },
  { code: '161', name: '无形资产', plainName: '土地经营权等无形资产', kind: 'asset', direction: 'both' },
  { code: '201', name: '短期借款', plainName: '一年内要还的借款', kind: 'liability', direction: 'both' },
  { code: '211', name: '应付款', plainName: '村里欠别人的钱', kind: 'liability', direction: 'both' },
  { code: '212', name: '应付工资', plainName: '应付给村干部和职工的工资', kind: 'liability', direction: 'both' },
  { code: '213', name: '应付劳务费', plainName: '应付的劳务费', kind: 'liability', direction: 'both' },
  { code: '214', name: '应交税费', plainName: '应交的税费', kind: 'liability', direction: 'both' },
  { code: '221', name: '长期借款及应付款', plainName: '长期借款和长期欠款', kind: 'liability', direction: 'both' },
  { code: '231', name: '一事一议资金', plainName: '一事一议筹资筹劳的钱', kind: 'liability', direction: 'both' },
  { code: '241', name: '专项应付款', plainName: '上级拨给村里专款专用的钱', kind: 'liability', direction: 'both' },
  { code: '301', name: '资本', plainName: '村集体的资本', kind: 'equity', direction: 'both' },
  { code: '311', name: '公积公益金', plainName: '公积公益金', kind: 'equity', direction: 'both' },
  { code: '321', name: '本年收益', plainName: '今年的收益', kind: 'equity', direction: 'both' },
  { code: '322', name: '收益分配', plainName: '收益分配', kind: 'equity', direction: 'both' },
  { code: '401', name: '生产（劳务）成本', plainName: '生产和劳务的成本', kind: 'cost', direction: 'expense' },
  { code: '501', name: '经营收入', plainName: '村集体经营挣的钱', kind: 'income', direction: 'income' },
  { code: '502', name: '经营支出', plainName: '村集体经营花的本钱', kind: 'expense', direction: 'expense' },
  { code: '503', name: '税金及附加', plainName: '交的税费', kind: 'expense', direction: 'expense' },
  { code: '511', name: '发包及上交收入', plainName: '土地、鱼塘等承包费和上交的钱', kind: 'income', direction: 'income' },
  { code: '521', name: '补助收入', plainName: '上级给村里的补助', kind: 'income', direction: 'income' },
  { code: '522', name: '其他收入', plainName: '村里的其他收入', kind: 'income', direction: 'income' },
  { code: '531', name: '投资收益', plainName: '村里投资分到的钱', kind: 'income', direction: 'income' },
  { code: '541', name: '管理费用', plainName: '村里日常办公开支', kind: 'expense', direction: 'expense' },
  { code: '542', name: '公益支出', plainName: '村里公益事业花的钱', kind: 'expense', direction: 'expense' },
  { code: '551', name: '其他支出', plainName: '村里的其他开支', kind: 'expense', direction: 'expense' },
  { code: '561', name: '所得税费用', plainName: '交的所得税', kind: 'expense', direction: 'expense' },
];

export const ACCOUNT_CODES = CHART_OF_ACCOUNTS.map((a) => a.code);

export function accountByCode(code: string | null | undefined): LedgerAccount | undefined {
  return code ? CHART_OF_ACCOUNTS.find((a) => a.code === code) : undefined;
}

/**
 * Free-text ledger.csv `category` values (as villages write them) → account code. Matching
 * ignores spaces and full-width forms; an account's own name always matches itself. A category
 * not listed keeps its text and no account.
 */
export const CATEGORY_ACCOUNT_MAP: Readonly<Record<string, string>> = {
  工程支出: '153',
  工程款: '153',
  基建支出: '153',
  在建工程: '153',
  管理费用: '541',
  办公费: '541',
  办公费用: '541',
  干部报酬: '541',
  误工补贴: '541',
  差旅费: '541',
  招待费: '541',
  经营收入: '501',
  经营支出: '502',
  发包收入: '511',
  承包费收入: '511',
  租金收入: '511',
  发包及上交收入: '511',
  补助收入: '521',
  上级补助: '521',
  财政补助: '521',
  转移支付: '521',
  其他收入: '522',
  利息收入: '522',
  投资收益: '531',
  分红收入: '531',
  公益支出: '542',
  公益事业支出: '542',
  五保户支出: '542',
  其他支出: '551',
  税费: '503',
  税金及附加: '503',
  专项资金: '241',
  一事一议: '231',
  一事一议资金: '231',
};

const normCategory = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** The account a free-text category maps to, or null (the category text is kept either way). */
export function accountForCategory(category: string): string | null {
  const c = normCategory(category);
  if (CATEGORY_ACCOUNT_MAP[c]) return CATEGORY_ACCOUNT_MAP[c]!;
  const byName = CHART_OF_ACCOUNTS.find((a) => a.name === c || a.code === c);
  return byName?.code ?? null;
}

/** The name villagers read for an entry: its account's plain name, else the category as written. */
export function plainCategoryOf(accountCode: string | null, category: string): string {
  return accountByCode(accountCode)?.plainName ?? category;
}

const ZIsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为YYYY-MM-DD' })
  .refine(isCalendarDate, { message: '不是有效的日期' });
export const ZPeriod = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '会计期间格式应为YYYY-MM' });

const ZAmountFen = z
  .number({ message: '金额必须是数字（单位：分）' })
  .int({ message: '金额以分为单位，必须是整数' })
  .positive({ message: '金额必须大于0' })
  .max(1e13, { message: '金额过大' });

export const ZCreateLedgerEntryRequest = z.object({
  /** The village; a village account may leave it out (its own village). */
  regionCode: ZRegionCode.optional(),
  entryDate: ZIsoDate,
  direction: z.enum(LEDGER_DIRECTIONS, { message: '收支方向应为 income 或 expense' }),
  amountFen: ZAmountFen,
  accountCode: z.enum(ACCOUNT_CODES as [string, ...string[]], { message: '未知的会计科目' }),
  /** The category as the village writes it; defaults to the account's name. */
  category: z.string().trim().min(1).max(50, { message: '科目说明不能超过50个字' }).optional(),
  counterpartyName: z.string().trim().min(1, { message: '请填写对方单位或个人' }).max(100, { message: '对方名称不能超过100个字' }),
  /** Identity number (GB 11643) or unified social credit code (GB 32100); checked by the server. */
  counterpartyId: z.string().trim().max(18).optional(),
  description: z.string().trim().min(1, { message: '请填写摘要' }).max(500, { message: '摘要不能超过500个字' }),
  decisionNo: z.string().trim().max(40).optional(),
  /** Why a large expense without a passed decision is recorded anyway (only where the district allows it). */
  flagReason: z.string().trim().min(1).max(500).optional(),
});
export type TCreateLedgerEntryRequest = z.infer<typeof ZCreateLedgerEntryRequest>;

export const ZRejectLedgerEntryRequest = z.object({ reason: z.string().trim().min(1, { message: '请填写退回原因' }).max(500) });
export type TRejectLedgerEntryRequest = z.infer<typeof ZRejectLedgerEntryRequest>;

export const ZApproveLedgerEntryRequest = z.object({ note: z.string().trim().max(500).optional() });

export const ZReverseLedgerEntryRequest = z.object({
  /** Date of the reversing entry (default: today, China time); must be in an open period. */
  entryDate: ZIsoDate.optional(),
  reason: z.string().trim().min(1, { message: '请填写冲销原因' }).max(500),
});
export type TReverseLedgerEntryRequest = z.infer<typeof ZReverseLedgerEntryRequest>;

export const ZLedgerEntry = z.object({
  id: z.string(),
  entryNo: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  entryDate: z.string(),
  period: z.string(),
  direction: z.enum(LEDGER_DIRECTIONS),
  amountFen: z.number().int(),
  accountCode: z.string().nullable(),
  accountName: z.string().nullable(),
  plainCategory: z.string(),
  category: z.string(),
  counterpartyName: z.string().nullable(),
  counterpartyId: z.string().nullable(),
  description: z.string().nullable(),
  decisionNo: z.string().nullable(),
  status: z.enum(LEDGER_STATUSES),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  reversesEntryId: z.string().nullable(),
  reversesEntryNo: z.string().nullable(),
  reversedByEntryId: z.string().nullable(),
  reversedByEntryNo: z.string().nullable(),
  flagged: z.boolean(),
  flagReason: z.string().nullable(),
  source: z.enum(['manual', 'import']),
  provenance: z.unknown().nullable(),
  extra: z.record(z.string(), z.string()).nullable(),
  vouchersCount: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TLedgerEntry = z.infer<typeof ZLedgerEntry>;

export const ZLedgerEntryListQuery = ZPageQuery.extend({
  period: ZPeriod.optional(),
  status: z.enum(LEDGER_STATUSES).optional(),
  direction: z.enum(LEDGER_DIRECTIONS).optional(),
  accountCode: z.string().max(10).optional(),
  q: z.string().trim().max(50).optional(),
  regionCode: ZRegionCode.optional(),
  /** Entry date (`entry_date`) on or after / on or before. */
  entryFrom: zCalendarDate('记账日期起').optional(),
  entryTo: zCalendarDate('记账日期止').optional(),
});
export type TLedgerEntryListQuery = z.infer<typeof ZLedgerEntryListQuery>;

export const ZAccountBalance = z.object({
  accountCode: z.string().nullable(),
  accountName: z.string(),
  plainName: z.string(),
  incomeFen: z.number().int(),
  expenseFen: z.number().int(),
  /** income − expense in the period. */
  netFen: z.number().int(),
});
export type TAccountBalance = z.infer<typeof ZAccountBalance>;

export const ZBalancesQuery = z.object({ regionCode: ZRegionCode.optional(), period: ZPeriod });
export const ZBalances = z.object({
  regionCode: z.string(),
  period: z.string(),
  closed: z.boolean(),
  incomeFen: z.number().int(),
  expenseFen: z.number().int(),
  accounts: z.array(ZAccountBalance),
});
export type TBalances = z.infer<typeof ZBalances>;

export const ZLedgerClosing = z.object({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  period: z.string(),
  isClosed: z.boolean(),
  closedAt: z.string(),
  closedBy: z.string().nullable(),
  reopenedAt: z.string().nullable(),
  incomeFen: z.number().int(),
  expenseFen: z.number().int(),
  balances: z.array(ZAccountBalance),
});
export type TLedgerClosing = z.infer<typeof ZLedgerClosing>;

export const ZClosingListQuery = ZPageQuery.extend({ regionCode: ZRegionCode.optional(), period: ZPeriod.optional() });
export const ZClosePeriodRequest = z.object({ regionCode: ZRegionCode.optional(), period: ZPeriod });
export type TClosePeriodRequest = z.infer<typeof ZClosePeriodRequest>;
export const ZReopenPeriodRequest = z.object({ regionCode: ZRegionCode, period: ZPeriod, reason: z.string().trim().min(1, { message: '请填写反结账原因' }).max(500) });
export type TReopenPeriodRequest = z.infer<typeof ZReopenPeriodRequest>;

export const ZLedgerImportReport = z.object({
  read: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});
export type TLedgerImportReport = z.infer<typeof ZLedgerImportReport>;

export const ZLedgerExportQuery = z.object({ regionCode: ZRegionCode.optional() });

/** Portal: a village's month in plain words, from final entries only. */
export const ZPublicBooksQuery = z.object({ village: ZRegionCode, period: ZPeriod });
export const ZPublicCategoryLine = z.object({
  category: z.string(),
  amountFen: z.number().int(),
  lastMonthFen: z.number().int(),
  sameMonthLastYearFen: z.number().int(),
});
const ZPublicSide = z.object({
  totalFen: z.number().int(),
  lastMonthFen: z.number().int(),
  sameMonthLastYearFen: z.number().int(),
  categories: z.array(ZPublicCategoryLine),
});
export const ZPublicLedgerEntry = z.object({
  entryNo: z.string(),
  entryDate: z.string(),
  direction: z.enum(LEDGER_DIRECTIONS),
  category: z.string(),
  amountFen: z.number().int(),
  description: z.string().nullable(),
  counterpartyName: z.string().nullable(),
  /** Persons' identity numbers masked (3302**********1234); companies' credit codes shown. */
  counterpartyId: z.string().nullable(),
  /** A reversing entry (冲销) of an earlier one. */
  isReversal: z.boolean(),
});
export type TPublicLedgerEntry = z.infer<typeof ZPublicLedgerEntry>;
export const ZPublicBooksSummary = z.object({
  village: z.object({ code: z.string(), name: z.string() }),
  period: z.string(),
  lastMonth: z.string(),
  sameMonthLastYear: z.string(),
  income: ZPublicSide,
  expense: ZPublicSide,
  largeItemFen: z.number().int(),
  largeItems: z.array(ZPublicLedgerEntry),
});
export type TPublicBooksSummary = z.infer<typeof ZPublicBooksSummary>;
export const ZPublicBooksEntriesQuery = ZPublicBooksQuery.extend({ category: z.string().trim().max(50).optional() });
