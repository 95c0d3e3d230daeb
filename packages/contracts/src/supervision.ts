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
