import { z } from 'zod';
import { ZPageQuery } from './common.js';
import { ZRegionCode } from './regions.js';
import { isCalendarDate } from './calendar.js';

/**
 * Alert rule codes: those of shared/spec/data-exchange.md, plus OVERDUE_STEP, raised by the
 * matters module when a step of a matter passes its time limit, and DISCLOSURE_OVERDUE /
 * QUESTION_OVERDUE, raised by the disclosures module (docs/disclosures.md), and REPORT_OVERDUE,
 * raised by the reports module when a report passes a time limit (docs/reports.md), and
 * RECTIFICATION_OVERDUE, raised by the rectification module when an item passes its deadline
 * without being closed (docs/supervision.md), and CADRE_DISSATISFACTION, raised by the hearings
 * module when a cadre's share of 不满意 in a closed 村民问政 session reaches the district's
 * threshold (docs/villagers.md). QUESTION_OVERDUE is also raised for villagers' general and
 * session questions (subject type village_question).
 */
export const ALERT_RULES = [
  'KIN_BENEFIT',
  'DECEASED_PAYMENT',
  'NO_ENTITLEMENT_PAYMENT',
  'INELIGIBLE_VEHICLE',
  'INELIGIBLE_BUSINESS',
  'INELIGIBLE_PUBLIC_EMPLOYEE',
  'DUPLICATE_BENEFIT',
  'IDENTITY_MISMATCH',
  'UNKNOWN_PERSON',
  'INVALID_ID',
  'UNAPPROVED_LARGE_EXPENSE',
  'SPLIT_PAYMENT',
  'RELATED_PARTY_CONTRACT',
  'ASSET_NO_AUCTION',
  'DECISION_ORDER',
  'DECISION_QUORUM',
  'LATE_RECORD',
  'BENEFIT_OUTLIER',
  'OVERDUE_STEP',
  'DISCLOSURE_OVERDUE',
  'QUESTION_OVERDUE',
  'REPORT_OVERDUE',
  'RECTIFICATION_OVERDUE',
  'CADRE_DISSATISFACTION',
] as const;
export type TAlertRule = (typeof ALERT_RULES)[number];

export const ALERT_RULE_LABELS: Record<TAlertRule, string> = {
  KIN_BENEFIT: '村干部或其近亲属享受救助',
  DECEASED_PAYMENT: '死亡后仍在发放',
  NO_ENTITLEMENT_PAYMENT: '无救助资格仍在发放',
  INELIGIBLE_VEHICLE: '有车家庭享受救助',
  INELIGIBLE_BUSINESS: '经商办企业家庭享受救助',
  INELIGIBLE_PUBLIC_EMPLOYEE: '财政供养人员家庭享受救助',
  DUPLICATE_BENEFIT: '重复享受同一救助',
  IDENTITY_MISMATCH: '身份证号与姓名不符',
  UNKNOWN_PERSON: '户籍中查无此人',
  INVALID_ID: '身份证号无效',
  UNAPPROVED_LARGE_EXPENSE: '大额支出未经决策',
  SPLIT_PAYMENT: '疑似拆分支付',
  RELATED_PARTY_CONTRACT: '与干部关联企业交易',
  ASSET_NO_AUCTION: '资产处置未公开竞价',
  DECISION_ORDER: '四议两公开程序缺失或倒置',
  DECISION_QUORUM: '决议到会或赞成人数不足',
  LATE_RECORD: '会议记录事后补记',
  BENEFIT_OUTLIER: '低保比例异常偏高',
  OVERDUE_STEP: '事项办理超期',
  DISCLOSURE_OVERDUE: '村务公开逾期未公开',
  QUESTION_OVERDUE: '村民提问逾期未答复',
  REPORT_OVERDUE: '举报办理超期',
  RECTIFICATION_OVERDUE: '整改逾期未销号',
  CADRE_DISSATISFACTION: '干部群众评议不满意率偏高',
};

export const ALERT_SEVERITIES = ['red', 'yellow', 'blue'] as const;
export type TAlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_SEVERITY_LABELS: Record<TAlertSeverity, string> = { red: '红', yellow: '黄', blue: '蓝' };

/**
 * The grade of each rule's alerts where it is settled; rules not listed here must be given a
 * severity by whoever raises them (the later alert-sweep issue settles the rest).
 */
export const ALERT_RULE_SEVERITY: Partial<Record<TAlertRule, TAlertSeverity>> = {
  DECISION_ORDER: 'red',
  DECISION_QUORUM: 'red',
  LATE_RECORD: 'yellow',
  OVERDUE_STEP: 'yellow',
  DISCLOSURE_OVERDUE: 'yellow',
  QUESTION_OVERDUE: 'yellow',
  REPORT_OVERDUE: 'yellow',
  RECTIFICATION_OVERDUE: 'red',
  CADRE_DISSATISFACTION: 'yellow',
  UNAPPROVED_LARGE_EXPENSE: 'red',
  ASSET_NO_AUCTION: 'red',
};

export const ALERT_STATUSES = ['open', 'confirmed', 'dismissed', 'closed'] as const;
export type TAlertStatus = (typeof ALERT_STATUSES)[number];
export const ALERT_STATUS_LABELS: Record<TAlertStatus, string> = {
  open: '待核查',
  confirmed: '已确认',
  dismissed: '已排除',
  closed: '已办结',
};

/**
 * The subjects of data-exchange.md, plus `matter` (OVERDUE_STEP: subject_id is the matter number),
 * `disclosure` (DISCLOSURE_OVERDUE: the disclosure id) `question` (QUESTION_OVERDUE: the question id) `report` (REPORT_OVERDUE: the report id; the alert's region is the handling unit's, never the reported village's) and `rectification_item` (RECTIFICATION_OVERDUE: the item id; the responsible unit's region), `hearing_cadre` (CADRE_DISSATISFACTION: the hearing_cadres id) and `village_question` (QUESTION_OVERDUE of a villager's general or session question: the village_questions id).
 */
export const ALERT_SUBJECT_TYPES = ['benefit', 'payment', 'ledger_entry', 'contract', 'decision', 'village', 'matter', 'disclosure', 'question', 'report', 'rectification_item', 'hearing_cadre', 'village_question'] as const;
export type TAlertSubjectType = (typeof ALERT_SUBJECT_TYPES)[number];

const ZDateParam = (label: string) => z.string().refine(isCalendarDate, { message: `${label}应为有效日期，格式YYYY-MM-DD` });
const ZBoolParam = z.enum(['true', 'false'], { message: '应为true或false' }).transform((v) => v === 'true');

/** What a closed alert was closed with (rectification and case modules link here when they exist). */
export const ALERT_LINK_TYPES = ['rectification', 'case', 'none'] as const;
export type TAlertLinkType = (typeof ALERT_LINK_TYPES)[number];
export const ALERT_LINK_TYPE_LABELS: Record<TAlertLinkType, string> = { rectification: '整改', case: '案件', none: '无' };

/**
 * What came of an alert, for measuring a rule's precision: confirmed (the rule was right),
 * false positive (dismissed because the rule was wrong), dismissed for another reason, or pending.
 */
export const ALERT_OUTCOMES = ['confirmed', 'false_positive', 'dismissed', 'pending'] as const;
export type TAlertOutcome = (typeof ALERT_OUTCOMES)[number];

export const ZAlert = z.object({
  id: z.string(),
  rule: z.enum(ALERT_RULES),
  subjectType: z.enum(ALERT_SUBJECT_TYPES),
  subjectId: z.string(),
  /** The village (or other region) the alert belongs to: village_code in alerts.csv. */
  regionCode: ZRegionCode,
  regionName: z.string(),
  severity: z.enum(ALERT_SEVERITIES),
  status: z.enum(ALERT_STATUSES),
  summary: z.string(),
  /** `dataset:key` items separated by `;`, as in alerts.csv. */
  evidence: z.string(),
  firstRaisedAt: z.string(),
  lastSeenAt: z.string(),
  /** Set when a later check no longer saw the cause; cleared if the cause comes back. */
  resolvedByDataAt: z.string().nullable(),
  resolvedByData: z.boolean(),
  /** 已分派: an open alert with a handler. */
  assignedTo: z.string().nullable(),
  assigneeName: z.string().nullable(),
  assignedAt: z.string().nullable(),
  handledBy: z.string().nullable(),
  handlerName: z.string().nullable(),
  handledAt: z.string().nullable(),
  handlingReason: z.string().nullable(),
  /** For a dismissal: whether the rule was wrong. Null otherwise. */
  falsePositive: z.boolean().nullable(),
  closedAt: z.string().nullable(),
  closingNote: z.string().nullable(),
  linkType: z.enum(ALERT_LINK_TYPES).nullable(),
  linkId: z.string().nullable(),
  /** 已升级: stayed unhandled past the district's window and went up to the district. */
  escalatedAt: z.string().nullable(),
  escalated: z.boolean(),
  outcome: z.enum(ALERT_OUTCOMES),
  updatedAt: z.string(),
});
export type TAlert = z.infer<typeof ZAlert>;

export const ZAlertListQuery = ZPageQuery.extend({
  rule: z.enum(ALERT_RULES, { message: '未知的预警规则' }).optional(),
  status: z.enum(ALERT_STATUSES, { message: '未知的预警状态' }).optional(),
  severity: z.enum(ALERT_SEVERITIES, { message: '未知的预警等级' }).optional(),
  /** A village or township (the subtree). */
  regionCode: ZRegionCode.optional(),
  /** me: assigned to the caller; unassigned: open and without a handler. */
  assigned: z.enum(['me', 'unassigned'], { message: 'assigned 只能是 me 或 unassigned' }).optional(),
  escalated: ZBoolParam.optional(),
  /** First raised on or after / on or before (China dates). */
  from: ZDateParam('开始日期').optional(),
  to: ZDateParam('结束日期').optional(),
});
export type TAlertListQuery = z.infer<typeof ZAlertListQuery>;

export const ZAlertExportQuery = z.object({
  regionCode: ZRegionCode.optional(),
  rule: z.enum(ALERT_RULES, { message: '未知的预警规则' }).optional(),
  status: z.enum(ALERT_STATUSES, { message: '未知的预警状态' }).optional(),
  severity: z.enum(ALERT_SEVERITIES, { message: '未知的预警等级' }).optional(),
  /** First raised on or after / on or before (China dates), as the list. */
  from: ZDateParam('开始日期').optional(),
  to: ZDateParam('结束日期').optional(),
});
export type TAlertExportQuery = z.infer<typeof ZAlertExportQuery>;

// ---- Handling (预警处置) ----

const ZReason = (label: string) =>
  z.string({ message: `请填写${label}` }).trim().min(1, { message: `请填写${label}` }).max(500, { message: `${label}不能超过500字` });

export const ZAssignAlertRequest = z.object({
  /** Omitted: the default handler, the township discipline officer of the alert's village. */
  userId: z.uuid({ message: '账号编号格式不正确' }).optional(),
});
export type TAssignAlertRequest = z.infer<typeof ZAssignAlertRequest>;

export const ZConfirmAlertRequest = z.object({ reason: ZReason('确认理由') });
export type TConfirmAlertRequest = z.infer<typeof ZConfirmAlertRequest>;

export const ZDismissAlertRequest = z.object({
  reason: ZReason('排除理由'),
  /** True when the rule was wrong (误报); false when it was right but there is a good reason. */
  falsePositive: z.boolean({ message: '请说明是否误报' }),
});
export type TDismissAlertRequest = z.infer<typeof ZDismissAlertRequest>;

export const ZCloseAlertRequest = z
  .object({
    note: ZReason('办结说明'),
    linkType: z.enum(ALERT_LINK_TYPES, { message: '关联类型只能是整改、案件或无' }).optional(),
    linkId: z.string().trim().min(1, { message: '请填写关联编号' }).max(100, { message: '关联编号不能超过100字' }).optional(),
  })
  .superRefine((v, ctx) => {
    const linked = v.linkType === 'rectification' || v.linkType === 'case';
    if (linked && !v.linkId) ctx.addIssue({ code: 'custom', path: ['linkId'], message: '关联整改或案件时须填写编号' });
    if (!linked && v.linkId) ctx.addIssue({ code: 'custom', path: ['linkType'], message: '填写关联编号时须选择整改或案件' });
  });
export type TCloseAlertRequest = z.infer<typeof ZCloseAlertRequest>;

export const ZReopenAlertRequest = z.object({ reason: ZReason('重新打开的理由') });
export type TReopenAlertRequest = z.infer<typeof ZReopenAlertRequest>;

/** A staff account that may be given an alert (GET /alerts/:id/assignees). */
export const ZAlertAssignee = z.object({
  id: z.string(),
  displayName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  isDefault: z.boolean(),
});
export type TAlertAssignee = z.infer<typeof ZAlertAssignee>;

// ---- Precision (规则准确率) ----

export const ALERT_PRECISION_GROUPS = ['rule', 'township', 'quarter', 'township_quarter'] as const;
export type TAlertPrecisionGroup = (typeof ALERT_PRECISION_GROUPS)[number];

export const ZAlertPrecisionQuery = z.object({
  /** rule: one row per rule; township / quarter / township_quarter: per rule and that. */
  groupBy: z.enum(ALERT_PRECISION_GROUPS, { message: 'groupBy 只能是 rule、township、quarter 或 township_quarter' }).default('rule'),
  rule: z.enum(ALERT_RULES, { message: '未知的预警规则' }).optional(),
  regionCode: ZRegionCode.optional(),
});
export type TAlertPrecisionQuery = z.infer<typeof ZAlertPrecisionQuery>;

export const ZAlertPrecisionRow = z.object({
  rule: z.enum(ALERT_RULES),
  /** Null unless grouped by township. */
  townshipCode: z.string().nullable(),
  townshipName: z.string().nullable(),
  /** `2026Q1` (first raised, China time); null unless grouped by quarter. */
  quarter: z.string().nullable(),
  total: z.number().int(),
  confirmed: z.number().int(),
  falsePositive: z.number().int(),
  /** Dismissed for another reason than a wrong rule: not counted in precision. */
  dismissed: z.number().int(),
  pending: z.number().int(),
  /** confirmed / (confirmed + falsePositive); null while nothing is decided. */
  precision: z.number().nullable(),
  /** Wilson score interval, 95 %. */
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
});
export type TAlertPrecisionRow = z.infer<typeof ZAlertPrecisionRow>;
export const ZAlertPrecision = z.object({ groupBy: z.enum(ALERT_PRECISION_GROUPS), rows: z.array(ZAlertPrecisionRow) });
export type TAlertPrecision = z.infer<typeof ZAlertPrecision>;

/**
 * Wilson score interval for a proportion of `successes` in `n` trials (z = 1.96: 95 %). Better
 * than the normal approximation for the small counts a township has. Null when n is 0.
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

// ---- Heat table (村 × 规则) ----

export const ZAlertHeatQuery = z.object({
  regionCode: ZRegionCode.optional(),
  rule: z.enum(ALERT_RULES, { message: '未知的预警规则' }).optional(),
  severity: z.enum(ALERT_SEVERITIES, { message: '未知的预警等级' }).optional(),
  /** Default open: what still needs handling. */
  status: z.enum(ALERT_STATUSES, { message: '未知的预警状态' }).default('open'),
  from: ZDateParam('开始日期').optional(),
  to: ZDateParam('结束日期').optional(),
});
export type TAlertHeatQuery = z.infer<typeof ZAlertHeatQuery>;

export const ZAlertHeat = z.object({
  /** Rules with at least one alert, in ALERT_RULES order. */
  rules: z.array(z.enum(ALERT_RULES)),
  villages: z.array(
    z.object({
      villageCode: z.string(),
      villageName: z.string(),
      counts: z.record(z.string(), z.number().int()),
      total: z.number().int(),
    }),
  ),
  totals: z.record(z.string(), z.number().int()),
  total: z.number().int(),
});
export type TAlertHeat = z.infer<typeof ZAlertHeat>;

// ---- Evidence (依据) ----

export const ZAlertEvidenceItem = z.object({
  dataset: z.string(),
  key: z.string(),
  /** Chinese name of the dataset. */
  label: z.string().nullable(),
  /** The row was not found, or the dataset is not one the platform can show. */
  missing: z.boolean(),
  /** Department data the account may not read (needs dataset:record:read): no fields. */
  restricted: z.boolean(),
  fields: z.array(z.object({ name: z.string(), value: z.string().nullable(), highlight: z.boolean() })),
});
export type TAlertEvidenceItem = z.infer<typeof ZAlertEvidenceItem>;
export const ZAlertEvidence = z.object({
  alertId: z.string(),
  /** Identity numbers are masked (the account lacks dataset:record:read). */
  masked: z.boolean(),
  items: z.array(ZAlertEvidenceItem),
});
export type TAlertEvidence = z.infer<typeof ZAlertEvidence>;
