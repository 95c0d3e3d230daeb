import { z } from 'zod';
import { isCalendarDate } from './calendar.js';
import { ZPageQuery } from './common.js';
import { ZRegionCode } from './regions.js';

/**
 * Inspections (监督检查), rectification (整改) and cases (案件): the vocabulary shared by the
 * server, console and portal. Tables: packages/db/src/schema/supervision.ts.
 */

export const INSPECTION_KINDS = ['special', 'self_check', 'routine'] as const;
export type TInspectionKind = (typeof INSPECTION_KINDS)[number];
export const INSPECTION_KIND_LABELS: Record<TInspectionKind, string> = { special: '专项检查', self_check: '月度自查', routine: '日常检查' };

export const FOCUS_AREAS = ['village_finance', 'collective_assets', 'benefit_policies', 'works', 'decisions', 'disclosure', 'conduct'] as const;
export type TFocusArea = (typeof FOCUS_AREAS)[number];
export const FOCUS_AREA_LABELS: Record<TFocusArea, string> = {
  village_finance: '村级财务',
  collective_assets: '三资管理',
  benefit_policies: '惠民政策',
  works: '工程项目',
  decisions: '民主决策',
  disclosure: '村务公开',
  conduct: '作风建设',
};

export const INSPECTION_METHODS = ['documents', 'field_visit', 'interview', 'four_nots'] as const;
export type TInspectionMethod = (typeof INSPECTION_METHODS)[number];
export const INSPECTION_METHOD_LABELS: Record<TInspectionMethod, string> = {
  documents: '查阅资料',
  field_visit: '实地走访',
  interview: '个别谈话',
  four_nots: '四不两直',
};

export const INSPECTION_PLAN_STATUSES = ['draft', 'active', 'completed'] as const;
export type TInspectionPlanStatus = (typeof INSPECTION_PLAN_STATUSES)[number];

/** Where a problem came from. */
export const PROBLEM_SOURCES = ['alert', 'report', 'finding', 'disclosure', 'matter', 'direct'] as const;
export type TProblemSource = (typeof PROBLEM_SOURCES)[number];
export const PROBLEM_SOURCE_LABELS: Record<TProblemSource, string> = {
  alert: '预警',
  report: '举报',
  finding: '监督检查',
  disclosure: '公开逾期',
  matter: '事项超期',
  direct: '直接录入',
};

/** A rectification item: open → answered → closed (销号) | returned → answered …; closed → reopened (反弹) → answered … */
export const RECTIFICATION_ITEM_STATUSES = ['open', 'answered', 'returned', 'closed', 'reopened'] as const;
export type TRectificationItemStatus = (typeof RECTIFICATION_ITEM_STATUSES)[number];
export const RECTIFICATION_ITEM_STATUS_LABELS: Record<TRectificationItemStatus, string> = {
  open: '整改中',
  answered: '待验收',
  returned: '已退回',
  closed: '已销号',
  reopened: '反弹重开',
};

export const CASE_KINDS = ['main', 'accountability'] as const;
export type TCaseKind = (typeof CASE_KINDS)[number];
export const CASE_KIND_LABELS: Record<TCaseKind, string> = { main: '案件', accountability: '问责（一案双查）' };

/** preliminary (初核) → filed (立案) | closed_unfiled (了结) → investigating (调查) → reviewing (审理) → decided (处理决定) → executed (执行完毕). */
export const CASE_STATUSES = ['preliminary', 'closed_unfiled', 'filed', 'investigating', 'reviewing', 'decided', 'executed'] as const;
export type TCaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<TCaseStatus, string> = {
  preliminary: '初核',
  closed_unfiled: '初核了结',
  filed: '已立案',
  investigating: '调查中',
  reviewing: '审理中',
  decided: '已作出处理决定',
  executed: '执行完毕',
};

export const SANCTION_CATEGORIES = ['party', 'government', 'judicial', 'recovery'] as const;
export type TSanctionCategory = (typeof SANCTION_CATEGORIES)[number];
export const SANCTION_CATEGORY_LABELS: Record<TSanctionCategory, string> = {
  party: '党纪处分',
  government: '政务处分',
  judicial: '移送司法机关',
  recovery: '追缴资金',
};

/** Party discipline measures, mildest first (中国共产党纪律处分条例; 批评教育 and 诫勉谈话 are organisational measures). */
export const PARTY_MEASURES = ['criticism', 'admonishment', 'warning', 'serious_warning', 'removal_from_post', 'probation', 'expulsion'] as const;
export type TPartyMeasure = (typeof PARTY_MEASURES)[number];
export const PARTY_MEASURE_LABELS: Record<TPartyMeasure, string> = {
  criticism: '批评教育',
  admonishment: '诫勉谈话',
  warning: '警告',
  serious_warning: '严重警告',
  removal_from_post: '撤销党内职务',
  probation: '留党察看',
  expulsion: '开除党籍',
};

/** 政务处分 (公职人员政务处分法 art. 7). */
export const GOVERNMENT_MEASURES = ['warning', 'demerit', 'major_demerit', 'demotion', 'dismissal_from_post', 'expulsion'] as const;
export type TGovernmentMeasure = (typeof GOVERNMENT_MEASURES)[number];
export const GOVERNMENT_MEASURE_LABELS: Record<TGovernmentMeasure, string> = {
  warning: '警告',
  demerit: '记过',
  major_demerit: '记大过',
  demotion: '降级',
  dismissal_from_post: '撤职',
  expulsion: '开除',
};

export const TYPICAL_CASE_STATUSES = ['draft', 'approved', 'published', 'withdrawn'] as const;
export type TTypicalCaseStatus = (typeof TYPICAL_CASE_STATUSES)[number];
export const TYPICAL_CASE_STATUS_LABELS: Record<TTypicalCaseStatus, string> = { draft: '待审批', approved: '已批准', published: '已发布', withdrawn: '已撤回' };

/** An inspection finding: open → rectifying (a notice item was raised from it) → resolved | dismissed (no problem after all). */
export const FINDING_STATUSES = ['open', 'rectifying', 'resolved', 'dismissed'] as const;
export type TFindingStatus = (typeof FINDING_STATUSES)[number];
export const FINDING_STATUS_LABELS: Record<TFindingStatus, string> = { open: '待处理', rectifying: '整改中', resolved: '已整改', dismissed: '经核实无问题' };

export const INSPECTION_PLAN_STATUS_LABELS: Record<TInspectionPlanStatus, string> = { draft: '草稿', active: '进行中', completed: '已结束' };

/** A rectification notice is open while any of its items is not closed. */
export const RECTIFICATION_NOTICE_STATUSES = ['open', 'closed'] as const;
export type TRectificationNoticeStatus = (typeof RECTIFICATION_NOTICE_STATUSES)[number];
export const RECTIFICATION_NOTICE_STATUS_LABELS: Record<TRectificationNoticeStatus, string> = { open: '整改中', closed: '已全部销号' };

/** The fault-tolerance (容错纠错) decision: proposed by the handling level, approved or refused one level up. */
export const FAULT_TOLERANCE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type TFaultToleranceStatus = (typeof FAULT_TOLERANCE_STATUSES)[number];
export const FAULT_TOLERANCE_STATUS_LABELS: Record<TFaultToleranceStatus, string> = { pending: '待上级审批', approved: '已批准容错', rejected: '不予容错' };

/** What can happen in a case's history. */
export const CASE_EVENT_KINDS = ['created', 'filed', 'closed_unfiled', 'investigating', 'reviewing', 'decided', 'executed', 'note', 'read', 'tolerance_proposed', 'tolerance_decided', 'accountability_added', 'typical_drafted', 'typical_decided'] as const;
export type TCaseEventKind = (typeof CASE_EVENT_KINDS)[number];
export const CASE_EVENT_KIND_LABELS: Record<TCaseEventKind, string> = {
  created: '登记问题线索',
  filed: '立案',
  closed_unfiled: '初核了结',
  investigating: '开始调查',
  reviewing: '移送审理',
  decided: '作出处理决定',
  executed: '执行完毕',
  note: '办案记录',
  read: '查阅案卷',
  tolerance_proposed: '提出容错纠错',
  tolerance_decided: '容错纠错审批',
  accountability_added: '一案双查：登记问责',
  typical_drafted: '拟作为典型案例',
  typical_decided: '典型案例审批',
};

/** The measure of a judicial transfer and of a recovery of funds (each category's one measure). */
export const JUDICIAL_MEASURES = ['transfer'] as const;
export const RECOVERY_MEASURES = ['recovery'] as const;
export const SANCTION_MEASURE_LABELS: Record<TSanctionCategory, Record<string, string>> = {
  party: PARTY_MEASURE_LABELS,
  government: GOVERNMENT_MEASURE_LABELS,
  judicial: { transfer: '移送司法机关' },
  recovery: { recovery: '追缴违纪违法资金' },
};

/** A default checklist per focus area (检查清单); a plan may change it. */
export const DEFAULT_CHECKLISTS: Record<TFocusArea, { key: string; text: string }[]> = {
  village_finance: [
    { key: 'vf1', text: '收支是否全部入账，有无账外账、小金库' },
    { key: 'vf2', text: '大额支出是否经“四议两公开”决策' },
    { key: 'vf3', text: '报销凭证是否齐全、审核签字是否完整' },
    { key: 'vf4', text: '财务收支是否按月公开' },
  ],
  collective_assets: [
    { key: 'ca1', text: '集体资产资源是否登记入册' },
    { key: 'ca2', text: '发包、出租、处置是否公开竞价' },
    { key: 'ca3', text: '合同租金是否按期足额收取' },
  ],
  benefit_policies: [
    { key: 'bp1', text: '低保、救助对象是否经民主评议并公示' },
    { key: 'bp2', text: '有无村干部及其近亲属违规享受' },
    { key: 'bp3', text: '有无死亡、不符合条件人员仍在领取' },
  ],
  works: [
    { key: 'wk1', text: '工程项目是否按规定招标或比选' },
    { key: 'wk2', text: '有无拆分项目规避招标' },
    { key: 'wk3', text: '工程款是否按合同和验收结果支付' },
  ],
  decisions: [
    { key: 'dc1', text: '重大事项是否履行“四议两公开”程序' },
    { key: 'dc2', text: '会议记录是否当场形成、签到是否真实' },
  ],
  disclosure: [
    { key: 'ds1', text: '村务、财务是否按期公开' },
    { key: 'ds2', text: '群众提问是否按期答复' },
  ],
  conduct: [
    { key: 'cd1', text: '有无吃拿卡要、优亲厚友' },
    { key: 'cd2', text: '有无违规收受礼品礼金' },
  ],
};

// ---- Request and response schemas ----

const ZIsoDate = (label: string) =>
  z.string({ message: `请填写${label}` }).regex(/^\d{4}-\d{2}-\d{2}$/, { message: `${label}格式应为YYYY-MM-DD` }).refine(isCalendarDate, { message: `${label}不是有效的日期` });
const required = (label: string, max: number) => z.string({ message: `请填写${label}` }).trim().min(1, { message: `请填写${label}` }).max(max, { message: `${label}不能超过${max}个字` });
const optionalText = (label: string, max: number) => z.string().trim().max(max, { message: `${label}不能超过${max}个字` }).optional();
const ZUuid = (label: string) => z.string().uuid({ message: `${label}编号格式不正确` });
const ZBoolParam = z.enum(['true', 'false'], { message: '应为true或false' }).transform((v) => v === 'true');
const ZAttachmentIds = z.array(ZUuid('附件')).max(20, { message: '附件最多20个' }).default([]);
/** Where a problem came from, as a request names it: the type and the record's id (none for `direct`). */
const ZSource = { sourceType: z.enum(PROBLEM_SOURCES, { message: '请选择问题来源' }).default('direct'), sourceId: z.string().trim().max(100).optional() };

// Inspections (监督检查)

export const ZChecklistArea = z.object({
  area: z.enum(FOCUS_AREAS, { message: '请选择检查重点' }),
  items: z.array(z.object({ key: z.string().trim().min(1).max(20), text: required('检查项', 200) })).max(50),
});
export type TChecklistArea = z.infer<typeof ZChecklistArea>;

export const ZInspectionPlanRequest = z.object({
  title: required('检查名称', 100),
  kind: z.enum(INSPECTION_KINDS, { message: '请选择检查类型' }),
  startsOn: ZIsoDate('开始日期'),
  endsOn: ZIsoDate('结束日期'),
  /** Villages in scope (each within the issuing unit's region). */
  scopeRegionCodes: z.array(ZRegionCode).min(1, { message: '请选择检查范围（至少一个村）' }).max(500),
  focusAreas: z.array(z.enum(FOCUS_AREAS, { message: '检查重点不正确' })).min(1, { message: '请选择检查重点' }),
  methods: z.array(z.enum(INSPECTION_METHODS, { message: '检查方式不正确' })).min(1, { message: '请选择检查方式' }),
  /** Omitted: the default checklist of each focus area. */
  checklist: z.array(ZChecklistArea).optional(),
  /** Team members (leader first), accounts within the issuing unit's region. */
  teamUserIds: z.array(ZUuid('检查组成员')).min(1, { message: '请选择检查组成员' }).max(30),
  /** The issuing unit (district or township); default the actor's own region. */
  regionCode: ZRegionCode.optional(),
});
export type TInspectionPlanRequest = z.infer<typeof ZInspectionPlanRequest>;

export const ZInspectionPlanListQuery = ZPageQuery.extend({
  kind: z.enum(INSPECTION_KINDS).optional(),
  status: z.enum(INSPECTION_PLAN_STATUSES).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  regionCode: ZRegionCode.optional(),
  q: z.string().max(50).optional(),
});
export type TInspectionPlanListQuery = z.infer<typeof ZInspectionPlanListQuery>;

export const ZInspectionPlan = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(INSPECTION_KINDS),
  startsOn: z.string(),
  endsOn: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  scope: z.array(z.object({ regionCode: z.string(), regionName: z.string().nullable() })),
  focusAreas: z.array(z.enum(FOCUS_AREAS)),
  methods: z.array(z.enum(INSPECTION_METHODS)),
  checklist: z.array(ZChecklistArea),
  team: z.array(z.object({ userId: z.string(), displayName: z.string() })),
  status: z.enum(INSPECTION_PLAN_STATUSES),
  findingCount: z.number().int(),
  openFindingCount: z.number().int(),
  createdAt: z.string(),
});
export type TInspectionPlan = z.infer<typeof ZInspectionPlan>;

export const ZFindingRequest = z.object({
  /** Null: a finding outside any plan (e.g. taken straight from an alert or a report). */
  planId: ZUuid('检查计划').optional(),
  /** The village where the problem is; taken from the source record when omitted and the source has one. */
  regionCode: ZRegionCode.optional(),
  focusArea: z.enum(FOCUS_AREAS, { message: '请选择检查重点' }),
  checklistKey: z.string().trim().max(20).optional(),
  description: required('问题描述', 5000),
  ...ZSource,
  attachmentIds: ZAttachmentIds,
});
export type TFindingRequest = z.infer<typeof ZFindingRequest>;

export const ZFindingListQuery = ZPageQuery.extend({
  planId: z.string().uuid({ message: '检查计划编号格式不正确' }).optional(),
  regionCode: ZRegionCode.optional(),
  status: z.enum(FINDING_STATUSES).optional(),
  focusArea: z.enum(FOCUS_AREAS).optional(),
  sourceType: z.enum(PROBLEM_SOURCES).optional(),
});
export type TFindingListQuery = z.infer<typeof ZFindingListQuery>;

export const ZFinding = z.object({
  id: z.string(),
  planId: z.string().nullable(),
  planTitle: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  focusArea: z.enum(FOCUS_AREAS),
  checklistKey: z.string().nullable(),
  checklistText: z.string().nullable(),
  description: z.string(),
  sourceType: z.enum(PROBLEM_SOURCES),
  sourceId: z.string().nullable(),
  /** One line about the source record (e.g. the alert's summary or the report's number). */
  sourceLabel: z.string().nullable(),
  status: z.enum(FINDING_STATUSES),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  /** Rectification items raised from this finding. */
  rectificationItemIds: z.array(z.string()),
});
export type TFinding = z.infer<typeof ZFinding>;

export const ZDismissFindingRequest = z.object({ reason: required('核实无问题的说明', 1000) });

// Rectification (整改)

export const ZRectificationItemRequest = z.object({
  problem: required('问题', 2000),
  requirement: required('整改要求', 2000),
  /** Default: the notice's deadline. */
  deadline: ZIsoDate('整改期限').optional(),
  /** Default: the notice's responsible person. */
  responsibleName: optionalText('责任人', 50),
  ...ZSource,
});
export type TRectificationItemRequest = z.infer<typeof ZRectificationItemRequest>;

export const ZRectificationNoticeRequest = z.object({
  /** The responsible unit: a village or a township within the issuer's region. */
  regionCode: ZRegionCode,
  title: required('通知标题', 100),
  requirement: required('总体整改要求', 5000),
  issuedOn: ZIsoDate('下发日期').optional(),
  deadline: ZIsoDate('整改期限'),
  responsibleName: required('责任人', 50),
  responsibleUserId: ZUuid('责任人账号').optional(),
  items: z.array(ZRectificationItemRequest).min(1, { message: '请至少填写一项整改问题' }).max(100, { message: '整改问题最多100项' }),
});
export type TRectificationNoticeRequest = z.infer<typeof ZRectificationNoticeRequest>;

export const ZRectificationAnswer = z.object({
  id: z.string(),
  measures: z.string(),
  answeredByName: z.string().nullable(),
  answeredAt: z.string(),
  decision: z.enum(['accepted', 'returned']).nullable(),
  decisionReason: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  attachmentIds: z.array(z.string()),
});
export type TRectificationAnswer = z.infer<typeof ZRectificationAnswer>;

export const ZRectificationItem = z.object({
  id: z.string(),
  noticeId: z.string(),
  noticeNumber: z.string(),
  seq: z.number().int(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  issuerRegionCode: z.string(),
  problem: z.string(),
  requirement: z.string(),
  deadline: z.string(),
  responsibleName: z.string(),
  sourceType: z.enum(PROBLEM_SOURCES),
  sourceId: z.string().nullable(),
  sourceLabel: z.string().nullable(),
  status: z.enum(RECTIFICATION_ITEM_STATUSES),
  /** Past its deadline and not closed: shown red. */
  isOverdue: z.boolean(),
  escalatedTo: z.string().nullable(),
  closedOn: z.string().nullable(),
  /** Closed on or before the deadline. */
  closedOnTime: z.boolean().nullable(),
  reopenCount: z.number().int(),
});
export type TRectificationItem = z.infer<typeof ZRectificationItem>;

export const ZRectificationItemDetail = ZRectificationItem.extend({ answers: z.array(ZRectificationAnswer) });
export type TRectificationItemDetail = z.infer<typeof ZRectificationItemDetail>;

export const ZRectificationNotice = z.object({
  id: z.string(),
  number: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  issuerRegionCode: z.string(),
  issuerRegionName: z.string().nullable(),
  title: z.string(),
  requirement: z.string(),
  issuedOn: z.string(),
  deadline: z.string(),
  responsibleName: z.string(),
  responsibleUserId: z.string().nullable(),
  status: z.enum(RECTIFICATION_NOTICE_STATUSES),
  itemCount: z.number().int(),
  closedItemCount: z.number().int(),
  overdueItemCount: z.number().int(),
});
export type TRectificationNotice = z.infer<typeof ZRectificationNotice>;

export const ZRectificationNoticeDetail = ZRectificationNotice.extend({ items: z.array(ZRectificationItemDetail) });
export type TRectificationNoticeDetail = z.infer<typeof ZRectificationNoticeDetail>;

export const ZRectificationNoticeListQuery = ZPageQuery.extend({
  regionCode: ZRegionCode.optional(),
  status: z.enum(RECTIFICATION_NOTICE_STATUSES).optional(),
  q: z.string().max(50).optional(),
});
export type TRectificationNoticeListQuery = z.infer<typeof ZRectificationNoticeListQuery>;

export const RECTIFICATION_TIMELINESS = ['on_time', 'late'] as const;

/** The ledger (台账): every item, filtered. Also the query of the Excel export. */
export const ZRectificationLedgerQuery = ZPageQuery.extend({
  regionCode: ZRegionCode.optional(),
  status: z.enum(RECTIFICATION_ITEM_STATUSES).optional(),
  sourceType: z.enum(PROBLEM_SOURCES).optional(),
  overdue: ZBoolParam.optional(),
  deadlineFrom: ZIsoDate('期限起').optional(),
  deadlineTo: ZIsoDate('期限止').optional(),
  /** Closed (销号, accepted by the issuer: `closed_on` of a closed item) on or after / on or before. */
  closedFrom: ZIsoDate('销号日期起').optional(),
  closedTo: ZIsoDate('销号日期止').optional(),
  /** The on-time rule (rectification.on-time.ts): on_time = closed on or before the deadline; late = judged (closed, or past the deadline) and not on time. */
  timeliness: z.enum(RECTIFICATION_TIMELINESS, { message: 'timeliness 只能是 on_time 或 late' }).optional(),
  q: z.string().max(50).optional(),
});
export type TRectificationLedgerQuery = z.infer<typeof ZRectificationLedgerQuery>;

export const ZRectificationAnswerRequest = z.object({ measures: required('整改措施', 5000), attachmentIds: ZAttachmentIds });
export type TRectificationAnswerRequest = z.infer<typeof ZRectificationAnswerRequest>;
export const ZAcceptRectificationRequest = z.object({ note: optionalText('验收意见', 1000) });
export const ZReturnRectificationRequest = z.object({ reason: required('退回理由', 1000) });
export const ZReopenRectificationRequest = z.object({ reason: required('反弹情况', 1000) });

/** On-time completion (整改按期完成率) per township and village: items due in the period and how they ended. */
export const ZRectificationStatsQuery = z.object({
  from: ZIsoDate('起始日期').optional(),
  to: ZIsoDate('截止日期').optional(),
  /** township (default) or village rows. */
  by: z.enum(['township', 'village']).default('township'),
});
export type TRectificationStatsQuery = z.infer<typeof ZRectificationStatsQuery>;
export const ZRectificationStatsRow = z.object({
  regionCode: z.string(),
  regionName: z.string().nullable(),
  /**
   * Items whose deadline falls in the period and that are judged by the on-time rule: closed, or
   * past the deadline (an item not yet due and not yet closed is left out).
   */
  due: z.number().int(),
  closedOnTime: z.number().int(),
  closedLate: z.number().int(),
  openOverdue: z.number().int(),
  /** closedOnTime / due; null when nothing was judged. */
  onTimeRate: z.number().nullable(),
});
export type TRectificationStatsRow = z.infer<typeof ZRectificationStatsRow>;

// Cases (案件)

export const ZCaseRequest = z.object({
  title: required('案件名称', 100),
  ...ZSource,
  /** Where it happened (a village or a township); taken from the source record when omitted and the source has one. */
  regionCode: ZRegionCode.optional(),
  subjectName: required('被调查人姓名', 50),
  subjectPosition: required('被调查人职务', 100),
  subjectIdNumber: z.string().trim().toUpperCase().regex(/^\d{17}[\dX]$/, { message: '身份证号应为18位（最后一位可为X）' }).optional(),
  summary: required('问题线索摘要', 5000),
  /** The handling level (the actor's region or above it); default the actor's region. */
  handlingRegionCode: ZRegionCode.optional(),
});
export type TCaseRequest = z.infer<typeof ZCaseRequest>;

export const ZCaseListQuery = ZPageQuery.extend({
  status: z.enum(CASE_STATUSES).optional(),
  kind: z.enum(CASE_KINDS).optional(),
  regionCode: ZRegionCode.optional(),
  sourceType: z.enum(PROBLEM_SOURCES).optional(),
  faultTolerance: z.enum(FAULT_TOLERANCE_STATUSES).optional(),
  q: z.string().max(50).optional(),
  /** Opened (线索登记, `created_at` China date) on or after / on or before. */
  createdFrom: ZIsoDate('登记日期起').optional(),
  createdTo: ZIsoDate('登记日期止').optional(),
  /** Filed (立案, `filed_on`) on or after / on or before. */
  filedFrom: ZIsoDate('立案日期起').optional(),
  filedTo: ZIsoDate('立案日期止').optional(),
  /** Executed (执行完毕, `executed_on`) on or after / on or before. */
  executedFrom: ZIsoDate('执行完毕日期起').optional(),
  executedTo: ZIsoDate('执行完毕日期止').optional(),
  /** Only cases with a sanction of this category, decided within sanctionFrom–sanctionTo when given. */
  sanction: z.enum(SANCTION_CATEGORIES, { message: '未知的处理类别' }).optional(),
  sanctionFrom: ZIsoDate('处理决定日期起').optional(),
  sanctionTo: ZIsoDate('处理决定日期止').optional(),
});
export type TCaseListQuery = z.infer<typeof ZCaseListQuery>;

export const ZCaseSummary = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.enum(CASE_KINDS),
  parentCaseId: z.string().nullable(),
  parentCaseNumber: z.string().nullable(),
  title: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  handlingRegionCode: z.string(),
  handlingRegionName: z.string().nullable(),
  sourceType: z.enum(PROBLEM_SOURCES),
  sourceId: z.string().nullable(),
  subjectName: z.string(),
  subjectPosition: z.string(),
  status: z.enum(CASE_STATUSES),
  filedOn: z.string().nullable(),
  decidedOn: z.string().nullable(),
  executedOn: z.string().nullable(),
  faultToleranceStatus: z.enum(FAULT_TOLERANCE_STATUSES).nullable(),
  createdAt: z.string(),
});
export type TCaseSummary = z.infer<typeof ZCaseSummary>;

export const ZCaseEvent = z.object({
  id: z.string(),
  kind: z.enum(CASE_EVENT_KINDS),
  at: z.string(),
  actorName: z.string().nullable(),
  fromStatus: z.enum(CASE_STATUSES).nullable(),
  toStatus: z.enum(CASE_STATUSES).nullable(),
  note: z.string().nullable(),
});
export type TCaseEvent = z.infer<typeof ZCaseEvent>;

export const ZSanctionRequest = z
  .object({
    category: z.enum(SANCTION_CATEGORIES, { message: '请选择处理类别' }),
    measure: z.string({ message: '请选择处理措施' }).min(1, { message: '请选择处理措施' }),
    /** Recovery: the amount in fen (分). */
    amountFen: z.number().int().min(1, { message: '追缴金额应大于0' }).max(1e13).optional(),
    note: optionalText('说明', 1000),
  })
  .superRefine((s, ctx) => {
    if (!(s.measure in SANCTION_MEASURE_LABELS[s.category])) ctx.addIssue({ code: 'custom', path: ['measure'], message: `处理措施与类别“${SANCTION_CATEGORY_LABELS[s.category]}”不符` });
    if (s.category === 'recovery' && s.amountFen === undefined) ctx.addIssue({ code: 'custom', path: ['amountFen'], message: '请填写追缴金额' });
  });
export type TSanctionRequest = z.infer<typeof ZSanctionRequest>;

export const ZCaseSanction = z.object({
  id: z.string(),
  category: z.enum(SANCTION_CATEGORIES),
  measure: z.string(),
  measureLabel: z.string(),
  amountFen: z.number().int().nullable(),
  decidedOn: z.string(),
  executedOn: z.string().nullable(),
  note: z.string().nullable(),
});
export type TCaseSanction = z.infer<typeof ZCaseSanction>;

export const ZTypicalCase = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNumber: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  title: z.string(),
  summary: z.string(),
  lesson: z.string().nullable(),
  status: z.enum(TYPICAL_CASE_STATUSES),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
});
export type TTypicalCase = z.infer<typeof ZTypicalCase>;

export const ZCaseDetail = ZCaseSummary.extend({
  summary: z.string(),
  subjectIdNumberMasked: z.string().nullable(),
  sourceLabel: z.string().nullable(),
  closedReason: z.string().nullable(),
  recoveredFen: z.number().int().nullable(),
  faultToleranceGrounds: z.string().nullable(),
  faultToleranceDecidedByName: z.string().nullable(),
  faultToleranceDecidedAt: z.string().nullable(),
  events: z.array(ZCaseEvent),
  sanctions: z.array(ZCaseSanction),
  /** 一案双查: accountability records linked to this case (or, for one, its main case above). */
  accountability: z.array(ZCaseSummary),
  typical: ZTypicalCase.nullable(),
  attachmentIds: z.array(z.string()),
  /** What the actor may do now. */
  actions: z.array(z.enum(['file', 'close_unfiled', 'investigate', 'review', 'decide', 'execute', 'note', 'propose_tolerance', 'decide_tolerance', 'add_accountability', 'draft_typical', 'decide_typical', 'publish_typical', 'withdraw_typical'])),
});
export type TCaseDetail = z.infer<typeof ZCaseDetail>;

export const ZCaseNoteRequest = z.object({ note: required('办案记录', 5000), attachmentIds: ZAttachmentIds });
export const ZFileCaseRequest = z.object({ filedOn: ZIsoDate('立案日期').optional(), note: optionalText('立案意见', 2000) });
export const ZCloseUnfiledRequest = z.object({ reason: required('了结理由', 2000) });
export const ZCaseStepRequest = z.object({ note: optionalText('说明', 2000) });
export const ZDecideCaseRequest = z.object({
  decidedOn: ZIsoDate('决定日期').optional(),
  note: required('处理决定', 5000),
  /** None when the case concludes with fault tolerance or with no sanction. */
  sanctions: z.array(ZSanctionRequest).max(20).default([]),
});
export type TDecideCaseRequest = z.infer<typeof ZDecideCaseRequest>;
export const ZExecuteCaseRequest = z.object({ executedOn: ZIsoDate('执行日期').optional(), note: optionalText('执行情况', 2000) });
/** 容错纠错: proposed with its grounds by the handling level before or at the decision. */
export const ZProposeToleranceRequest = z.object({ grounds: required('容错理由', 5000) });
export const ZDecideToleranceRequest = z.object({ approve: z.boolean({ message: '请选择是否批准' }), note: required('审批意见', 2000) });
/** 一案双查: the accountability of a leader responsible for supervision, as a linked case. */
export const ZAccountabilityRequest = z.object({
  subjectName: required('被问责人姓名', 50),
  subjectPosition: required('被问责人职务', 100),
  summary: required('问责事由', 5000),
  regionCode: ZRegionCode.optional(),
});
export type TAccountabilityRequest = z.infer<typeof ZAccountabilityRequest>;
export const ZTypicalCaseRequest = z.object({ title: required('标题', 100), summary: required('案例摘要（已匿名）', 5000), lesson: optionalText('警示意义', 2000) });
export type TTypicalCaseRequest = z.infer<typeof ZTypicalCaseRequest>;
export const ZDecideTypicalRequest = z.object({ approve: z.boolean({ message: '请选择是否批准' }), note: optionalText('审批意见', 1000) });

/** The fault-tolerance register (容错纠错台账). */
export const ZToleranceListQuery = ZPageQuery.extend({ status: z.enum(FAULT_TOLERANCE_STATUSES).optional(), regionCode: ZRegionCode.optional() });

/** A published typical case as the portal shows it: anonymised, no numbers of persons. */
export const ZPublicTypicalCase = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  lesson: z.string().nullable(),
  districtName: z.string().nullable(),
  publishedOn: z.string(),
});
export type TPublicTypicalCase = z.infer<typeof ZPublicTypicalCase>;
