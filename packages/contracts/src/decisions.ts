import { z } from 'zod';
import { isCalendarDate, zCalendarDate } from './calendar.js';
import { ZPageQuery } from './common.js';
import { DECISION_STAGES } from './power.js';
import { ZRegionCode } from './regions.js';

/** 四议两公开 decisions: status of the whole procedure. */
export const DECISION_STATUSES = ['in_progress', 'passed', 'failed', 'completed'] as const;
export type TDecisionStatus = (typeof DECISION_STATUSES)[number];
export const DECISION_STATUS_LABELS: Record<TDecisionStatus, string> = {
  in_progress: '进行中',
  passed: '决议通过',
  failed: '未通过',
  completed: '已完成',
};

/** The two bodies that may pass a `resolution` (村民委员会组织法 art. 21–26). */
export const RESOLUTION_BODIES = ['村民会议', '村民代表会议'] as const;
export type TResolutionBody = (typeof RESOLUTION_BODIES)[number];

/** Outcome of a voting meeting (review, resolution); other stages have none. */
export const STAGE_OUTCOMES = ['passed', 'failed'] as const;
export type TStageOutcome = (typeof STAGE_OUTCOMES)[number];

const ZIsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为YYYY-MM-DD' })
  .refine(isCalendarDate, { message: '不是有效的日期' });

const count = (label: string) =>
  z
    .number({ message: `${label}必须是数字` })
    .int({ message: `${label}必须是整数` })
    .min(0, { message: `${label}不能为负` })
    .max(1_000_000, { message: `${label}过大` });

export const ZCreateDecisionRequest = z.object({
  /** The village the decision belongs to; a village account may leave it out (its own village). */
  regionCode: ZRegionCode.optional(),
  title: z.string().trim().min(1, { message: '请填写决策事项' }).max(100, { message: '决策事项不能超过100个字' }),
  /** Integer fen; empty when no money is involved. */
  amountFen: z
    .number({ message: '金额必须是数字（单位：分）' })
    .int({ message: '金额以分为单位，必须是整数' })
    .min(0, { message: '金额不能为负' })
    .max(1e13, { message: '金额过大' })
    .nullable()
    .optional(),
  /** The matter (事项办理) this decision serves, when the matters module started it. */
  matterId: z.uuid({ message: '事项编号格式不正确' }).optional(),
});
export type TCreateDecisionRequest = z.infer<typeof ZCreateDecisionRequest>;

/**
 * The minutes of one meeting or notice of 四议两公开. Counts are required for the voting
 * meetings (review, resolution) and optional elsewhere; the legal rules (quorum, majority)
 * are the server's (they decide the outcome, they never refuse the record).
 */
export const ZRecordDecisionStageRequest = z.object({
  stage: z.enum(DECISION_STAGES, { message: '未知的决策环节' }),
  /** For `resolution`: 村民会议 or 村民代表会议; other meetings may name their body. */
  body: z.string().trim().max(40, { message: '会议类型不能超过40个字' }).optional(),
  heldOn: ZIsoDate,
  place: z.string().trim().max(100, { message: '地点不能超过100个字' }).optional(),
  chair: z.string().trim().max(50, { message: '主持人不能超过50个字' }).optional(),
  recorder: z.string().trim().max(50, { message: '记录人不能超过50个字' }).optional(),
  eligible: count('应到人数').optional(),
  attendees: count('实到人数').optional(),
  votesFor: count('赞成票').optional(),
  votesAgainst: count('反对票').optional(),
  abstentions: count('弃权票').optional(),
  minutes: z.string().trim().max(5000, { message: '会议记录不能超过5000个字' }).optional(),
});
export type TRecordDecisionStageRequest = z.infer<typeof ZRecordDecisionStageRequest>;

export const ZDecisionStageView = z.object({
  id: z.string(),
  stage: z.enum(DECISION_STAGES),
  body: z.string().nullable(),
  heldOn: z.string(),
  place: z.string().nullable(),
  chair: z.string().nullable(),
  recorder: z.string().nullable(),
  eligible: z.number().int().nullable(),
  attendees: z.number().int().nullable(),
  votesFor: z.number().int().nullable(),
  votesAgainst: z.number().int().nullable(),
  abstentions: z.number().int().nullable(),
  minutes: z.string().nullable(),
  /** Set by the server when the record is entered, never by the client. */
  recordedAt: z.string(),
  recordedBy: z.string().nullable(),
  /** Entered more than `decisions.lateRecordDays` after the meeting (LATE_RECORD). */
  isLate: z.boolean(),
  outcome: z.enum(STAGE_OUTCOMES).nullable(),
  outcomeReason: z.string().nullable(),
});
export type TDecisionStageView = z.infer<typeof ZDecisionStageView>;

export const ZDecision = z.object({
  id: z.string(),
  /** `<village code>-<year>-<4-digit seq>`: decision_id in decisions.csv and in ledger/contract data. */
  decisionNo: z.string(),
  regionCode: ZRegionCode,
  regionName: z.string(),
  title: z.string(),
  amountFen: z.number().int().nullable(),
  /** The amount reaches the district's major-matter threshold (decisions.majorMatterThresholdFen). */
  isMajor: z.boolean(),
  matterId: z.string().nullable(),
  status: z.enum(DECISION_STATUSES),
  /** The stage that may be recorded next, or null when the procedure is over (completed or failed). */
  nextStage: z.enum(DECISION_STAGES).nullable(),
  stages: z.array(ZDecisionStageView),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TDecision = z.infer<typeof ZDecision>;

export const ZDecisionListQuery = ZPageQuery.extend({
  status: z.enum(DECISION_STATUSES, { message: '未知的决策状态' }).optional(),
  regionCode: ZRegionCode.optional(),
  q: z.string().trim().max(50, { message: '搜索词不能超过50个字' }).optional(),
  /** Recorded on the platform (`created_at`, China date) on or after / on or before. */
  createdFrom: zCalendarDate('登记日期起').optional(),
  createdTo: zCalendarDate('登记日期止').optional(),
});
export type TDecisionListQuery = z.infer<typeof ZDecisionListQuery>;

export const ZDecisionExportQuery = z.object({ regionCode: ZRegionCode.optional() });

/** What villagers see of a stage: the meeting and its votes, never who chaired or recorded it. */
export const ZPublicDecisionStage = ZDecisionStageView.pick({
  stage: true,
  body: true,
  heldOn: true,
  eligible: true,
  attendees: true,
  votesFor: true,
  votesAgainst: true,
  abstentions: true,
  minutes: true,
  recordedAt: true,
  isLate: true,
  outcome: true,
  outcomeReason: true,
});
export type TPublicDecisionStage = z.infer<typeof ZPublicDecisionStage>;

export const ZPublicDecision = ZDecision.pick({
  id: true,
  decisionNo: true,
  regionCode: true,
  regionName: true,
  title: true,
  amountFen: true,
  status: true,
}).extend({ stages: z.array(ZPublicDecisionStage) });
export type TPublicDecision = z.infer<typeof ZPublicDecision>;

export const ZPublicDecisionListQuery = ZPageQuery.extend({
  village: ZRegionCode,
});
