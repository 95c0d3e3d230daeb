import { z } from 'zod';
import { isCalendarDate, zCalendarDate } from './calendar.js';
import { ZPageQuery } from './common.js';
import { ZRegionCode } from './regions.js';

/** 村务公开 (村民委员会组织法 art. 30–31): what kind of item a disclosure is. */
export const DISCLOSURE_KINDS = ['finance_monthly', 'benefits', 'assets_contracts', 'works', 'decisions', 'matter', 'other'] as const;
export type TDisclosureKind = (typeof DISCLOSURE_KINDS)[number];
export const DISCLOSURE_KIND_LABELS: Record<TDisclosureKind, string> = {
  finance_monthly: '财务收支月度公开',
  benefits: '惠民资金与救助对象公开',
  assets_contracts: '集体资产资源与合同公开',
  works: '村级工程项目公开',
  decisions: '重大事项决策公开',
  matter: '事项办理结果公开',
  other: '其他公开事项',
};

/** `withdrawn` exists in the table but is never set: a published item is corrected, never withdrawn. */
export const DISCLOSURE_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type TDisclosureStatus = (typeof DISCLOSURE_STATUSES)[number];
export const DISCLOSURE_STATUS_LABELS: Record<TDisclosureStatus, string> = { draft: '草稿', published: '已公开', withdrawn: '已撤回' };

/** A month `YYYY-MM` or a quarter `YYYY-Qn`. */
export const DISCLOSURE_PERIOD = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$/;
export const isMonthPeriod = (p: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(p);
export const isQuarterPeriod = (p: string) => /^\d{4}-Q[1-4]$/.test(p);

/** on_time: first published on or before the due date; late: published after it, or not published and past it. */
export const DISCLOSURE_TIMELINESS = ['on_time', 'late'] as const;

const ZBoolQuery = z.enum(['true', 'false'], { message: '应为true或false' }).transform((v) => v === 'true');
const ZPeriod = z.string().regex(DISCLOSURE_PERIOD, { message: '公开期间格式应为YYYY-MM（月）或YYYY-Qn（季度）' });
const ZIsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为YYYY-MM-DD' }).refine(isCalendarDate, { message: '不是有效的日期' });
const text = (label: string, max: number) => z.string().max(max, { message: `${label}不能超过${max}个字` });
const required = (label: string, max: number) => z.string().trim().min(1, { message: `请填写${label}` }).max(max, { message: `${label}不能超过${max}个字` });

export const ZDisclosureTable = z
  .object({
    columns: z.array(required('表头', 50)).min(1, { message: '表格至少要有一列' }).max(12, { message: '表格最多12列' }),
    rows: z.array(z.array(text('单元格', 200)).max(12)).max(500, { message: '表格最多500行' }),
  })
  .superRefine((t, ctx) => {
    t.rows.forEach((row, i) => {
      if (row.length !== t.columns.length) ctx.addIssue({ code: 'custom', path: ['rows', i], message: `第${i + 1}行有${row.length}格，表头有${t.columns.length}列` });
    });
  });

export const ZDisclosureSection = z.object({
  heading: required('小标题', 100),
  text: text('正文', 5000).optional(),
  table: ZDisclosureTable.optional(),
});

/**
 * The content of a disclosure: a plain-words summary, sections of text and tables, and totals
 * (amounts in integer fen, counts). Generic on purpose, so any kind prints on one poster layout;
 * `contentProblems` adds what a kind needs on top.
 */
export const ZDisclosureContent = z.object({
  summary: required('公开摘要', 2000),
  sections: z.array(ZDisclosureSection).max(50, { message: '最多50节' }).default([]),
  totals: z.record(z.string().max(50), z.union([z.number().int({ message: '合计须为整数（金额以分为单位）' }), text('合计', 200)])).optional(),
});
export type TDisclosureContent = z.infer<typeof ZDisclosureContent>;

/** What a monthly finance statement must carry: income and expense of the month, in fen. */
const ZFinanceTotals = z.object({
  incomeFen: z.number({ message: '请填写本月收入合计（分）' }).int().min(0),
  expenseFen: z.number({ message: '请填写本月支出合计（分）' }).int().min(0),
});

/** The per-kind rules on top of ZDisclosureContent, as `{ path, message }` (path relative to `content`). */
export function contentProblems(kind: TDisclosureKind, content: TDisclosureContent): { path: string; message: string }[] {
  if (kind === 'finance_monthly') {
    const r = ZFinanceTotals.safeParse(content.totals ?? {});
    if (!r.success) return r.error.issues.map((i) => ({ path: ['content', 'totals', ...i.path].join('.'), message: i.message }));
  }
  return [];
}

/** The period a kind must have: the monthly statement is per month. */
export function periodProblem(kind: TDisclosureKind, period: string | null | undefined): string | null {
  if (kind === 'finance_monthly' && (!period || !isMonthPeriod(period))) return '财务收支月度公开须填写月份（YYYY-MM）';
  return null;
}

export const ZCreateDisclosureRequest = z.object({
  /** The village; a village account may leave it out (its own village). */
  regionCode: ZRegionCode.optional(),
  kind: z.enum(DISCLOSURE_KINDS, { message: '未知的公开类别' }),
  title: required('公开标题', 100),
  period: ZPeriod.nullish(),
  dueOn: ZIsoDate.nullish(),
  content: ZDisclosureContent.optional(),
  sourceType: z.string().trim().max(40).optional(),
  sourceId: z.string().trim().max(100).optional(),
});
export type TCreateDisclosureRequest = z.infer<typeof ZCreateDisclosureRequest>;

export const ZUpdateDisclosureRequest = z.object({
  title: required('公开标题', 100).optional(),
  period: ZPeriod.nullish(),
  dueOn: ZIsoDate.nullish(),
  content: ZDisclosureContent.optional(),
});
export type TUpdateDisclosureRequest = z.infer<typeof ZUpdateDisclosureRequest>;

export const ZCorrectDisclosureRequest = z.object({
  content: ZDisclosureContent,
  reason: required('更正原因', 500),
});
export type TCorrectDisclosureRequest = z.infer<typeof ZCorrectDisclosureRequest>;

export const ZAnswerQuestionRequest = z.object({ answer: required('答复内容', 2000) });
export type TAnswerQuestionRequest = z.infer<typeof ZAnswerQuestionRequest>;

export const ZAskQuestionRequest = z.object({
  content: required('问题内容', 1000),
  /** Left out for an anonymous question. */
  name: z.string().trim().max(20, { message: '姓名不能超过20个字' }).optional(),
});
export type TAskQuestionRequest = z.infer<typeof ZAskQuestionRequest>;


export const ZDisclosureListQuery = ZPageQuery.extend({
  kind: z.enum(DISCLOSURE_KINDS, { message: '未知的公开类别' }).optional(),
  status: z.enum(DISCLOSURE_STATUSES, { message: '未知的公开状态' }).optional(),
  period: ZPeriod.optional(),
  regionCode: ZRegionCode.optional(),
  /** Only drafts past their due date. */
  overdue: ZBoolQuery.optional(),
  /** First published (`first_published_at`, China date) on or after / on or before. */
  publishedFrom: zCalendarDate('首次公开日期起').optional(),
  publishedTo: zCalendarDate('首次公开日期止').optional(),
  /** Due (`due_on`) on or after / on or before. */
  dueFrom: zCalendarDate('应公开日期起').optional(),
  dueTo: zCalendarDate('应公开日期止').optional(),
  timeliness: z.enum(DISCLOSURE_TIMELINESS, { message: 'timeliness 只能是 on_time 或 late' }).optional(),
});
export type TDisclosureListQuery = z.infer<typeof ZDisclosureListQuery>;

export const ZOverdueQuery = z.object({ regionCode: ZRegionCode.optional() });

export const ZDisclosureVersion = z.object({
  version: z.number().int(),
  content: ZDisclosureContent,
  correctionReason: z.string().nullable(),
  publishedAt: z.string(),
  publishedBy: z.string().nullable(),
});
export type TDisclosureVersion = z.infer<typeof ZDisclosureVersion>;

export const ZDisclosureQuestion = z.object({
  id: z.string(),
  content: z.string(),
  askerName: z.string().nullable(),
  askedAt: z.string(),
  dueOn: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  isOverdue: z.boolean(),
});
export type TDisclosureQuestion = z.infer<typeof ZDisclosureQuestion>;

/** A villager's question on a disclosure item: open until its answer is published. */
export const DISCLOSURE_QUESTION_STATUSES = ['open', 'answered'] as const;
export type TDisclosureQuestionStatus = (typeof DISCLOSURE_QUESTION_STATUSES)[number];
/** on_time: answered on or before the due date; late: answered after it, or not answered and past it. */
export const DISCLOSURE_QUESTION_TIMELINESS = ['on_time', 'late'] as const;

/** Staff list of the questions on disclosure items (公开事项提问) and its export. */
export const ZDisclosureQuestionListQuery = ZPageQuery.extend({
  regionCode: ZRegionCode.optional(),
  status: z.enum(DISCLOSURE_QUESTION_STATUSES, { message: 'status 只能是 open 或 answered' }).optional(),
  /** Only unanswered questions past their due date. */
  overdue: ZBoolQuery.optional(),
  /** Asked (`created_at`, China date) on or after / on or before. */
  askedFrom: zCalendarDate('提问日期起').optional(),
  askedTo: zCalendarDate('提问日期止').optional(),
  /** Due (`due_on`) on or after / on or before. */
  dueFrom: zCalendarDate('答复期限起').optional(),
  dueTo: zCalendarDate('答复期限止').optional(),
  timeliness: z.enum(DISCLOSURE_QUESTION_TIMELINESS, { message: 'timeliness 只能是 on_time 或 late' }).optional(),
});
export type TDisclosureQuestionListQuery = z.infer<typeof ZDisclosureQuestionListQuery>;

export const ZDisclosureQuestionRow = ZDisclosureQuestion.extend({
  disclosureId: z.string(),
  disclosureTitle: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
});
export type TDisclosureQuestionRow = z.infer<typeof ZDisclosureQuestionRow>;

export const ZDisclosure = z.object({
  id: z.string(),
  regionCode: ZRegionCode,
  regionName: z.string(),
  kind: z.enum(DISCLOSURE_KINDS),
  title: z.string(),
  period: z.string().nullable(),
  dueOn: z.string().nullable(),
  status: z.enum(DISCLOSURE_STATUSES),
  isOverdue: z.boolean(),
  currentVersion: z.number().int(),
  isCorrected: z.boolean(),
  firstPublishedAt: z.string().nullable(),
  sourceType: z.string().nullable(),
  sourceId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TDisclosure = z.infer<typeof ZDisclosure>;

/** One item with its draft (unpublished content, if any), every published version and the villagers' questions. */
export const ZDisclosureDetail = ZDisclosure.extend({
  draft: ZDisclosureContent.nullable(),
  versions: z.array(ZDisclosureVersion),
  questions: z.array(ZDisclosureQuestion),
});
export type TDisclosureDetail = z.infer<typeof ZDisclosureDetail>;

export const ZOverdueVillage = z.object({
  regionCode: ZRegionCode,
  regionName: z.string(),
  overdueCount: z.number().int(),
  oldestDueOn: z.string(),
  unansweredOverdueQuestions: z.number().int(),
});
export const ZOverdueSummary = z.object({ data: z.array(ZOverdueVillage), total: z.number().int() });
export type TOverdueSummary = z.infer<typeof ZOverdueSummary>;

// ---- What villagers see (portal) ----

export const ZPublicDisclosureListQuery = ZPageQuery.extend({ village: ZRegionCode, kind: z.enum(DISCLOSURE_KINDS, { message: '未知的公开类别' }).optional() });

export const ZPublicDisclosureSummary = z.object({
  id: z.string(),
  regionCode: ZRegionCode,
  regionName: z.string(),
  kind: z.enum(DISCLOSURE_KINDS),
  kindLabel: z.string(),
  title: z.string(),
  period: z.string().nullable(),
  version: z.number().int(),
  isCorrected: z.boolean(),
  /** "已更正" when the item has been corrected, else null. */
  correctedLabel: z.string().nullable(),
  firstPublishedAt: z.string(),
  lastPublishedAt: z.string(),
});
export type TPublicDisclosureSummary = z.infer<typeof ZPublicDisclosureSummary>;

export const ZPublicVersionInfo = z.object({ version: z.number().int(), publishedAt: z.string(), correctionReason: z.string().nullable() });

export const ZPublicQuestion = ZDisclosureQuestion.omit({ isOverdue: true });

export const ZPublicDisclosure = ZPublicDisclosureSummary.extend({
  content: ZDisclosureContent,
  versions: z.array(ZPublicVersionInfo),
  questions: z.array(ZPublicQuestion),
  portalPath: z.string(),
});
export type TPublicDisclosure = z.infer<typeof ZPublicDisclosure>;

export const ZPublicDisclosureVersion = ZPublicVersionInfo.extend({ id: z.string(), title: z.string(), content: ZDisclosureContent, isCurrent: z.boolean() });
export type TPublicDisclosureVersion = z.infer<typeof ZPublicDisclosureVersion>;
