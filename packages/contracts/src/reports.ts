import { z } from 'zod';
import { isCalendarDate, zCalendarDate } from './calendar.js';
import { ZPageQuery } from './common.js';
import { ZRegionCode } from './regions.js';

/**
 * Reports from the public (举报 / 检举控告), handled across the four supervision levels (四级联动).
 * Rules: shared/spec/domain.md "Reports"; design and privacy guarantees: docs/reports.md.
 */

export const REPORT_CATEGORIES = ['subsistence', 'works', 'finance', 'collective_assets', 'farm_subsidy', 'conduct', 'other'] as const;
export type TReportCategory = (typeof REPORT_CATEGORIES)[number];
export const REPORT_CATEGORY_LABELS: Record<TReportCategory, string> = {
  subsistence: '低保/救助',
  works: '工程项目',
  finance: '财务',
  collective_assets: '三资',
  farm_subsidy: '惠农补贴',
  conduct: '作风',
  other: '其他',
};
/** Categories that concern the use of village micro-power (作风 and 其他 do not): the dashboards' share and the list's `microPower` filter. */
export const MICRO_POWER_REPORT_CATEGORIES: readonly TReportCategory[] = ['subsistence', 'works', 'finance', 'collective_assets', 'farm_subsidy'];

/** How the report arrived: the portal, or recorded by staff from a phone call, a letter or a visit. */
export const REPORT_CHANNELS = ['portal', 'phone', 'letter', 'visit'] as const;
export type TReportChannel = (typeof REPORT_CHANNELS)[number];
export const REPORT_CHANNEL_LABELS: Record<TReportChannel, string> = { portal: '网上举报', phone: '电话举报', letter: '来信', visit: '来访' };

/**
 * Who is reported, which decides who may never see the report: a village cadre's report is never
 * visible to any account of that village; a township official's goes to the district and is never
 * visible to any account of that township (a body's own head goes one level up).
 */
export const REPORT_SUBJECT_KINDS = ['village_cadre', 'township_official', 'other'] as const;
export type TReportSubjectKind = (typeof REPORT_SUBJECT_KINDS)[number];
export const REPORT_SUBJECT_KIND_LABELS: Record<TReportSubjectKind, string> = {
  village_cadre: '村干部',
  township_official: '乡镇干部',
  other: '其他人员',
};

/** The four levels of 四级联动, top down. */
export const REPORT_LEVELS = ['district', 'township', 'village_discipline', 'village_supervision'] as const;
export type TReportLevel = (typeof REPORT_LEVELS)[number];
export const REPORT_LEVEL_LABELS: Record<TReportLevel, string> = {
  district: '区纪委监委',
  township: '乡镇纪委',
  village_discipline: '村纪检委员',
  village_supervision: '村务监督委员会',
};
/** The role that handles a report at each level. */
export const REPORT_LEVEL_ROLES = {
  district: 'district_inspector',
  township: 'township_discipline',
  village_discipline: 'village_discipline',
  village_supervision: 'village_supervisor',
} as const;

/**
 * received → accepted | not_accepted; accepted → assigned → verifying → concluded → feedback_given → archived.
 * not_accepted → archived (the reporter is told the reason). A transfer between levels keeps the
 * status at `accepted` (waiting for a person at the new level).
 */
export const REPORT_STATUSES = ['received', 'not_accepted', 'accepted', 'assigned', 'verifying', 'concluded', 'feedback_given', 'archived'] as const;
export type TReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABELS: Record<TReportStatus, string> = {
  received: '已收到',
  not_accepted: '不予受理',
  accepted: '已受理',
  assigned: '已交办',
  verifying: '核查中',
  concluded: '已办结',
  feedback_given: '已反馈',
  archived: '已归档',
};
/** The same statuses in words for the reporter (no internal detail). */
export const REPORT_STATUS_PUBLIC_LABELS: Record<TReportStatus, string> = {
  received: '已收到，等待受理',
  not_accepted: '不予受理',
  accepted: '已受理，正在安排核查',
  assigned: '已安排专人核查',
  verifying: '正在核查',
  concluded: '核查已办结，等待反馈',
  feedback_given: '已反馈办理结果',
  archived: '已归档',
};

export const REPORT_CONCLUSIONS = ['true', 'partly_true', 'untrue'] as const;
export type TReportConclusion = (typeof REPORT_CONCLUSIONS)[number];
export const REPORT_CONCLUSION_LABELS: Record<TReportConclusion, string> = { true: '属实', partly_true: '部分属实', untrue: '不属实' };

export const REPORT_PRIORITIES = ['normal', 'high'] as const;
export type TReportPriority = (typeof REPORT_PRIORITIES)[number];

/** Kinds of entries in a report's history (report_events). */
export const REPORT_EVENT_KINDS = [
  'received',
  'accepted',
  'not_accepted',
  'assigned',
  'transferred',
  'note',
  'evidence',
  'concluded',
  'feedback',
  'archived',
  'question',
  'reply',
  'retaliation',
  'reveal',
  'handover',
  'linked',
  'reward',
  'identity_erased',
] as const;
export type TReportEventKind = (typeof REPORT_EVENT_KINDS)[number];
export const REPORT_EVENT_KIND_LABELS: Record<TReportEventKind, string> = {
  received: '收到举报',
  accepted: '受理',
  not_accepted: '不予受理',
  assigned: '交办',
  transferred: '转办',
  note: '核查记录',
  evidence: '补充证据',
  concluded: '办结',
  feedback: '反馈举报人',
  archived: '归档',
  question: '向举报人提问',
  reply: '举报人答复',
  retaliation: '举报人反映遭受打击报复',
  reveal: '查看举报人身份',
  handover: '工作交接',
  linked: '关联案件/整改',
  reward: '举报奖励',
  identity_erased: '举报人身份信息已按期删除',
};

/** What a confirmed report can be linked to (the case and rectification modules link here when they exist). */
export const REPORT_LINK_TYPES = ['case', 'rectification'] as const;
export type TReportLinkType = (typeof REPORT_LINK_TYPES)[number];

export const REWARD_STATUSES = ['proposed', 'approved', 'rejected', 'paid'] as const;
export type TRewardStatus = (typeof REWARD_STATUSES)[number];
export const REWARD_STATUS_LABELS: Record<TRewardStatus, string> = { proposed: '待审批', approved: '已批准', rejected: '未批准', paid: '已发放' };

const ZIsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为YYYY-MM-DD' }).refine(isCalendarDate, { message: '不是有效的日期' });
const required = (label: string, max: number) => z.string().trim().min(1, { message: `请填写${label}` }).max(max, { message: `${label}不能超过${max}个字` });
const optionalText = (label: string, max: number) => z.string().trim().max(max, { message: `${label}不能超过${max}个字` }).optional();
const ZUuid = (label: string) => z.string().uuid({ message: `${label}编号格式不正确` });

/** GB 11643 shape (the check character is verified by the server). */
const ZIdNumber = z.string().trim().toUpperCase().regex(/^\d{17}[\dX]$/, { message: '身份证号应为18位（最后一位可为X）' });
const ZPhone = z.string().trim().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, { message: '联系电话应为11位手机号或带区号的固定电话' });

/** A receipt code as given to the reporter: 4 groups of 4 letters/digits (no 0/O/1/I), e.g. `K7QM-3XHP-9WTD-RB2F`. */
export const RECEIPT_CODE = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;
export const ZReceiptCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(RECEIPT_CODE, { message: '受理码格式不正确（4组4位字母或数字，如 K7QM-3XHP-9WTD-RB2F）' });
export const ZPassphrase = z.string().min(8, { message: '查询密码至少8位' }).max(64, { message: '查询密码不能超过64位' });

/** The real-name reporter: sealed at rest with the key outside the database; shown only through an audited reveal. */
export const ZReporterIdentity = z.object({
  name: required('举报人姓名', 50),
  idNumber: ZIdNumber.optional(),
  phone: ZPhone,
  address: optionalText('联系地址', 200),
  /** The reporter asks for protection measures (保护请求). */
  wantsProtection: z.boolean().default(false),
});
export type TReporterIdentity = z.infer<typeof ZReporterIdentity>;

/** What every report says, from the portal or from console intake. */
const ZReportBody = z.object({
  category: z.enum(REPORT_CATEGORIES, { message: '请选择举报类别' }),
  /** The village the matter concerns (for a township official: any village of that township, or the township itself). */
  regionCode: ZRegionCode,
  subjectName: required('被举报人姓名', 50),
  subjectPosition: required('被举报人职务', 50),
  subjectKind: z.enum(REPORT_SUBJECT_KINDS, { message: '请选择被举报人身份' }),
  content: required('举报内容', 5000),
  /** When it happened, in the reporter's words ("2026年3月", "去年秋收后"). */
  occurredWhen: optionalText('发生时间', 100),
  anonymous: z.boolean(),
  reporter: ZReporterIdentity.optional(),
});

const reporterRule = (r: { anonymous: boolean; reporter?: unknown }, ctx: z.RefinementCtx) => {
  if (!r.anonymous && !r.reporter) ctx.addIssue({ code: 'custom', path: ['reporter'], message: '实名举报请填写举报人姓名和联系电话' });
  if (r.anonymous && r.reporter) ctx.addIssue({ code: 'custom', path: ['reporter'], message: '匿名举报不能填写举报人信息' });
};

/** Portal submission: a solved proof-of-work challenge and the passphrase the reporter chose. */
export const ZSubmitReportRequest = ZReportBody.extend({
  challenge: z.string().min(10).max(500, { message: '验证信息无效' }),
  nonce: z.string().regex(/^\d{1,12}$/, { message: '验证信息无效' }),
  passphrase: ZPassphrase,
}).superRefine(reporterRule);
export type TSubmitReportRequest = z.infer<typeof ZSubmitReportRequest>;

/** Console intake of a report received by phone, letter or visit. */
export const ZIntakeReportRequest = ZReportBody.extend({
  channel: z.enum(['phone', 'letter', 'visit'], { message: '请选择举报方式' }),
  /** The date it was received (defaults to today). */
  receivedOn: ZIsoDate.optional(),
  /** Optional passphrase told to the reporter so they can follow up on the portal with the receipt code. */
  passphrase: ZPassphrase.optional(),
}).superRefine(reporterRule);
export type TIntakeReportRequest = z.infer<typeof ZIntakeReportRequest>;

/** Answered once, right after submission or intake: the receipt code is never shown again. */
export const ZReportReceipt = z.object({
  id: z.string(),
  number: z.string(),
  receiptCode: z.string(),
  receivedOn: z.string(),
});
export type TReportReceipt = z.infer<typeof ZReportReceipt>;

/** The proof-of-work asked of an anonymous submitter: find `nonce` so that SHA-256(challenge + ":" + nonce) starts with `difficulty` zero bits. */
export const ZReportChallenge = z.object({ challenge: z.string(), difficulty: z.number().int(), expiresAt: z.string() });
export type TReportChallenge = z.infer<typeof ZReportChallenge>;

/** Count of leading zero bits of a digest (used by the portal's solver and the server's check). */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    bits += Math.clz32(byte) - 24;
    break;
  }
  return bits;
}

export const ZReportAccessRequest = z.object({ receiptCode: ZReceiptCode, passphrase: ZPassphrase });
export type TReportAccessRequest = z.infer<typeof ZReportAccessRequest>;
/** A short-lived token for the reporter's later requests (header `X-Report-Token`). */
export const ZReportAccess = z.object({ token: z.string(), expiresAt: z.string() });

export const ZReporterMessageRequest = z.object({ body: required('内容', 2000) });
export type TReporterMessageRequest = z.infer<typeof ZReporterMessageRequest>;
export const ZRetaliationRequest = z.object({ description: required('遭受打击报复的情况', 2000) });
export type TRetaliationRequest = z.infer<typeof ZRetaliationRequest>;

export const ZReportMessage = z.object({
  id: z.string(),
  direction: z.enum(['to_reporter', 'from_reporter']),
  body: z.string(),
  /** From the reporter: the day only (YYYY-MM-DD). To the reporter: a timestamp. */
  at: z.string(),
});
export type TReportMessage = z.infer<typeof ZReportMessage>;

/** What the reporter sees with code + passphrase: progress in plain words, questions, feedback. Nothing about the handlers. */
export const ZReporterView = z.object({
  number: z.string(),
  category: z.enum(REPORT_CATEGORIES),
  status: z.enum(REPORT_STATUSES),
  statusText: z.string(),
  receivedOn: z.string(),
  anonymous: z.boolean(),
  content: z.string(),
  /** Steps in plain words with their day. */
  progress: z.array(z.object({ on: z.string(), text: z.string() })),
  messages: z.array(ZReportMessage),
  /** Reason given when not accepted; the result fed back after conclusion. */
  feedback: z.string().nullable(),
  conclusion: z.enum(REPORT_CONCLUSIONS).nullable(),
  attachments: z.array(z.object({ id: z.string(), fileName: z.string(), mimeType: z.string(), sizeBytes: z.number() })),
  retaliationFlagged: z.boolean(),
  /** Whether the reporter can still add to it (not archived). */
  isOpen: z.boolean(),
});
export type TReporterView = z.infer<typeof ZReporterView>;

// ---- Staff side ----

const ZReportFlag = z.enum(['true', 'false'], { message: '应为true或false' }).transform((v) => v === 'true');
/** How a list splits concluded reports, as the dashboards do: confirmed (属实, 部分属实) or not. */
export const REPORT_CONCLUSION_FILTERS = ['confirmed', 'not_confirmed'] as const;

export const ZReportListQuery = ZPageQuery.extend({
  status: z.enum(REPORT_STATUSES).optional(),
  category: z.enum(REPORT_CATEGORIES).optional(),
  level: z.enum(REPORT_LEVELS).optional(),
  regionCode: ZRegionCode.optional(),
  /** Only reports past their current time limit. */
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** Only reports assigned to me. */
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  q: z.string().max(50).optional(),
  /** Received (`received_on`) on or after / on or before, China dates. */
  receivedFrom: zCalendarDate('收到日期起').optional(),
  receivedTo: zCalendarDate('收到日期止').optional(),
  /** true: ever accepted (受理, whatever the later status); false: never accepted. */
  accepted: ZReportFlag.optional(),
  /** true: concluded by the handler (办结, whatever the later status); false: not yet. */
  concluded: ZReportFlag.optional(),
  /** confirmed: 属实 or 部分属实; not_confirmed: 不属实. */
  conclusion: z.enum(REPORT_CONCLUSION_FILTERS, { message: 'conclusion 只能是 confirmed 或 not_confirmed' }).optional(),
  /** true: the category concerns micro-power (MICRO_POWER_REPORT_CATEGORIES); false: 作风 or 其他. */
  microPower: ZReportFlag.optional(),
});
export type TReportListQuery = z.infer<typeof ZReportListQuery>;

export const ZReportSummary = z.object({
  id: z.string(),
  number: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  category: z.enum(REPORT_CATEGORIES),
  channel: z.enum(REPORT_CHANNELS),
  subjectName: z.string(),
  subjectPosition: z.string(),
  subjectKind: z.enum(REPORT_SUBJECT_KINDS),
  anonymous: z.boolean(),
  status: z.enum(REPORT_STATUSES),
  priority: z.enum(REPORT_PRIORITIES),
  handlingLevel: z.enum(REPORT_LEVELS),
  handlingRegionCode: z.string(),
  assignedTo: z.string().nullable(),
  assignedToName: z.string().nullable(),
  /** The day it arrived: staff never see the time of an anonymous report. */
  receivedOn: z.string(),
  /** The current time limit (acceptance, transfer, verification or feedback), if any. */
  dueOn: z.string().nullable(),
  isOverdue: z.boolean(),
  conclusion: z.enum(REPORT_CONCLUSIONS).nullable(),
  retaliationFlagged: z.boolean(),
});
export type TReportSummary = z.infer<typeof ZReportSummary>;

export const ZReportEvent = z.object({
  id: z.string(),
  kind: z.enum(REPORT_EVENT_KINDS),
  /** Day only for events that came from the reporter; timestamp otherwise. */
  at: z.string(),
  actorName: z.string().nullable(),
  level: z.enum(REPORT_LEVELS).nullable(),
  note: z.string().nullable(),
  fromStatus: z.enum(REPORT_STATUSES).nullable(),
  toStatus: z.enum(REPORT_STATUSES).nullable(),
});
export type TReportEvent = z.infer<typeof ZReportEvent>;

export const ZReportReward = z.object({
  id: z.string(),
  amountFen: z.number().int(),
  status: z.enum(REWARD_STATUSES),
  note: z.string().nullable(),
  proposedByName: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
});
export type TReportReward = z.infer<typeof ZReportReward>;

export const ZReportDetail = ZReportSummary.extend({
  content: z.string(),
  occurredWhen: z.string().nullable(),
  subjectIdNumber: z.string().nullable(),
  /** Whether a sealed reporter identity exists (real-name and not yet erased); the identity itself needs a reveal. */
  hasReporterIdentity: z.boolean(),
  reporterErasedAt: z.string().nullable(),
  wantsProtection: z.boolean(),
  conclusionNote: z.string().nullable(),
  feedback: z.string().nullable(),
  notAcceptedReason: z.string().nullable(),
  linkType: z.enum(REPORT_LINK_TYPES).nullable(),
  linkId: z.string().nullable(),
  archivedAt: z.string().nullable(),
  events: z.array(ZReportEvent),
  messages: z.array(ZReportMessage),
  rewards: z.array(ZReportReward),
  attachments: z.array(z.object({ id: z.string(), fileName: z.string(), mimeType: z.string(), sizeBytes: z.number(), fromReporter: z.boolean() })),
  /** What the current user may do now (the server decides; buttons follow). */
  can: z.object({
    accept: z.boolean(),
    assign: z.boolean(),
    transfer: z.boolean(),
    /** Record the reported person's identity number (POST /:id/subject). */
    setSubject: z.boolean(),
    note: z.boolean(),
    conclude: z.boolean(),
    feedback: z.boolean(),
    archive: z.boolean(),
    ask: z.boolean(),
    reveal: z.boolean(),
    proposeReward: z.boolean(),
    decideReward: z.boolean(),
    link: z.boolean(),
  }),
});
export type TReportDetail = z.infer<typeof ZReportDetail>;

export const ZAcceptReportRequest = z.object({ note: optionalText('受理意见', 1000) });
export const ZNotAcceptReportRequest = z.object({ reason: required('不予受理理由', 1000) });
export const ZAssignReportRequest = z.object({ userId: ZUuid('承办人'), note: optionalText('交办意见', 1000) });
export type TAssignReportRequest = z.infer<typeof ZAssignReportRequest>;
/** Move the clue to another level (up or down); the receiving level assigns a person. */
export const ZTransferReportRequest = z.object({
  level: z.enum(REPORT_LEVELS, { message: '请选择转办层级' }),
  reason: required('转办理由', 1000),
});
export type TTransferReportRequest = z.infer<typeof ZTransferReportRequest>;
export const ZReportNoteRequest = z.object({ note: required('核查记录', 5000), attachmentIds: z.array(ZUuid('附件')).max(20).default([]) });
export const ZConcludeReportRequest = z.object({ conclusion: z.enum(REPORT_CONCLUSIONS, { message: '请选择核查结论' }), note: required('核查结论说明', 5000) });
export type TConcludeReportRequest = z.infer<typeof ZConcludeReportRequest>;
export const ZReportFeedbackRequest = z.object({ text: required('反馈内容', 2000) });
export const ZAskReporterRequest = z.object({ body: required('问题', 2000) });
export const ZRevealReporterRequest = z.object({ reason: required('查看理由', 500) });
export const ZRevealedReporter = ZReporterIdentity.extend({ revealedAt: z.string() });
export type TRevealedReporter = z.infer<typeof ZRevealedReporter>;
export const ZLinkReportRequest = z.object({ linkType: z.enum(REPORT_LINK_TYPES), linkId: required('关联编号', 100) });
export const ZProposeRewardRequest = z.object({
  amountFen: z.number({ message: '奖励金额应为数字（单位：分）' }).int({ message: '奖励金额以分为单位，应为整数' }).positive({ message: '奖励金额应大于0' }),
  note: optionalText('说明', 1000),
});
export type TProposeRewardRequest = z.infer<typeof ZProposeRewardRequest>;
export const ZDecideRewardRequest = z.object({ approve: z.boolean(), note: optionalText('审批意见', 1000) });
/** Explicit handover when a handler leaves or rotates: their open reports go to another person. */
export const ZReportHandoverRequest = z.object({
  fromUserId: ZUuid('原承办人'),
  toUserId: ZUuid('新承办人'),
  reason: required('交接理由', 500),
});
export type TReportHandoverRequest = z.infer<typeof ZReportHandoverRequest>;

/** A person who could take the report, with why not if they cannot (the reported person, a close relative, wrong level). */
export const ZReportAssignee = z.object({
  userId: z.string(),
  displayName: z.string(),
  regionCode: z.string(),
  level: z.enum(REPORT_LEVELS),
  conflict: z.string().nullable(),
});
export type TReportAssignee = z.infer<typeof ZReportAssignee>;
