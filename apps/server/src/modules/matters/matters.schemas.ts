import { z } from 'zod';
import { MATTER_ACTIONS, MATTER_STATUSES, ZPageQuery, ZRegionCode, zCalendarDate } from '@mpw/contracts';

const ZFen = z.number({ message: '金额必须是数字（单位：分）' }).int({ message: '金额以分为单位，必须是整数' }).min(0, { message: '金额不能为负' }).max(1e13, { message: '金额过大' });

export const ZStartMatterRequest = z.object({
  itemId: z.uuid({ message: '请选择权力事项' }),
  regionCode: ZRegionCode,
  title: z.string().trim().min(1, { message: '请填写事项标题' }).max(100, { message: '标题不能超过100个字' }),
  amountFen: ZFen.optional(),
  applicantName: z.string().trim().min(1).max(50, { message: '姓名不能超过50个字' }).optional(),
  applicantIdNumber: z.string().trim().regex(/^\d{17}[\dXx]$/, { message: '身份证号应为18位' }).optional(),
  note: z.string().trim().max(500, { message: '说明不能超过500个字' }).optional(),
  isPublic: z.boolean().default(true),
});
export type TStartMatterRequest = z.infer<typeof ZStartMatterRequest>;

/** A meeting record for a 四议两公开 step (the decisions module validates the legal rules). */
export const ZMeetingRecord = z.object({
  body: z.string().trim().max(40).optional(),
  heldOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '会议日期格式应为YYYY-MM-DD' }),
  place: z.string().trim().max(100).optional(),
  chair: z.string().trim().max(50).optional(),
  recorder: z.string().trim().max(50).optional(),
  eligible: z.number().int().min(0).optional(),
  attendees: z.number().int().min(0).optional(),
  votesFor: z.number().int().min(0).optional(),
  votesAgainst: z.number().int().min(0).optional(),
  abstentions: z.number().int().min(0).optional(),
  minutes: z.string().trim().max(5000).optional(),
});
export type TMeetingRecord = z.infer<typeof ZMeetingRecord>;

export const ZMatterActionRequest = z.object({
  action: z.enum(MATTER_ACTIONS, { message: '未知操作' }),
  note: z.string().trim().max(1000, { message: '意见不能超过1000个字' }).optional(),
  meeting: ZMeetingRecord.optional(),
  objectionId: z.uuid().optional(),
  /** For answer_objection: whether the objection was found to be right (the application then fails). */
  upheld: z.boolean().optional(),
  /** For `object` entered by staff on a villager's behalf. */
  objectorName: z.string().trim().max(50).optional(),
});
export type TMatterActionRequest = z.infer<typeof ZMatterActionRequest>;

export const ZMatterListQuery = ZPageQuery.extend({
  status: z.enum(MATTER_STATUSES).optional(),
  regionCode: ZRegionCode.optional(),
  itemId: z.uuid().optional(),
  q: z.string().trim().max(50).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** Started (`created_at`, China date) on or after / on or before. */
  createdFrom: zCalendarDate('发起日期起').optional(),
  createdTo: zCalendarDate('发起日期止').optional(),
});
export type TMatterListQuery = z.infer<typeof ZMatterListQuery>;

const ZStep = z.object({
  index: z.number().int(),
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  role: z.string(),
  state: z.enum(['done', 'current', 'pending', 'skipped']),
  deadlineDays: z.number().int(),
  disclose: z.string(),
  /** For a 四议两公开 meeting step: which stage it records. */
  stage: z.string().nullable(),
});

export const ZMatterSummary = z.object({
  id: z.string(),
  matterNo: z.string(),
  title: z.string(),
  itemId: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  itemVersion: z.number().int(),
  regionCode: z.string(),
  regionName: z.string(),
  status: z.enum(MATTER_STATUSES),
  amountFen: z.number().nullable(),
  currentStepName: z.string().nullable(),
  currentStepKind: z.string().nullable(),
  currentStepRole: z.string().nullable(),
  stepDueOn: z.string().nullable(),
  isOverdue: z.boolean(),
  createdAt: z.string(),
});

export const ZMatterDetail = ZMatterSummary.extend({
  applicantName: z.string().nullable(),
  applicantIdMasked: z.string().nullable(),
  decisionId: z.string().nullable(),
  noticeEndsOn: z.string().nullable(),
  steps: z.array(ZStep),
  events: z.array(
    z.object({
      id: z.string(),
      action: z.string(),
      stepId: z.string().nullable(),
      stepName: z.string().nullable(),
      actorName: z.string().nullable(),
      actorRole: z.string().nullable(),
      note: z.string().nullable(),
      data: z.unknown().nullable(),
      at: z.string(),
    }),
  ),
  objections: z.array(
    z.object({
      id: z.string(),
      stepId: z.string(),
      content: z.string(),
      raisedByName: z.string().nullable(),
      raisedAt: z.string(),
      answer: z.string().nullable(),
      answeredAt: z.string().nullable(),
      upheld: z.boolean().nullable(),
    }),
  ),
  allowedActions: z.array(z.string()),
});
export type TMatterDetail = z.infer<typeof ZMatterDetail>;

export const ZPublicMatter = z.object({
  id: z.string(),
  matterNo: z.string(),
  title: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  regionCode: z.string(),
  status: z.enum(MATTER_STATUSES),
  applicantName: z.string().nullable(),
  amountFen: z.number().nullable(),
  currentStepName: z.string().nullable(),
  noticeEndsOn: z.string().nullable(),
  createdAt: z.string(),
  steps: z.array(ZStep.pick({ index: true, name: true, kind: true, state: true, disclose: true })).optional(),
  events: z.array(z.object({ stepName: z.string().nullable(), action: z.string(), note: z.string().nullable(), at: z.string() })).optional(),
  objections: z.array(z.object({ raisedAt: z.string(), answer: z.string().nullable(), answeredAt: z.string().nullable() })).optional(),
});

export const ZPublicObjectionRequest = z.object({
  content: z.string().trim().min(5, { message: '请写明异议内容（至少5个字）' }).max(1000, { message: '异议内容不能超过1000个字' }),
  name: z.string().trim().max(50, { message: '姓名不能超过50个字' }).optional(),
});
