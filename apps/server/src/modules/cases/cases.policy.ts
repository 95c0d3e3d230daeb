import { sql, type SQL } from 'drizzle-orm';
import { cases } from '@mpw/db';
import {
  hasPermission,
  isWithinRegion,
  parentCodeOf,
  regionLevelOf,
  type TCaseDetail,
  type TCaseStatus,
  type TFaultToleranceStatus,
  type TTypicalCaseStatus,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { inRegionScope } from '../../lib/scope.js';

/**
 * Cases (案件): who sees a case file, which step comes next, who approves 容错纠错 and what an
 * anonymised summary may not contain. Pure rules, plus the visibility rule as SQL.
 */

/** The fields of a case the rules read. */
export interface CaseFacts {
  kind: string;
  status: string;
  handlingRegionCode: string;
  faultToleranceStatus: string | null;
  faultToleranceProposedBy: string | null;
}

// ---- Visibility: the handling level and above ----

/** A case file is visible to holders of case:case:read whose scope contains the handling unit (a township case: that township and its district). */
export function canSeeCase(actor: Actor, c: Pick<CaseFacts, 'handlingRegionCode'>): boolean {
  if (actor.kind === 'system') return true;
  return !!actor.regionCode && hasPermission(actor.roles, 'case:case:read') && isWithinRegion(c.handlingRegionCode, actor.regionCode);
}

/** The same rule as `canSeeCase`, as a predicate on the cases table. */
export function caseVisibleTo(actor: Actor): SQL {
  if (actor.kind === 'system') return sql`true`;
  if (!actor.regionCode || !hasPermission(actor.roles, 'case:case:read')) return sql`false`;
  return inRegionScope(cases.handlingRegionCode, actor.regionCode);
}

/** Writing needs case:case:write on a case the actor can see (the handling unit or a level above it). */
export function canWriteCase(actor: Actor, c: Pick<CaseFacts, 'handlingRegionCode'>): boolean {
  return canSeeCase(actor, c) && (actor.kind === 'system' || hasPermission(actor.roles, 'case:case:write'));
}

// ---- Where a case may be handled ----

/** The handling unit must be a township or the district, and where it happened must lie within it. */
export function handlingRegionProblem(handling: string, regionCode: string): string | null {
  if (regionLevelOf(handling) === 'village') return '办理单位应为乡镇或区纪委监委';
  if (!isWithinRegion(regionCode, handling)) return '办理单位须为问题发生地所在的乡镇或区';
  return null;
}

/** The actor creates a case at its own level or passes it up (a township to its district); never down or sideways. */
export function mayHandleAt(actor: Actor, handling: string): boolean {
  if (actor.kind === 'system') return true;
  if (!actor.regionCode) return false;
  for (let code: string | null = actor.regionCode; code; code = parentCodeOf(code)) if (code === handling) return true;
  return false;
}

// ---- The flow ----

export type CaseStep = 'file' | 'close_unfiled' | 'investigate' | 'review' | 'decide' | 'execute';

/** preliminary (初核) → filed (立案) | closed_unfiled → investigating → reviewing (审理) → decided → executed. */
export const STEP_FROM: Record<CaseStep, { from: TCaseStatus; to: TCaseStatus }> = {
  file: { from: 'preliminary', to: 'filed' },
  close_unfiled: { from: 'preliminary', to: 'closed_unfiled' },
  investigate: { from: 'filed', to: 'investigating' },
  review: { from: 'investigating', to: 'reviewing' },
  decide: { from: 'reviewing', to: 'decided' },
  execute: { from: 'decided', to: 'executed' },
};

const STEP_REFUSAL: Record<CaseStep, string> = {
  file: '只有初核中的线索可以立案',
  close_unfiled: '只有初核中的线索可以了结',
  investigate: '只有已立案的案件可以开始调查',
  review: '只有调查中的案件可以移送审理',
  decide: '只有审理中的案件可以作出处理决定',
  execute: '只有已作出处理决定的案件可以登记执行',
};

/** Why the step cannot happen now (a conflict), or null. */
export function stepRefusal(c: Pick<CaseFacts, 'status' | 'faultToleranceStatus'>, step: CaseStep): string | null {
  if (c.status !== STEP_FROM[step].from) return STEP_REFUSAL[step];
  if (step === 'decide' && c.faultToleranceStatus === 'pending') return '容错纠错申请尚待上级审批，审批后才能作出处理决定';
  return null;
}

// ---- 容错纠错 ----

export function toleranceProposalRefusal(c: Pick<CaseFacts, 'status' | 'faultToleranceStatus'>): string | null {
  if (c.status !== 'investigating' && c.status !== 'reviewing') return '只有调查或审理中的案件可以提出容错纠错';
  if (c.faultToleranceStatus === 'pending') return '已提出容错纠错，正在等待上级审批';
  if (c.faultToleranceStatus) return '该案件的容错纠错已经审批';
  return null;
}

/**
 * Who approves a 容错纠错 proposal: one level up. A township case is approved by the district
 * (an account whose region is strictly above the handling unit). A district case has no level
 * above it on this platform: another district account than the one who proposed it approves it
 * (so nobody ever approves their own proposal). Returns why the actor may not, or null.
 */
export function toleranceApprovalRefusal(actor: Actor, c: Pick<CaseFacts, 'handlingRegionCode' | 'faultToleranceStatus' | 'faultToleranceProposedBy'>): { forbidden: boolean; message: string } | null {
  if (c.faultToleranceStatus !== 'pending') return { forbidden: false, message: '没有待审批的容错纠错申请' };
  if (actor.kind === 'system') return null;
  if (!hasPermission(actor.roles, 'case:tolerance:approve') || !actor.regionCode) return { forbidden: true, message: '没有审批容错纠错的权限' };
  if (c.faultToleranceProposedBy && c.faultToleranceProposedBy === actor.userId) return { forbidden: true, message: '提出容错纠错的人不能审批自己的申请' };
  const handlingIsDistrict = regionLevelOf(c.handlingRegionCode) === 'district';
  if (handlingIsDistrict) {
    if (actor.regionCode !== c.handlingRegionCode) return { forbidden: true, message: '区级办理的案件由区纪委监委其他人员审批容错纠错' };
    return null;
  }
  const strictlyAbove = isWithinRegion(c.handlingRegionCode, actor.regionCode) && actor.regionCode !== c.handlingRegionCode;
  if (!strictlyAbove) return { forbidden: true, message: '容错纠错须由办理单位的上一级审批，同级不能审批' };
  return null;
}

// ---- Typical cases (以案促改) ----

const ID_NUMBER = /(?<![0-9])\d{17}[\dXx](?![0-9])/;
const MOBILE = /(?<![0-9])1[3-9]\d{9}(?![0-9])/;

/**
 * What makes a text unfit to publish: the name of a person of the case (the full name, and the
 * given name of a name of three characters or more), an 18-digit identity number or an 11-digit
 * mobile number. Returns the message, or null.
 */
export function anonymisationProblem(text: string, names: readonly string[]): string | null {
  const compact = text.replace(/\s+/g, '');
  for (const name of names) {
    const n = name.replace(/\s+/g, '');
    if (!n) continue;
    const tokens = n.length >= 3 ? [n, n.slice(1)] : [n];
    if (tokens.some((t) => compact.includes(t))) return '不得包含被调查人或被问责人的姓名，请改为“某村党支部书记张某”等匿名写法';
  }
  if (ID_NUMBER.test(text)) return '不得包含身份证号码';
  if (MOBILE.test(text)) return '不得包含手机号码';
  return null;
}

export function typicalDraftRefusal(c: Pick<CaseFacts, 'status'>, existing: TTypicalCaseStatus | null): string | null {
  if (c.status !== 'decided' && c.status !== 'executed') return '只有作出处理决定后的案件可以作为典型案例';
  if (existing === 'approved' || existing === 'published') return '该案件的典型案例已批准或已发布，如需修改请先撤回';
  return null;
}

// ---- What the actor may do now ----

export type CaseAction = TCaseDetail['actions'][number];

export function actionsOf(
  actor: Actor,
  c: CaseFacts,
  typical: { status: TTypicalCaseStatus; createdBy: string | null } | null,
): CaseAction[] {
  if (!canSeeCase(actor, c)) return [];
  const out: CaseAction[] = [];
  const write = canWriteCase(actor, c);
  if (write) {
    const steps: [CaseStep, CaseAction][] = [['file', 'file'], ['close_unfiled', 'close_unfiled'], ['investigate', 'investigate'], ['review', 'review'], ['decide', 'decide'], ['execute', 'execute']];
    for (const [step, action] of steps) if (!stepRefusal(c, step)) out.push(action);
    out.push('note');
    if (!toleranceProposalRefusal(c)) out.push('propose_tolerance');
    if (c.kind === 'main' && accountabilityRefusal(c) === null) out.push('add_accountability');
    if (!typicalDraftRefusal(c, typical?.status ?? null)) out.push('draft_typical');
  }
  if (!toleranceApprovalRefusal(actor, c)) out.push('decide_tolerance');
  if (typical && canApproveTypical(actor)) {
    if (typical.status === 'draft' && !(typical.createdBy && typical.createdBy === actor.userId)) out.push('decide_typical');
    if (typical.status === 'approved') out.push('publish_typical');
    if (typical.status === 'published') out.push('withdraw_typical');
  }
  return out;
}

/** 一案双查 is recorded once the main case is on file (立案) or later. */
export function accountabilityRefusal(c: Pick<CaseFacts, 'kind' | 'status'>): string | null {
  if (c.kind !== 'main') return '问责记录本身不能再登记一案双查';
  if (c.status === 'preliminary' || c.status === 'closed_unfiled') return '立案后才能登记一案双查问责';
  return null;
}

export function canApproveTypical(actor: Actor): boolean {
  return actor.kind === 'system' || hasPermission(actor.roles, 'case:typical:approve');
}

export type { TFaultToleranceStatus };
