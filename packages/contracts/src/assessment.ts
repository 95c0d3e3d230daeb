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
  /** 制度建设: power list published and current. */
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
});
export type TAssessmentIndicator = z.infer<typeof ZAssessmentIndicator>;

export const ASSESSMENT_PERIOD_KINDS = ['quarter', 'year'] as const;
export const ASSESSMENT_SCHEME_STATUSES = ['draft', 'active', 'retired'] as const;
