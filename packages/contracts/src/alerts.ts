import { z } from 'zod';
import { ZPageQuery } from './common.js';
import { ZRegionCode } from './regions.js';

/**
 * Alert rule codes: those of shared/spec/data-exchange.md, plus OVERDUE_STEP, raised by the
 * matters module when a step of a matter passes its time limit, and DISCLOSURE_OVERDUE /
 * QUESTION_OVERDUE, raised by the disclosures module (docs/disclosures.md).
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
 * `disclosure` (DISCLOSURE_OVERDUE: the disclosure id) and `question` (QUESTION_OVERDUE: the question id).
 */
export const ALERT_SUBJECT_TYPES = ['benefit', 'payment', 'ledger_entry', 'contract', 'decision', 'village', 'matter', 'disclosure', 'question'] as const;
export type TAlertSubjectType = (typeof ALERT_SUBJECT_TYPES)[number];

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
  updatedAt: z.string(),
});
export type TAlert = z.infer<typeof ZAlert>;

export const ZAlertListQuery = ZPageQuery.extend({
  rule: z.enum(ALERT_RULES, { message: '未知的预警规则' }).optional(),
  status: z.enum(ALERT_STATUSES, { message: '未知的预警状态' }).optional(),
  severity: z.enum(ALERT_SEVERITIES, { message: '未知的预警等级' }).optional(),
  regionCode: ZRegionCode.optional(),
});
export type TAlertListQuery = z.infer<typeof ZAlertListQuery>;

export const ZAlertExportQuery = z.object({
  regionCode: ZRegionCode.optional(),
  rule: z.enum(ALERT_RULES, { message: '未知的预警规则' }).optional(),
  status: z.enum(ALERT_STATUSES, { message: '未知的预警状态' }).optional(),
});
export type TAlertExportQuery = z.infer<typeof ZAlertExportQuery>;
