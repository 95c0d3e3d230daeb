import { hasPermission, type THearingStatus, type TRatingCounts, type TSatisfactionLevel, type TVillageQuestionStatus } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { maskPersonName } from '../assets/assets.policy.js';

/** The steps of a session and the status each may start from. */
export type HearingAction = 'edit' | 'start' | 'close' | 'cancel' | 'report' | 'ask' | 'rate';

const ALLOWED: Record<HearingAction, readonly THearingStatus[]> = {
  edit: ['scheduled'],
  start: ['scheduled'],
  close: ['in_session'],
  cancel: ['scheduled', 'in_session'],
  report: ['scheduled', 'in_session'],
  ask: ['scheduled', 'in_session'],
  rate: ['in_session'],
};

const REFUSALS: Record<HearingAction, string> = {
  edit: '问政会已开始或已结束，不能再修改安排',
  start: '只有“即将召开”的问政会可以开始',
  close: '只有“正在问政”的问政会可以结束',
  cancel: '问政会已结束或已取消，不能取消',
  report: '问政会已结束或已取消，述职述廉报告不能再修改',
  ask: '该问政会已结束或已取消，不再接受提问，可以在“我要提问”中提出',
  rate: '只有在问政会进行期间才能评议干部',
};

/** Why a step is refused in this status (a 409 message), or null when it is allowed. */
export function refusalOf(action: HearingAction, status: THearingStatus): string | null {
  return ALLOWED[action].includes(status) ? null : REFUSALS[action];
}

/** A cadre's own account writes its report; otherwise a village manager does. */
export function canWriteReport(actor: Actor, cadre: { userId: string | null }): boolean {
  return (cadre.userId !== null && cadre.userId === actor.userId) || hasPermission(actor.roles, 'hearing:hearing:manage');
}

const EMPTY_COUNTS = { satisfied: 0, basically_satisfied: 0, dissatisfied: 0 };

/** Counts per level, the total and the share of 不满意 (null with no ratings). */
export function ratingCounts(counts: Partial<Record<TSatisfactionLevel, number>>): TRatingCounts {
  const c = { ...EMPTY_COUNTS, ...counts };
  const total = c.satisfied + c.basically_satisfied + c.dissatisfied;
  return { ...c, total, dissatisfiedShare: total === 0 ? null : c.dissatisfied / total };
}

/**
 * CADRE_DISSATISFACTION: at least `minRatings` ratings and a 不满意 share of at least `sharePct`
 * per cent. Compared in whole numbers so a share exactly at the line counts (3 of 10 at 30%).
 */
export function isDissatisfied(c: TRatingCounts, minRatings: number, sharePct: number): boolean {
  return c.total >= minRatings && c.dissatisfied * 100 >= sharePct * c.total;
}

export const ANONYMOUS_LABEL = '匿名村民';
export const VERIFIED_SUFFIX = '（已核验）';

/** The masked name a named, verified asker is shown with (张*华). */
export const maskedAskerName = (name: string) => maskPersonName(name);

/** What the public sees of who asked. */
export function askerLabel(q: { isAnonymous: boolean; askerNameMasked: string | null }): string {
  return !q.isAnonymous && q.askerNameMasked ? `${q.askerNameMasked}${VERIFIED_SUFFIX}` : ANONYMOUS_LABEL;
}

export function isQuestionOverdue(q: { status: TVillageQuestionStatus; dueOn: string }, today: string): boolean {
  return q.status === 'open' && q.dueOn < today;
}

/** The quarter (2026-Q4) a China date falls in. */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}
