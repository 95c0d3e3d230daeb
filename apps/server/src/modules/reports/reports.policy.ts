import { and, eq, inArray, isNull, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { reports } from '@mpw/db';
import {
  REPORT_LEVEL_ROLES,
  REPORT_LEVELS,
  ROLE_DEFINITIONS,
  hasPermission,
  isWithinRegion,
  parentCodeOf,
  regionLevelOf,
  type TReportConclusion,
  type TReportLevel,
  type TReportStatus,
  type TRole,
  type TRewardStatus,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { inRegionScope } from '../../lib/scope.js';
import { townshipOf } from '../alerts/alerts.policy.js';
import { districtOf } from '../settings/settings.service.js';

/** The fields of a report every rule below reads. */
export interface ReportFacts {
  regionCode: string;
  barredRegionCode: string | null;
  handlingLevel: TReportLevel | string;
  handlingRegionCode: string;
  status: TReportStatus | string;
  assignedTo: string | null;
  isAnonymous: boolean;
  reporterSealed: string | null;
  conclusion: TReportConclusion | string | null;
}

// ---- Visibility: one rule, as a pure function and as the SQL every list and lookup uses ----

/** The region itself and every region above it (village → township → district). */
export function selfAndAncestors(code: string): string[] {
  const out = [code];
  for (let p = parentCodeOf(code); p; p = parentCodeOf(p)) out.push(p);
  return out;
}

/**
 * What the actor's roles let it read: 'all' (every report in its scope that is not barred to it),
 * or one village level, for the village roles that only see what is handed to their level.
 */
function readGrants(roles: readonly TRole[]): ('all' | TReportLevel)[] {
  const grants: ('all' | TReportLevel)[] = [];
  for (const role of roles) {
    if (!hasPermission([role], 'report:report:read')) continue;
    if (ROLE_DEFINITIONS[role].level !== 'village') {
      grants.push('all');
      continue;
    }
    const level = REPORT_LEVELS.find((l) => REPORT_LEVEL_ROLES[l] === role);
    if (level) grants.push(level);
  }
  return grants;
}

/**
 * Whether the actor may see a report: it may read reports, the report happened inside its scope,
 * the actor does not sit in (or under) the barred unit — the reported cadre's village, the reported
 * official's township — and a village role sees only what is handed to its level in its village.
 */
export function canSeeReport(actor: Actor, r: Pick<ReportFacts, 'regionCode' | 'barredRegionCode' | 'handlingLevel' | 'handlingRegionCode'>): boolean {
  if (actor.kind === 'system') return true;
  const scope = actor.regionCode;
  if (!scope || !isWithinRegion(r.regionCode, scope)) return false;
  if (r.barredRegionCode && selfAndAncestors(scope).includes(r.barredRegionCode)) return false;
  return readGrants(actor.roles).some((g) => g === 'all' || (g === r.handlingLevel && r.handlingRegionCode === scope));
}

/** The same rule as `canSeeReport`, as a predicate on the reports table. */
export function reportVisibleTo(actor: Actor): SQL {
  if (actor.kind === 'system') return sql`true`;
  const scope = actor.regionCode;
  const grants = readGrants(actor.roles);
  if (!scope || grants.length === 0) return sql`false`;
  const levels = grants.filter((g): g is TReportLevel => g !== 'all');
  return and(
    inRegionScope(reports.regionCode, scope),
    or(isNull(reports.barredRegionCode), notInArray(reports.barredRegionCode, selfAndAncestors(scope))),
    grants.includes('all') ? undefined : and(inArray(reports.handlingLevel, levels), eq(reports.handlingRegionCode, scope)),
  ) as SQL;
}

/**
 * The region a report's files and audit events are filed under: the handling unit's. Accounts of
 * a barred unit are never inside it (the handling unit is never in the barred one), and village
 * roles only reach it once the report is handed to their village.
 */
export function filingRegionOf(r: Pick<ReportFacts, 'handlingRegionCode'>): string {
  return r.handlingRegionCode;
}

// ---- Who acts ----

/** The level's assigner: may accept, assign, archive; the handling unit lies within its scope. */
export function isAssigner(actor: Actor, r: Pick<ReportFacts, 'handlingRegionCode'>): boolean {
  if (actor.kind === 'system') return true;
  return !!actor.regionCode && hasPermission(actor.roles, 'report:report:assign') && isWithinRegion(r.handlingRegionCode, actor.regionCode);
}

/** The person the report is assigned to (and who may still handle reports). */
export function isHandler(actor: Actor, r: Pick<ReportFacts, 'assignedTo'>): boolean {
  return !!actor.userId && actor.userId === r.assignedTo && hasPermission(actor.roles, 'report:report:handle');
}

export type ReportAction =
  | 'accept'
  | 'notAccept'
  | 'assign'
  | 'transfer'
  | 'setSubject'
  | 'note'
  | 'conclude'
  | 'feedback'
  | 'archive'
  | 'ask'
  | 'reveal'
  | 'link'
  | 'proposeReward';

type Who = 'assigner' | 'handler' | 'handlerOrAssigner' | 'revealer';

const RULES: Record<ReportAction, { from: readonly TReportStatus[]; who: Who; state: string; forbidden: string }> = {
  accept: { from: ['received'], who: 'assigner', state: '只有已收到、尚未受理的举报可以受理', forbidden: '只有该举报办理单位的负责人可以受理' },
  notAccept: { from: ['received'], who: 'assigner', state: '只有已收到、尚未受理的举报可以决定不予受理', forbidden: '只有该举报办理单位的负责人可以决定不予受理' },
  assign: { from: ['accepted', 'assigned', 'verifying'], who: 'assigner', state: '只有已受理、尚未办结的举报可以交办', forbidden: '只有该举报办理单位的负责人可以交办' },
  transfer: { from: ['received', 'accepted', 'assigned', 'verifying'], who: 'handlerOrAssigner', state: '已办结或已归档的举报不能转办', forbidden: '只有承办人或办理单位负责人可以转办' },
  setSubject: { from: ['received', 'accepted', 'assigned', 'verifying'], who: 'handlerOrAssigner', state: '已办结的举报不能再修改被举报人身份证号', forbidden: '只有承办人或办理单位负责人可以填写被举报人身份证号' },
  note: { from: ['assigned', 'verifying'], who: 'handler', state: '只有已交办、尚未办结的举报可以填写核查记录', forbidden: '只有承办人可以填写核查记录' },
  conclude: { from: ['assigned', 'verifying'], who: 'handler', state: '只有核查中的举报可以办结', forbidden: '只有承办人可以办结' },
  feedback: { from: ['concluded'], who: 'handlerOrAssigner', state: '只有已办结的举报可以反馈结果', forbidden: '只有承办人或办理单位负责人可以反馈结果' },
  archive: { from: ['feedback_given', 'not_accepted'], who: 'assigner', state: '只有已反馈结果或不予受理的举报可以归档', forbidden: '只有该举报办理单位的负责人可以归档' },
  ask: { from: ['assigned', 'verifying', 'concluded'], who: 'handler', state: '只有核查期间可以向举报人提问', forbidden: '只有承办人可以向举报人提问' },
  reveal: { from: ['assigned', 'verifying', 'concluded', 'feedback_given'], who: 'revealer', state: '只有交办后、归档前可以查看举报人身份', forbidden: '只有承办人可以查看举报人身份，且每次查看都会留痕' },
  link: { from: ['concluded', 'feedback_given', 'archived'], who: 'handlerOrAssigner', state: '只有已办结的举报可以关联案件或整改', forbidden: '只有承办人或办理单位负责人可以关联案件或整改' },
  proposeReward: { from: ['concluded', 'feedback_given', 'archived'], who: 'handlerOrAssigner', state: '只有已办结的举报可以提出奖励', forbidden: '只有承办人或办理单位负责人可以提出奖励' },
};

function allowedActor(actor: Actor, r: ReportFacts, who: Who): boolean {
  switch (who) {
    case 'assigner':
      return isAssigner(actor, r);
    case 'handler':
      return isHandler(actor, r);
    case 'handlerOrAssigner':
      return isHandler(actor, r) || (isAssigner(actor, r) && (actor.kind === 'system' || hasPermission(actor.roles, 'report:report:handle')));
    case 'revealer':
      return isHandler(actor, r) && hasPermission(actor.roles, 'report:identity:reveal');
  }
}

export const isConfirmed = (c: string | null) => c === 'true' || c === 'partly_true';
/** Rewards that block a new proposal (one reward per report unless the last was refused). */
const ACTIVE_REWARD: readonly TRewardStatus[] = ['proposed', 'approved', 'paid'];

export interface Refusal {
  code: 'FORBIDDEN' | 'CONFLICT';
  message: string;
}

/**
 * Null when the actor may take `action` on a visible report now; otherwise why not: FORBIDDEN
 * (not this person's step) or CONFLICT (not in this state). `rewards` matters for proposals only.
 */
export function refusalOf(actor: Actor, r: ReportFacts, action: ReportAction, rewards: readonly { status: string }[] = []): Refusal | null {
  const rule = RULES[action];
  if (!allowedActor(actor, r, rule.who)) return { code: 'FORBIDDEN', message: rule.forbidden };
  if (!rule.from.includes(r.status as TReportStatus)) return { code: 'CONFLICT', message: rule.state };
  if (action === 'reveal' && (r.isAnonymous || !r.reporterSealed)) return { code: 'CONFLICT', message: '匿名举报或举报人身份信息已按期删除，没有可查看的身份信息' };
  if ((action === 'link' || action === 'proposeReward') && !isConfirmed(r.conclusion)) return { code: 'CONFLICT', message: '只有核查属实或部分属实的举报可以关联案件、提出奖励' };
  if (action === 'proposeReward') {
    if (r.isAnonymous) return { code: 'CONFLICT', message: '只有实名举报可以给予奖励' };
    if (rewards.some((w) => ACTIVE_REWARD.includes(w.status as TRewardStatus))) return { code: 'CONFLICT', message: '该举报已有待审批或已批准的奖励' };
  }
  return null;
}

export const canDecideReward = (actor: Actor) => actor.kind === 'system' || hasPermission(actor.roles, 'report:reward:approve');

/** The buttons of the detail page: what the current user may do now. */
export function canFlags(actor: Actor, r: ReportFacts, rewards: readonly { status: string }[]) {
  const can = (a: ReportAction) => refusalOf(actor, r, a, rewards) === null;
  return {
    accept: can('accept'),
    assign: can('assign'),
    transfer: can('transfer'),
    setSubject: can('setSubject'),
    note: can('note'),
    conclude: can('conclude'),
    feedback: can('feedback'),
    archive: can('archive'),
    ask: can('ask'),
    reveal: can('reveal'),
    proposeReward: can('proposeReward'),
    decideReward: canDecideReward(actor) && rewards.some((w) => w.status === 'proposed' || w.status === 'approved'),
    link: can('link'),
  };
}

// ---- Routing between levels ----

export { townshipOf };

/** The unit that handles a report of `regionCode` at `level`; null when that level does not exist for it (a village level of a township matter). */
export function handlingRegionFor(level: TReportLevel, regionCode: string): string | null {
  if (level === 'district') return districtOf(regionCode);
  if (level === 'township') return regionLevelOf(regionCode) === 'district' ? null : townshipOf(regionCode);
  return regionLevelOf(regionCode) === 'village' ? regionCode : null;
}

/** Null when the report may be handed to `level`; otherwise why not (Chinese). */
export function transferRefusal(r: Pick<ReportFacts, 'regionCode' | 'barredRegionCode' | 'handlingLevel'>, level: TReportLevel): string | null {
  if (level === r.handlingLevel) return '该举报已在这一层级办理，无需转办';
  const target = handlingRegionFor(level, r.regionCode);
  if (!target) return '该举报不涉及具体的村，不能转交村级办理';
  if (r.barredRegionCode && isWithinRegion(target, r.barredRegionCode)) {
    return regionLevelOf(r.barredRegionCode) === 'village'
      ? '该举报反映的是本村干部，不能转交该村办理'
      : '该举报反映的是本乡镇干部，不能转交该乡镇或其所辖村办理';
  }
  return null;
}

/** Statuses whose time limit is running (due_on set). */
export const OPEN_STATUSES: readonly TReportStatus[] = ['received', 'accepted', 'assigned', 'verifying', 'concluded'];

export function isOverdue(r: { status: string; dueOn: string | null }, today: string): boolean {
  return r.dueOn !== null && r.dueOn < today && OPEN_STATUSES.includes(r.status as TReportStatus);
}

// ---- Conflicts of interest (回避) ----

export interface CandidateFacts {
  displayName: string;
  regionCode: string;
  idNumber: string | null;
}

/**
 * Why a person may not handle a report about `subject`, or null. With both identity numbers known:
 * the reported person, or a close relative (kinship rows either way, or the same household). With
 * either unknown: the same name as the reported person in the report's township (or its villages).
 */
export function conflictOf(
  user: CandidateFacts,
  subject: { name: string; idNumber: string | null; regionCode: string },
  relatives: ReadonlyMap<string, string>,
): string | null {
  if (subject.idNumber && user.idNumber) {
    if (user.idNumber.toUpperCase() === subject.idNumber.toUpperCase()) return '该工作人员是被举报人本人，应当回避';
    const relation = relatives.get(user.idNumber.toUpperCase());
    return relation ? `该工作人员是被举报人的近亲属（${relation}），应当回避` : null;
  }
  if (user.displayName.trim() === subject.name.trim() && isWithinRegion(user.regionCode, townshipOf(subject.regionCode))) {
    return '该工作人员与被举报人同名且在同一乡镇，可能是被举报人本人，应当回避（如非同一人，请先填写被举报人身份证号）';
  }
  return null;
}
