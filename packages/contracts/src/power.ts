import { z } from 'zod';
import { ROLES } from './roles.js';
import { ZPageQuery } from './common.js';

/** 权力事项类别 — the eight categories of the district catalogue. */
export const POWER_CATEGORIES = ['重大事项决策', '财务管理', '资产资源', '工程项目', '民生保障', '便民服务', '组织建设', '其他'] as const;
export type TPowerCategory = (typeof POWER_CATEGORIES)[number];

/** The six stages of 四议两公开, in their legal order. */
export const DECISION_STAGES = ['proposal', 'consultation', 'review', 'resolution', 'resolution_published', 'result_published'] as const;
export type TDecisionStage = (typeof DECISION_STAGES)[number];
export const DECISION_STAGE_LABELS: Record<TDecisionStage, string> = {
  proposal: '党组织提议',
  consultation: '两委会商议',
  review: '党员大会审议',
  resolution: '村民(代表)会议决议',
  resolution_published: '决议公开',
  result_published: '实施结果公开',
};

export const FLOW_STEP_KINDS = ['application', 'review', 'meeting', 'notice', 'filing', 'execution', 'disclosure'] as const;
export type TFlowStepKind = (typeof FLOW_STEP_KINDS)[number];
export const FLOW_STEP_KIND_LABELS: Record<TFlowStepKind, string> = {
  application: '申请',
  review: '审核/审批',
  meeting: '四议两公开会议',
  notice: '公示',
  filing: '乡镇备案',
  execution: '组织实施',
  disclosure: '结果公开',
};

const ZStepId = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { message: '步骤编号只能用小写字母、数字和下划线，以字母开头' });
const ZDays = z.number().int({ message: '必须是整数' }).min(1, { message: '至少1天' }).max(365, { message: '不能超过365天' });

/**
 * A step applies only when the matter's amount reaches a district threshold setting
 * (e.g. the full 四议两公开 procedure above the major-matter amount).
 */
export const ZStepCondition = z.object({
  amountAtLeastSetting: z.string().min(1).max(100),
});

const stepBase = {
  id: ZStepId,
  name: z.string().trim().min(1, { message: '步骤名称不能为空' }).max(40, { message: '步骤名称不能超过40个字' }),
  /** The role that acts at this step; the actor must hold it and the matter must be in scope. */
  role: z.enum(ROLES, { message: '未知角色' }),
  /** Working days allowed for this step (a notice's own length is `days`). */
  deadlineDays: ZDays,
  materials: z.array(z.string().trim().min(1).max(60)).max(30).default([]),
  /** What villagers see about this step on the portal (empty = nothing beyond its name). */
  disclose: z.string().trim().max(200).default(''),
  when: ZStepCondition.optional(),
};

export const ZFlowStep = z.discriminatedUnion('kind', [
  z.object({ ...stepBase, kind: z.literal('application') }),
  z.object({ ...stepBase, kind: z.literal('review'), /** May send the matter back to the applicant. */ canReturn: z.boolean().default(true) }),
  z.object({ ...stepBase, kind: z.literal('meeting'), stage: z.enum(DECISION_STAGES, { message: '未知会议环节' }) }),
  z.object({ ...stepBase, kind: z.literal('notice'), /** Calendar days the public notice stays up. */ days: ZDays }),
  z.object({ ...stepBase, kind: z.literal('filing') }),
  z.object({ ...stepBase, kind: z.literal('execution'), requiresVouchers: z.boolean().default(true) }),
  z.object({ ...stepBase, kind: z.literal('disclosure') }),
]);
export type TFlowStep = z.infer<typeof ZFlowStep>;

/** A flow is data: an ordered list of steps, validated as a whole. */
export const ZFlow = z
  .object({ steps: z.array(ZFlowStep).min(1, { message: '流程至少要有一个步骤' }).max(40, { message: '流程不能超过40个步骤' }) })
  .superRefine((flow, ctx) => {
    const ids = new Set<string>();
    flow.steps.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `步骤编号 ${s.id} 重复` });
      ids.add(s.id);
    });
    // 四议两公开: meeting stages appear in their legal order, each at most once.
    const stages = flow.steps.flatMap((s, i) => (s.kind === 'meeting' ? [{ i, order: DECISION_STAGES.indexOf(s.stage) }] : []));
    for (let k = 1; k < stages.length; k++) {
      if (stages[k]!.order <= stages[k - 1]!.order) {
        ctx.addIssue({ code: 'custom', path: ['steps', stages[k]!.i, 'stage'], message: '四议两公开的环节必须按 提议→商议→审议→决议→决议公开→结果公开 的顺序，且不能重复' });
      }
    }
    if (stages.length > 0) {
      const present = new Set(flow.steps.flatMap((s) => (s.kind === 'meeting' ? [s.stage] : [])));
      const resolutionAt = DECISION_STAGES.indexOf('resolution');
      for (const st of DECISION_STAGES.slice(0, resolutionAt + 1)) {
        if (present.has('resolution') && !present.has(st)) {
          ctx.addIssue({ code: 'custom', path: ['steps'], message: `有“决议”环节时不能缺少“${DECISION_STAGE_LABELS[st]}”` });
        }
      }
    }
    if (flow.steps[0] && flow.steps[0].kind !== 'application' && flow.steps[0].kind !== 'meeting') {
      ctx.addIssue({ code: 'custom', path: ['steps', 0, 'kind'], message: '流程应从“申请”或“党组织提议”开始' });
    }
  });
export type TFlow = z.infer<typeof ZFlow>;

export const ZResponsibility = z.object({
  subject: z.string().trim().min(1).max(40),
  duty: z.string().trim().min(1).max(300),
});
export const ZRiskPoint = z.object({
  risk: z.string().trim().min(1).max(200),
  level: z.enum(['高', '中', '低']),
  prevention: z.string().trim().min(1).max(300),
});
export const ZDisclosureRule = z.object({
  what: z.string().trim().min(1).max(200),
  when: z.string().trim().min(1).max(100),
});

/** The content of one version of a power item (权力事项): immutable once saved. */
export const ZPowerItemContent = z.object({
  name: z.string().trim().min(1, { message: '名称不能为空' }).max(60, { message: '名称不能超过60个字' }),
  category: z.enum(POWER_CATEGORIES, { message: '未知类别' }),
  /** Class per GB/T 41374-2022 where it fits (e.g. "村务决策", "村务管理/财务管理"). */
  gbClass: z.string().trim().max(60).default(''),
  legalBasis: z.array(z.string().trim().min(1).max(200)).min(1, { message: '至少写一条依据' }).max(20),
  responsibilities: z.array(ZResponsibility).min(1, { message: '至少写一个责任主体' }).max(20),
  flow: ZFlow,
  riskPoints: z.array(ZRiskPoint).max(30).default([]),
  disclosure: z.array(ZDisclosureRule).max(20).default([]),
  /** Total working days from application to result. */
  timeLimitDays: ZDays,
  materials: z.array(z.string().trim().min(1).max(60)).max(40).default([]),
  /** 服务事项 for villagers (shown in the portal's service guide) vs 公权力事项. */
  isService: z.boolean().default(false),
  /** Whether every matter of this item must be filed with the township. */
  summary: z.string().trim().max(300).default(''),
});
export type TPowerItemContent = z.infer<typeof ZPowerItemContent>;

export const POWER_ITEM_STATUSES = ['active', 'pending_approval', 'rejected', 'retired'] as const;

export const ZPowerItem = z.object({
  id: z.string(),
  code: z.string(),
  regionCode: z.string(),
  scopeLevel: z.enum(['district', 'township', 'village']),
  status: z.enum(POWER_ITEM_STATUSES),
  version: z.number().int(),
  content: ZPowerItemContent,
  updatedAt: z.string(),
});
export type TPowerItem = z.infer<typeof ZPowerItem>;

export const ZPowerItemVersion = z.object({
  version: z.number().int(),
  content: ZPowerItemContent,
  changeNote: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});

export const ZCreatePowerItemRequest = z.object({
  code: z.string().trim().regex(/^[A-Z]{1,4}-?[0-9A-Z-]{1,12}$/, { message: '编号应为大写字母和数字，如 JC-01' }),
  content: ZPowerItemContent,
  changeNote: z.string().trim().max(200).optional(),
});
export const ZUpdatePowerItemRequest = z.object({
  content: ZPowerItemContent,
  changeNote: z.string().trim().min(1, { message: '请说明修改原因' }).max(200),
});
export const ZPowerItemListQuery = ZPageQuery.extend({
  category: z.enum(POWER_CATEGORIES).optional(),
  q: z.string().trim().max(50).optional(),
  status: z.enum(POWER_ITEM_STATUSES).optional(),
  regionCode: z.string().regex(/^\d{12}$/).optional(),
});

/** Matters (事项办理) */
export const MATTER_STATUSES = ['running', 'paused', 'completed', 'rejected', 'withdrawn'] as const;
export type TMatterStatus = (typeof MATTER_STATUSES)[number];
/** The names of a matter's states (事项状态): the export, the dashboards and the villagers' household view. */
export const MATTER_STATUS_LABELS: Record<TMatterStatus, string> = { running: '办理中', paused: '暂停（有异议）', completed: '已办结', rejected: '未通过', withdrawn: '已撤回' };
export const MATTER_ACTIONS = ['start', 'submit', 'approve', 'reject', 'return', 'object', 'answer_objection', 'close_notice', 'file_accept', 'file_return', 'record_meeting', 'execute', 'disclose', 'withdraw', 'attach', 'overdue'] as const;
export type TMatterAction = (typeof MATTER_ACTIONS)[number];
