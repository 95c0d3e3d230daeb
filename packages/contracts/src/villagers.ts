import { z } from 'zod';
import { zCalendarDate } from './calendar.js';
import { ZPageQuery } from './common.js';
import { ZRegionCode } from './regions.js';

/**
 * The villagers' side: the household query (户查询码 and own-household benefits), 村民问政
 * (questioning sessions, 述职述廉 reports, questions and answers, ratings of cadres) and the
 * quarterly satisfaction survey. Shared by server, console and portal (the portal imports types
 * only). Tables: packages/db/src/schema/villagers.ts.
 */

// ---------------------------------------------------------------------------------------------
// Household query codes (户查询码)
// ---------------------------------------------------------------------------------------------

/** Query codes use an alphabet without look-alikes (no 0/O, 1/I/L): 8 characters, printed XXXX-XXXX. */
export const QUERY_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const QUERY_CODE_LENGTH = 8;

/** Accepts the code as printed or typed (spaces, dash, lower case) and gives the 8 bare characters. */
export function normalizeQueryCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

export function formatQueryCode(code: string): string {
  const c = normalizeQueryCode(code);
  return c.length === QUERY_CODE_LENGTH ? `${c.slice(0, 4)}-${c.slice(4)}` : c;
}

const ZIdNumberInput = z
  .string({ message: '请填写身份证号' })
  .trim()
  .toUpperCase()
  .regex(/^\d{17}[\dX]$/, { message: '身份证号应为18位（最后一位可为X）' });

export const HOUSEHOLD_CODE_STATUSES = ['none', 'active'] as const;
export type THouseholdCodeStatus = (typeof HOUSEHOLD_CODE_STATUSES)[number];
export const HOUSEHOLD_CODE_STATUS_LABELS: Record<THouseholdCodeStatus, string> = { none: '未发放', active: '已发放' };

/** Staff list of a village's households (from the household registry, residents.csv) with their code status. */
export const ZHouseholdListQuery = ZPageQuery.extend({
  regionCode: ZRegionCode.optional(),
  /** Household number or the head's name. */
  q: z.string().trim().max(50).optional(),
  codeStatus: z.enum(HOUSEHOLD_CODE_STATUSES).optional(),
});
export type THouseholdListQuery = z.infer<typeof ZHouseholdListQuery>;

export const ZHouseholdRow = z.object({
  regionCode: z.string(),
  villageName: z.string(),
  householdId: z.string(),
  /** The head of household (户主) as registered; staff views only. */
  headName: z.string().nullable(),
  memberCount: z.number().int(),
  codeStatus: z.enum(HOUSEHOLD_CODE_STATUSES),
  /** How many codes this household has had (a re-issue voids the one before). */
  codeSerial: z.number().int(),
  codeIssuedAt: z.string().nullable(),
  codeIssuedByName: z.string().nullable(),
});
export type THouseholdRow = z.infer<typeof ZHouseholdRow>;

/** Issue (or re-issue, voiding the old code) query codes for listed households, or for every household of the village without one. */
export const ZIssueHouseholdCodesRequest = z
  .object({
    regionCode: ZRegionCode,
    householdIds: z.array(z.string().trim().min(1).max(64)).max(500, { message: '一次最多发放500户' }).optional(),
    /** Every household of the village that has no active code. */
    allWithoutCode: z.boolean().optional(),
    /** Required when any listed household already has a code (re-issue: 补发/重置). */
    reason: z.string().trim().max(200).optional(),
  })
  .refine((v) => (v.householdIds?.length ?? 0) > 0 || v.allWithoutCode === true, { message: '请选择要发放查询码的户', path: ['householdIds'] });
export type TIssueHouseholdCodesRequest = z.infer<typeof ZIssueHouseholdCodesRequest>;

/** One printable card. The code is shown only in this answer: the server keeps a hash. */
export const ZHouseholdCard = z.object({
  regionCode: z.string(),
  villageName: z.string(),
  townshipName: z.string(),
  householdId: z.string(),
  headName: z.string().nullable(),
  /** As printed: XXXX-XXXX. */
  code: z.string(),
  serial: z.number().int(),
  issuedAt: z.string(),
  /** The portal page the QR code opens (the code travels in the fragment, never to a server log). */
  url: z.string(),
  /** The QR code of `url`, an SVG document. */
  qrSvg: z.string(),
});
export type THouseholdCard = z.infer<typeof ZHouseholdCard>;
export const ZIssueHouseholdCodesResponse = z.object({ cards: z.array(ZHouseholdCard) });
export type TIssueHouseholdCodesResponse = z.infer<typeof ZIssueHouseholdCodesResponse>;

// ---------------------------------------------------------------------------------------------
// Villager verification and the household view (portal)
// ---------------------------------------------------------------------------------------------

/** The header the portal sends the villager token in (kept out of logs). */
export const VILLAGER_TOKEN_HEADER = 'x-villager-token';

export const ZHouseholdVerifyRequest = z.object({
  villageCode: ZRegionCode,
  idNumber: ZIdNumberInput,
  name: z.string({ message: '请填写姓名' }).trim().min(1, { message: '请填写姓名' }).max(30, { message: '姓名最多30个字' }),
  queryCode: z
    .string({ message: '请填写查询码' })
    .transform(normalizeQueryCode)
    .pipe(z.string().length(QUERY_CODE_LENGTH, { message: '查询码是8位字母和数字（印在本户查询卡上）' })),
});
export type THouseholdVerifyRequest = z.infer<typeof ZHouseholdVerifyRequest>;

/** A villager session: short-lived, for one person of one household. */
export const ZVillagerSession = z.object({
  token: z.string(),
  expiresAt: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  /** The verified person's name, masked (张*华). */
  nameMasked: z.string(),
});
export type TVillagerSession = z.infer<typeof ZVillagerSession>;

export const ZHouseholdMember = z.object({
  name: z.string(),
  relation: z.string().nullable(),
  /** 3301**********1234 */
  idMasked: z.string(),
  isSelf: z.boolean(),
});

export const ZHouseholdEntitlement = z.object({
  personName: z.string(),
  program: z.string(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  monthlyAmountFen: z.number().int().nullable(),
  householdSize: z.number().int().nullable(),
  isCurrent: z.boolean(),
});

export const HOUSEHOLD_PAYMENT_SOURCES = ['department', 'village_books'] as const;
export const HOUSEHOLD_PAYMENT_SOURCE_LABELS: Record<(typeof HOUSEHOLD_PAYMENT_SOURCES)[number], string> = { department: '部门发放', village_books: '村集体支付' };
export const ZHouseholdPayment = z.object({
  personName: z.string(),
  /** Program (department) or ledger category (village books). */
  item: z.string(),
  amountFen: z.number().int(),
  paidDate: z.string(),
  source: z.enum(HOUSEHOLD_PAYMENT_SOURCES),
  description: z.string().nullable(),
});

export const ZHouseholdMatter = z.object({
  id: z.string(),
  matterNo: z.string(),
  title: z.string(),
  itemName: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  /** The open step's name while running. */
  currentStepName: z.string().nullable(),
  stepDueOn: z.string().nullable(),
  isOverdue: z.boolean(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  applicantName: z.string().nullable(),
});

export const ZHouseholdView = z.object({
  villageCode: z.string(),
  villageName: z.string(),
  members: z.array(ZHouseholdMember),
  entitlements: z.array(ZHouseholdEntitlement),
  /** Newest first; at most the last 36 months. */
  payments: z.array(ZHouseholdPayment),
  paymentsTotalFen: z.number().int(),
  matters: z.array(ZHouseholdMatter),
  /** Whether this household has answered this quarter's satisfaction survey. */
  surveyAnswered: z.boolean(),
  quarter: z.string(),
});
export type THouseholdView = z.infer<typeof ZHouseholdView>;

// ---------------------------------------------------------------------------------------------
// Satisfaction survey (满意度测评): per village per quarter, once per verified household
// ---------------------------------------------------------------------------------------------

export const SATISFACTION_DIMENSIONS = ['disclosure', 'services', 'integrity'] as const;
export type TSatisfactionDimension = (typeof SATISFACTION_DIMENSIONS)[number];
export const SATISFACTION_DIMENSION_LABELS: Record<TSatisfactionDimension, string> = {
  disclosure: '村务公开',
  services: '便民服务',
  integrity: '干部廉洁',
};

/** The three answers of 民主评议 and the survey, best first. */
export const SATISFACTION_LEVELS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type TSatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];
export const SATISFACTION_LEVEL_LABELS: Record<TSatisfactionLevel, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };
/** Points of a level for a 0–100 score: 满意 100, 基本满意 60, 不满意 0. */
export const SATISFACTION_LEVEL_POINTS: Record<TSatisfactionLevel, number> = { satisfied: 100, basically_satisfied: 60, dissatisfied: 0 };

/** Quarters are written 2026-Q4. */
export const ZQuarter = z.string().regex(/^\d{4}-Q[1-4]$/, { message: '季度格式应为 2026-Q4' });

export const ZSatisfactionAnswerRequest = z.object({
  disclosure: z.enum(SATISFACTION_LEVELS, { message: '请选择对村务公开的评价' }),
  services: z.enum(SATISFACTION_LEVELS, { message: '请选择对便民服务的评价' }),
  integrity: z.enum(SATISFACTION_LEVELS, { message: '请选择对干部廉洁的评价' }),
  comment: z.string().trim().max(300, { message: '意见建议最多300字' }).optional(),
});
export type TSatisfactionAnswerRequest = z.infer<typeof ZSatisfactionAnswerRequest>;

export const ZSatisfactionStatus = z.object({ quarter: z.string(), answered: z.boolean() });

export const ZSatisfactionQuery = z.object({
  regionCode: ZRegionCode.optional(),
  quarter: ZQuarter.optional(),
});
export type TSatisfactionQuery = z.infer<typeof ZSatisfactionQuery>;

const ZLevelCounts = z.object({ satisfied: z.number().int(), basically_satisfied: z.number().int(), dissatisfied: z.number().int() });
export const ZSatisfactionRow = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  quarter: z.string(),
  responses: z.number().int(),
  /** Households in the registry: responses / households is the coverage. */
  households: z.number().int(),
  dimensions: z.object({ disclosure: ZLevelCounts, services: ZLevelCounts, integrity: ZLevelCounts }),
  /** 0–100 (SATISFACTION_LEVEL_POINTS averaged over every answer); null with no responses. */
  score: z.number().nullable(),
});
export type TSatisfactionRow = z.infer<typeof ZSatisfactionRow>;
export const ZSatisfactionResults = z.object({ quarter: z.string(), rows: z.array(ZSatisfactionRow) });
export type TSatisfactionResults = z.infer<typeof ZSatisfactionResults>;

// ---------------------------------------------------------------------------------------------
// 村民问政: sessions (问政会), cadres' reports (述职述廉), questions, ratings (民主评议)
// ---------------------------------------------------------------------------------------------

/** scheduled (questions may be sent in advance) → in_session (questions and ratings) → closed (results published) | cancelled. */
export const HEARING_STATUSES = ['scheduled', 'in_session', 'closed', 'cancelled'] as const;
export type THearingStatus = (typeof HEARING_STATUSES)[number];
export const HEARING_STATUS_LABELS: Record<THearingStatus, string> = { scheduled: '即将召开', in_session: '正在问政', closed: '已结束', cancelled: '已取消' };

export const ZHearingCadreInput = z.object({
  name: z.string().trim().min(1, { message: '请填写干部姓名' }).max(30),
  position: z.string().trim().min(1, { message: '请填写职务' }).max(40),
  /** The cadre's console account, when there is one (lets them write their own report). */
  userId: z.string().uuid().optional(),
});

export const ZCreateHearingRequest = z.object({
  regionCode: ZRegionCode,
  title: z.string().trim().min(2, { message: '请填写问政会名称' }).max(100),
  quarter: ZQuarter,
  /** ISO date-time of the meeting. */
  scheduledAt: z.string().datetime({ offset: true, message: '请填写召开时间' }),
  place: z.string().trim().min(1, { message: '请填写地点' }).max(100),
  description: z.string().trim().max(1000).optional(),
  cadres: z.array(ZHearingCadreInput).min(1, { message: '至少列出一名参加述职述廉的干部' }).max(20),
});
export type TCreateHearingRequest = z.infer<typeof ZCreateHearingRequest>;

export const ZUpdateHearingRequest = ZCreateHearingRequest.omit({ regionCode: true });
export type TUpdateHearingRequest = z.infer<typeof ZUpdateHearingRequest>;

export const ZHearingReasonRequest = z.object({ reason: z.string().trim().min(2, { message: '请写明原因' }).max(500) });

export const ZCadreReportRequest = z.object({ report: z.string().trim().min(10, { message: '述职述廉报告至少10个字' }).max(10000) });

export const ZHearingListQuery = ZPageQuery.extend({
  regionCode: ZRegionCode.optional(),
  status: z.enum(HEARING_STATUSES).optional(),
  quarter: ZQuarter.optional(),
});
export type THearingListQuery = z.infer<typeof ZHearingListQuery>;

export const ZRatingCounts = z.object({
  satisfied: z.number().int(),
  basically_satisfied: z.number().int(),
  dissatisfied: z.number().int(),
  total: z.number().int(),
  /** dissatisfied / total, 0–1; null with no ratings. */
  dissatisfiedShare: z.number().nullable(),
});
export type TRatingCounts = z.infer<typeof ZRatingCounts>;

export const ZHearingCadre = z.object({
  id: z.string(),
  name: z.string(),
  position: z.string(),
  userId: z.string().nullable(),
  report: z.string().nullable(),
  reportPublishedAt: z.string().nullable(),
  /** Published once the session is closed; staff see them live. */
  results: ZRatingCounts.nullable(),
});
export type THearingCadre = z.infer<typeof ZHearingCadre>;

export const ZHearing = z.object({
  id: z.string(),
  regionCode: z.string(),
  villageName: z.string(),
  title: z.string(),
  quarter: z.string(),
  scheduledAt: z.string(),
  place: z.string(),
  description: z.string().nullable(),
  status: z.enum(HEARING_STATUSES),
  startedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  cadres: z.array(ZHearingCadre),
  questionCount: z.number().int(),
  answeredCount: z.number().int(),
});
export type THearing = z.infer<typeof ZHearing>;

export const VILLAGE_QUESTION_STATUSES = ['open', 'answered', 'hidden'] as const;
export type TVillageQuestionStatus = (typeof VILLAGE_QUESTION_STATUSES)[number];
export const VILLAGE_QUESTION_TIMELINESS = ['on_time', 'late'] as const;
export const VILLAGE_QUESTION_STATUS_LABELS: Record<TVillageQuestionStatus, string> = { open: '待答复', answered: '已答复', hidden: '已屏蔽' };

/** A villager's question: to a session (and optionally one cadre of it) or to the village in general (我要提问). */
export const ZAskVillageQuestionRequest = z.object({
  villageCode: ZRegionCode,
  hearingId: z.string().uuid().optional(),
  cadreId: z.string().uuid().optional(),
  content: z.string().trim().min(5, { message: '问题至少写5个字' }).max(1000, { message: '问题最多1000字' }),
  /** Without a villager session a question is always anonymous; with one, the masked name is shown unless this is set. */
  anonymous: z.boolean().default(true),
});
export type TAskVillageQuestionRequest = z.infer<typeof ZAskVillageQuestionRequest>;

export const ZVillageQuestion = z.object({
  id: z.string(),
  regionCode: z.string(),
  hearingId: z.string().nullable(),
  cadreId: z.string().nullable(),
  cadreName: z.string().nullable(),
  content: z.string(),
  /** 匿名村民, or the verified villager's masked name (张*（已核验）). */
  askerLabel: z.string(),
  askedAt: z.string(),
  dueOn: z.string(),
  status: z.enum(VILLAGE_QUESTION_STATUSES),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answeredByName: z.string().nullable(),
  isOverdue: z.boolean(),
  /** Staff views only. */
  hideReason: z.string().nullable().optional(),
});
export type TVillageQuestion = z.infer<typeof ZVillageQuestion>;

export const ZVillageQuestionListQuery = ZPageQuery.extend({
  regionCode: ZRegionCode.optional(),
  hearingId: z.string().uuid().optional(),
  status: z.enum(VILLAGE_QUESTION_STATUSES).optional(),
  /** `true`: open questions past their due date only (a query string, so 'false' must not read as true). */
  overdue: z.enum(['true', 'false'], { message: '应为true或false' }).transform((v) => v === 'true').optional(),
  /** `false`: hidden (屏蔽) questions left out, as the dashboards count; `true`: hidden ones only. */
  hidden: z.enum(['true', 'false'], { message: '应为true或false' }).transform((v) => v === 'true').optional(),
  /** Asked (`created_at`, China date) on or after / on or before. */
  askedFrom: zCalendarDate('提问日期起').optional(),
  askedTo: zCalendarDate('提问日期止').optional(),
  /** Due (`due_on`) on or after / on or before. */
  dueFrom: zCalendarDate('答复期限起').optional(),
  dueTo: zCalendarDate('答复期限止').optional(),
  /** Hidden questions are never judged. on_time: answered on or before the due date; late: answered after it, or open and past it. */
  timeliness: z.enum(VILLAGE_QUESTION_TIMELINESS, { message: 'timeliness 只能是 on_time 或 late' }).optional(),
});
export type TVillageQuestionListQuery = z.infer<typeof ZVillageQuestionListQuery>;

/** A session with its questions (staff: every question, hidden ones with the reason; portal: the questions not hidden). */
export const ZHearingDetail = ZHearing.extend({ questions: z.array(ZVillageQuestion) });
export type THearingDetail = z.infer<typeof ZHearingDetail>;

/** Portal: a village's sessions, newest first (cancelled ones too, with the reason). */
export const ZPublicHearingListQuery = ZPageQuery.extend({ villageCode: ZRegionCode });
export type TPublicHearingListQuery = z.infer<typeof ZPublicHearingListQuery>;

/** Portal: a village's questions not hidden, newest first; with `hearingId`, those of one session. */
export const ZPublicVillageQuestionListQuery = ZPageQuery.extend({ villageCode: ZRegionCode, hearingId: z.string().uuid({ message: '问政会编号格式不正确' }).optional() });
export type TPublicVillageQuestionListQuery = z.infer<typeof ZPublicVillageQuestionListQuery>;

export const ZAnswerVillageQuestionRequest = z.object({ answer: z.string().trim().min(2, { message: '请填写答复内容' }).max(3000) });

export const ZRateCadresRequest = z.object({
  ratings: z
    .array(
      z.object({
        cadreId: z.string().uuid(),
        level: z.enum(SATISFACTION_LEVELS, { message: '请选择满意、基本满意或不满意' }),
        comment: z.string().trim().max(300, { message: '意见最多300字' }).optional(),
      }),
    )
    .min(1, { message: '请至少评议一名干部' })
    .max(20),
});
export type TRateCadresRequest = z.infer<typeof ZRateCadresRequest>;

/** For the villager: which cadres of this session they have already rated. */
export const ZMyRatings = z.object({ ratedCadreIds: z.array(z.string()) });

/** Staff (township discipline and above, and the village discipline member): the comments left with ratings. */
export const ZRatingComment = z.object({ cadreId: z.string(), cadreName: z.string(), level: z.enum(SATISFACTION_LEVELS), comment: z.string(), createdAt: z.string() });
