import { z } from 'zod';
import { isCalendarDate } from './calendar.js';
import { ZPageQuery } from './common.js';
import { ZRegionCode } from './regions.js';

/**
 * Training (教育培训), supervision teams (监督队伍) and assessment (考核评价): the vocabulary shared
 * by server, console and portal. Tables: packages/db/src/schema/assessment.ts. Dashboards compute
 * their figures from the records of every module and need no tables of their own, apart from the
 * daily usage counters (portal queries).
 */

const ZDate = z.string().refine(isCalendarDate, { message: '日期格式应为 YYYY-MM-DD' });

// ---------------------------------------------------------------------------------------------
// Training and warning education (教育培训 / 警示教育)
// ---------------------------------------------------------------------------------------------

export const TRAINING_KINDS = ['training', 'warning_education', 'policy_study', 'on_site'] as const;
export type TTrainingKind = (typeof TRAINING_KINDS)[number];
export const TRAINING_KIND_LABELS: Record<TTrainingKind, string> = {
  training: '业务培训',
  warning_education: '警示教育',
  policy_study: '政策学习',
  on_site: '现场观摩',
};

/** Who attended: a console account, a supervision-team member of the roster, or a person named by hand. */
export const ATTENDEE_KINDS = ['user', 'supervision_member', 'other'] as const;
export type TAttendeeKind = (typeof ATTENDEE_KINDS)[number];

export const ZTrainingAttendeeInput = z.object({
  kind: z.enum(ATTENDEE_KINDS),
  userId: z.string().uuid().optional(),
  memberId: z.string().uuid().optional(),
  name: z.string().trim().min(1, { message: '请填写姓名' }).max(30),
  position: z.string().trim().max(40).optional(),
  /** The attendee's village or unit. */
  regionCode: ZRegionCode,
});

export const ZCreateTrainingRequest = z.object({
  /** The organising unit (district or township). */
  regionCode: ZRegionCode,
  title: z.string().trim().min(2, { message: '请填写主题' }).max(100),
  kind: z.enum(TRAINING_KINDS, { message: '请选择类型' }),
  heldOn: ZDate,
  /** Hours in tenths are stored; the API speaks hours with one decimal. */
  hours: z.number({ message: '请填写学时' }).min(0.5, { message: '学时至少0.5' }).max(40, { message: '学时最多40' }),
  organiser: z.string().trim().min(1, { message: '请填写组织单位' }).max(60),
  place: z.string().trim().max(100).optional(),
  description: z.string().trim().max(2000).optional(),
  attendees: z.array(ZTrainingAttendeeInput).max(500).default([]),
});
export type TCreateTrainingRequest = z.infer<typeof ZCreateTrainingRequest>;

export const ZTrainingListQuery = ZPageQuery.extend({
  regionCode: ZRegionCode.optional(),
  kind: z.enum(TRAINING_KINDS).optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
});

// ---------------------------------------------------------------------------------------------
// Supervision teams (监督队伍): 村务监督委员会 members and the village discipline member
// ---------------------------------------------------------------------------------------------

export const SUPERVISION_MEMBER_ROLES = ['chair', 'member', 'discipline'] as const;
export type TSupervisionMemberRole = (typeof SUPERVISION_MEMBER_ROLES)[number];
export const SUPERVISION_MEMBER_ROLE_LABELS: Record<TSupervisionMemberRole, string> = {
  chair: '监委会主任',
  member: '监委会委员',
  discipline: '村纪检委员',
};

export const EDUCATION_LEVELS = ['primary', 'junior_high', 'senior_high', 'vocational', 'college', 'bachelor', 'postgraduate'] as const;
export type TEducationLevel = (typeof EDUCATION_LEVELS)[number];
export const EDUCATION_LEVEL_LABELS: Record<TEducationLevel, string> = {
  primary: '小学',
  junior_high: '初中',
  senior_high: '高中',
  vocational: '中专/职高',
  college: '大专',
  bachelor: '本科',
  postgraduate: '研究生',
};

export const PROFESSIONAL_BACKGROUNDS = ['finance', 'works', 'law', 'agriculture', 'teaching', 'party_work', 'other'] as const;
export type TProfessionalBackground = (typeof PROFESSIONAL_BACKGROUNDS)[number];
export const PROFESSIONAL_BACKGROUND_LABELS: Record<TProfessionalBackground, string> = {
  finance: '财会',
  works: '工程建设',
  law: '法律',
  agriculture: '农业',
  teaching: '教育',
  party_work: '党务',
  other: '其他',
};

export const SUPERVISION_MEMBER_STATUSES = ['serving', 'left'] as const;
export type TSupervisionMemberStatus = (typeof SUPERVISION_MEMBER_STATUSES)[number];
export const SUPERVISION_MEMBER_STATUS_LABELS: Record<TSupervisionMemberStatus, string> = { serving: '在任', left: '已离任' };

/** Why a member may not serve (村民委员会组织法 art. 32): checked against the cadre list and the registry and kinship data. */
export const SUPERVISION_CONFLICT_KINDS = ['is_committee_member', 'relative_of_committee_member'] as const;
export type TSupervisionConflictKind = (typeof SUPERVISION_CONFLICT_KINDS)[number];
export const SUPERVISION_CONFLICT_KIND_LABELS: Record<TSupervisionConflictKind, string> = {
  is_committee_member: '本人是村民委员会成员',
  relative_of_committee_member: '是村民委员会成员的近亲属',
};

const ZIdNumber = z.string().trim().toUpperCase().regex(/^\d{17}[\dX]$/, { message: '身份证号应为18位（最后一位可为X）' });

export const ZSupervisionMemberInput = z.object({
  regionCode: ZRegionCode,
  name: z.string().trim().min(1, { message: '请填写姓名' }).max(30),
  idNumber: ZIdNumber,
  role: z.enum(SUPERVISION_MEMBER_ROLES, { message: '请选择职务' }),
  termStart: ZDate,
  termEnd: ZDate.optional(),
  electedOn: ZDate,
  /** The meeting that elected the member (村民会议 / 村民代表会议) and its record. */
  electionRecord: z.string().trim().min(2, { message: '请填写选举情况' }).max(500),
  education: z.enum(EDUCATION_LEVELS).optional(),
  backgrounds: z.array(z.enum(PROFESSIONAL_BACKGROUNDS)).max(7).default([]),
  isPartyMember: z.boolean().default(false),
  phone: z.string().trim().max(20).optional(),
});
export type TSupervisionMemberInput = z.infer<typeof ZSupervisionMemberInput>;

/** The masked form of an identity number the roster shows (first 4 and last 4 characters). */
export const ID_NUMBER_MASKED = /^\d{4}\*{10}\d{3}[\dX]$/;

/**
 * Correcting a member (PUT): the same fields, but the identity number may be left out, empty, or
 * the masked form the roster showed — then the stored number is kept (`undefined` after parsing).
 */
export const ZSupervisionMemberUpdate = ZSupervisionMemberInput.extend({
  idNumber: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .transform((v) => (v === undefined || v === '' || ID_NUMBER_MASKED.test(v) ? undefined : v))
    .pipe(ZIdNumber.optional()),
});
export type TSupervisionMemberUpdate = z.infer<typeof ZSupervisionMemberUpdate>;

/** Replacing a member: the old one leaves with a recorded reason; the new one starts. */
export const ZReplaceSupervisionMemberRequest = z.object({
  reason: z.string().trim().min(2, { message: '请写明更换原因' }).max(500),
  leftOn: ZDate,
  successor: ZSupervisionMemberInput.omit({ regionCode: true }).optional(),
});

// ---------------------------------------------------------------------------------------------
// Assessment (考核评价)
// ---------------------------------------------------------------------------------------------

/** The built-in indicator computations; a scheme picks some, weights them and sets their parameters. */
export const ASSESSMENT_INDICATOR_KINDS = [
  /**
   * 制度建设: power list published and current — the power-list items that apply to the unit (the
   * district catalogue, the township's and the unit's own items), in force (approved) and revised
   * within the indicator's `maxAgeMonths`.
   */
  'power_list_current',
  /** 监督检查: inspection findings handled. */
  'findings_handled',
  /** 问题查处: confirmed alerts and reports concluded. */
  'problems_concluded',
  /** 公开及时率: disclosures published on time. */
  'disclosure_on_time',
  /** 整改完成率: rectification items closed (accepted by the issuer) on time. */
  'rectification_on_time',
  /** 群众满意度: satisfaction survey score. */
  'satisfaction',
  /** 问政答复及时率: villagers' questions answered on time. */
  'questions_answered_on_time',
  /** 事项办理及时率: matters completed within their time limits. */
  'matters_on_time',
  /** 教育培训覆盖率: cadres and supervisors trained. */
  'training_coverage',
] as const;
export type TAssessmentIndicatorKind = (typeof ASSESSMENT_INDICATOR_KINDS)[number];

export const ASSESSMENT_CATEGORIES = ['institution', 'supervision', 'enforcement', 'disclosure', 'rectification', 'satisfaction', 'capacity'] as const;
export type TAssessmentCategory = (typeof ASSESSMENT_CATEGORIES)[number];
export const ASSESSMENT_CATEGORY_LABELS: Record<TAssessmentCategory, string> = {
  institution: '制度建设',
  supervision: '监督检查',
  enforcement: '问题查处',
  disclosure: '公开及时率',
  rectification: '整改完成率',
  satisfaction: '群众满意度',
  capacity: '队伍建设',
};

export const ZAssessmentIndicator = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, { message: '指标代码只能用小写字母、数字和下划线' }),
  name: z.string().trim().min(2).max(40),
  category: z.enum(ASSESSMENT_CATEGORIES),
  kind: z.enum(ASSESSMENT_INDICATOR_KINDS),
  /** Points of this indicator out of the scheme's total (weights sum to 100). */
  weight: z.number().min(0).max(100),
  /** Below this many records the score is marked as resting on little data. */
  minRecords: z.number().int().min(0).max(1000).default(5),
  /** power_list_current: an item whose version in force is older than this many months is stale (default 12). */
  maxAgeMonths: z.number().int().min(1, { message: '清单有效期最少1个月' }).max(120).optional(),
});
export type TAssessmentIndicator = z.infer<typeof ZAssessmentIndicator>;

export const ASSESSMENT_PERIOD_KINDS = ['quarter', 'year'] as const;
export const ASSESSMENT_SCHEME_STATUSES = ['draft', 'active', 'retired'] as const;

export const ZAssessmentSchemeRequest = z
  .object({
    /** The district the scheme belongs to. */
    regionCode: ZRegionCode,
    name: z.string().trim().min(2, { message: '请填写方案名称' }).max(60),
    targetLevel: z.enum(['township', 'village'], { message: '请选择考核对象' }),
    periodKind: z.enum(ASSESSMENT_PERIOD_KINDS, { message: '请选择考核周期' }),
    indicators: z.array(ZAssessmentIndicator).min(1, { message: '至少设置一项指标' }).max(30),
  })
  .refine((v) => Math.abs(v.indicators.reduce((a, i) => a + i.weight, 0) - 100) < 0.001, { message: '各指标权重之和应为100', path: ['indicators'] })
  .refine((v) => new Set(v.indicators.map((i) => i.key)).size === v.indicators.length, { message: '指标代码不能重复', path: ['indicators'] });
export type TAssessmentSchemeRequest = z.infer<typeof ZAssessmentSchemeRequest>;

export const ZAssessmentScheme = z.object({
  id: z.string(),
  regionCode: z.string(),
  name: z.string(),
  targetLevel: z.enum(['township', 'village']),
  periodKind: z.enum(ASSESSMENT_PERIOD_KINDS),
  indicators: z.array(ZAssessmentIndicator),
  status: z.enum(ASSESSMENT_SCHEME_STATUSES),
  createdAt: z.string(),
});
export type TAssessmentScheme = z.infer<typeof ZAssessmentScheme>;

/** A period: 2026-Q3 (quarter schemes) or 2026 (year schemes). */
export const ZAssessmentPeriod = z.string().regex(/^\d{4}(-Q[1-4])?$/, { message: '考核期格式应为 2026 或 2026-Q3' });

export const ZAssessmentResultItem = z.object({
  key: z.string(),
  name: z.string(),
  category: z.enum(ASSESSMENT_CATEGORIES),
  weight: z.number(),
  /** The measured value (a rate 0–1, or a score 0–100 for satisfaction); null without records. */
  value: z.number().nullable(),
  /** Points earned out of `weight`. */
  points: z.number(),
  /** How many records the value rests on. */
  records: z.number().int(),
  /** records ≥ the indicator's minRecords. */
  enoughData: z.boolean(),
  /** Which records and which rule, in plain Chinese. */
  explanation: z.string(),
  /** Console path listing the records behind the value. */
  link: z.string().nullable(),
});
export type TAssessmentResultItem = z.infer<typeof ZAssessmentResultItem>;

export const ZAssessmentResult = z.object({
  id: z.string(),
  schemeId: z.string(),
  period: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  computedScore: z.number(),
  adjustedScore: z.number().nullable(),
  adjustmentReason: z.string().nullable(),
  /** adjustedScore ?? computedScore */
  finalScore: z.number(),
  rank: z.number().int().nullable(),
  /** Share of indicators resting on enough records (0–1). */
  coverage: z.number(),
  items: z.array(ZAssessmentResultItem),
  computedAt: z.string(),
  locked: z.boolean(),
});
export type TAssessmentResult = z.infer<typeof ZAssessmentResult>;

export const ZAssessmentResultsQuery = z.object({ period: ZAssessmentPeriod, regionCode: ZRegionCode.optional() });
export const ZAdjustAssessmentRequest = z.object({
  score: z.number({ message: '请填写调整后的分数' }).min(0, { message: '分数不能小于0' }).max(100, { message: '分数不能大于100' }),
  reason: z.string().trim().min(2, { message: '请写明调整原因' }).max(500),
});

// ---------------------------------------------------------------------------------------------
// Training and supervision teams: answers
// ---------------------------------------------------------------------------------------------

export const ZTrainingAttendee = z.object({
  id: z.string(),
  kind: z.enum(ATTENDEE_KINDS),
  userId: z.string().nullable(),
  memberId: z.string().nullable(),
  name: z.string(),
  position: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  hours: z.number(),
});

export const ZTrainingSession = z.object({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  title: z.string(),
  kind: z.enum(TRAINING_KINDS),
  heldOn: z.string(),
  hours: z.number(),
  organiser: z.string(),
  place: z.string().nullable(),
  description: z.string().nullable(),
  attendeeCount: z.number().int(),
  attendees: z.array(ZTrainingAttendee).optional(),
});
export type TTrainingSession = z.infer<typeof ZTrainingSession>;

/** Coverage per township (or village): of the people who should be trained (active village accounts and serving supervision members), how many attended at least once in the window. */
export const ZTrainingCoverageRow = z.object({ regionCode: z.string(), regionName: z.string(), people: z.number().int(), trained: z.number().int(), rate: z.number().nullable(), hours: z.number() });
export const ZTrainingCoverageQuery = z.object({ regionCode: ZRegionCode.optional(), from: ZDate.optional(), to: ZDate.optional() });

export const ZSupervisionConflict = z.object({
  kind: z.enum(SUPERVISION_CONFLICT_KINDS),
  /** The committee member concerned (masked id) and the relation, in plain words. */
  detail: z.string(),
});

export const ZSupervisionMember = z.object({
  id: z.string(),
  regionCode: z.string(),
  villageName: z.string(),
  name: z.string(),
  idMasked: z.string(),
  role: z.enum(SUPERVISION_MEMBER_ROLES),
  gender: z.string().nullable(),
  age: z.number().int().nullable(),
  education: z.enum(EDUCATION_LEVELS).nullable(),
  backgrounds: z.array(z.enum(PROFESSIONAL_BACKGROUNDS)),
  isPartyMember: z.boolean(),
  termStart: z.string(),
  termEnd: z.string().nullable(),
  electedOn: z.string(),
  electionRecord: z.string(),
  status: z.enum(SUPERVISION_MEMBER_STATUSES),
  leftOn: z.string().nullable(),
  leftReason: z.string().nullable(),
  replacesMemberId: z.string().nullable(),
  /** Training hours in the last 12 months. */
  trainingHours: z.number(),
  conflicts: z.array(ZSupervisionConflict),
});
export type TSupervisionMember = z.infer<typeof ZSupervisionMember>;

export const ZSupervisionMemberListQuery = ZPageQuery.extend({
  regionCode: ZRegionCode.optional(),
  status: z.enum(SUPERVISION_MEMBER_STATUSES).optional(),
  role: z.enum(SUPERVISION_MEMBER_ROLES).optional(),
  conflictsOnly: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

/** The structure of the teams in a region: per village counts and vacancies; shares by age band, education and background. */
export const ZSupervisionStructure = z.object({
  regionCode: z.string(),
  villages: z.number().int(),
  serving: z.number().int(),
  /** Villages with fewer than 3 committee members, or without a chair or a discipline member. */
  vacancies: z.array(z.object({ regionCode: z.string(), villageName: z.string(), members: z.number().int(), hasChair: z.boolean(), hasDiscipline: z.boolean() })),
  ageBands: z.array(z.object({ band: z.string(), count: z.number().int() })),
  education: z.array(z.object({ level: z.string(), count: z.number().int() })),
  backgrounds: z.array(z.object({ background: z.string(), count: z.number().int() })),
  conflicts: z.number().int(),
});
export type TSupervisionStructure = z.infer<typeof ZSupervisionStructure>;

// ---------------------------------------------------------------------------------------------
// Dashboards (统计分析)
// ---------------------------------------------------------------------------------------------

/** Which end of a heat-table column is the good one. */
export const HEAT_BETTER = ['higher', 'lower'] as const;
export type THeatBetter = (typeof HEAT_BETTER)[number];

export const ZDashboardQuery = z.object({
  regionCode: ZRegionCode.optional(),
  /** Window of the figures (default: 1 January of this year to today, China time). */
  from: ZDate.optional(),
  to: ZDate.optional(),
});
export type TDashboardQuery = z.infer<typeof ZDashboardQuery>;

export const ZDashboardFigure = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  /** 件 | 人 | % | 元 | 分 … */
  unit: z.string(),
  /** For rates: the counts behind them. */
  numerator: z.number().nullable().optional(),
  denominator: z.number().nullable().optional(),
  /** Console path that lists the records behind the figure (with filters). */
  link: z.string().nullable(),
});
export type TDashboardFigure = z.infer<typeof ZDashboardFigure>;

export const ZDashboard = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  from: z.string(),
  to: z.string(),
  groups: z.array(z.object({ key: z.string(), title: z.string(), figures: z.array(ZDashboardFigure) })),
  /** Monthly series over the window (YYYY-MM). */
  trends: z.object({ months: z.array(z.string()), series: z.array(z.object({ key: z.string(), label: z.string(), values: z.array(z.number()) })) }),
  /** Region (child unit) × indicator. */
  heat: z.object({
    /** `better`: which end of the column is good — rates higher, overdue and open counts lower. */
    indicators: z.array(z.object({ key: z.string(), label: z.string(), unit: z.string(), better: z.enum(HEAT_BETTER) })),
    rows: z.array(z.object({ regionCode: z.string(), regionName: z.string(), values: z.array(z.number().nullable()) })),
  }),
});
export type TDashboard = z.infer<typeof ZDashboard>;

/** What is due, overdue and waiting on a village's cadres and supervisors. */
export const ZWorkItem = z.object({ kind: z.string(), kindLabel: z.string(), title: z.string(), dueOn: z.string().nullable(), isOverdue: z.boolean(), link: z.string() });
export const ZVillageWorkboard = z.object({ regionCode: z.string(), regionName: z.string(), due: z.array(ZWorkItem), overdue: z.array(ZWorkItem), waiting: z.array(ZWorkItem) });
export type TVillageWorkboard = z.infer<typeof ZVillageWorkboard>;

/** The portal's public statistics: aggregates only, no personal data. */
export const ZPublicStats = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  year: z.number().int(),
  figures: z.array(z.object({ key: z.string(), label: z.string(), value: z.number().nullable(), unit: z.string() })),
  months: z.array(z.string()),
  series: z.array(z.object({ key: z.string(), label: z.string(), values: z.array(z.number()) })),
});
export type TPublicStats = z.infer<typeof ZPublicStats>;

// ---------------------------------------------------------------------------------------------
// Training and supervision teams: further requests and answers of the server modules
// ---------------------------------------------------------------------------------------------

/** Deleting a training session (soft): the reason goes into the audit log. */
export const ZDeleteTrainingRequest = z.object({ reason: z.string().trim().min(2, { message: '请写明删除原因' }).max(500) });

/** The people whose training history can be read: a console account or a supervision-team member. */
export const TRAINING_PERSON_KINDS = ['user', 'supervision_member'] as const;

export const ZTrainingHistoryEntry = z.object({
  sessionId: z.string(),
  title: z.string(),
  kind: z.enum(TRAINING_KINDS),
  heldOn: z.string(),
  hours: z.number(),
  organiser: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
});

/** One person's training: every session attended, newest first, with total hours and hours in the last 12 months. */
export const ZTrainingPersonHistory = z.object({
  kind: z.enum(TRAINING_PERSON_KINDS),
  id: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  sessions: z.array(ZTrainingHistoryEntry),
  sessionCount: z.number().int(),
  totalHours: z.number(),
  last12MonthsHours: z.number(),
});
export type TTrainingPersonHistory = z.infer<typeof ZTrainingPersonHistory>;

/** Age bands of the structure view (ZSupervisionStructure.ageBands[].band). */
export const SUPERVISION_AGE_BANDS = ['under_35', '35_44', '45_54', '55_59', '60_plus', 'unknown'] as const;
export const SUPERVISION_AGE_BAND_LABELS: Record<(typeof SUPERVISION_AGE_BANDS)[number], string> = {
  under_35: '35岁以下',
  '35_44': '35—44岁',
  '45_54': '45—54岁',
  '55_59': '55—59岁',
  '60_plus': '60岁及以上',
  unknown: '不详',
};

export const ZSupervisionStructureQuery = z.object({ regionCode: ZRegionCode.optional() });

/** The member who left, and the successor when one was named. */
export const ZReplaceSupervisionMemberResult = z.object({ left: ZSupervisionMember, successor: ZSupervisionMember.nullable() });
