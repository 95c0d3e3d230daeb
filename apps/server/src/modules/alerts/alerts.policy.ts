import { ALERT_RULE_SEVERITY, hasPermission, isWithinRegion, type TAlertOutcome, type TAlertRule, type TAlertSeverity, type TAlertStatus, type TRole } from '@mpw/contracts';

/** The severity an alert of `rule` is raised with: the caller's, else the rule's settled grade. */
export function severityFor(rule: TAlertRule, given?: TAlertSeverity): TAlertSeverity {
  const severity = given ?? ALERT_RULE_SEVERITY[rule];
  if (!severity) throw new Error(`alert rule ${rule} has no default severity: pass one`);
  return severity;
}

/**
 * The severity after a new raise. A red alert never steps down by itself: it stays red until a
 * person closes it (after verifying the rectification); a later raise may only raise the grade.
 */
export function severityAfterRaise(existing: { severity: TAlertSeverity; status: TAlertStatus }, raised: TAlertSeverity): TAlertSeverity {
  if (existing.severity === 'red' && existing.status !== 'closed') return 'red';
  return raised;
}

/**
 * What a new raise does to an existing alert. A person's judgement (confirmed, dismissed,
 * closed) stands while the cause is still seen. An alert whose cause had gone (resolved by
 * data) and is seen again has come back: the mark is cleared, and a closed one reopens.
 */
export function afterRaise(existing: { status: TAlertStatus; resolvedByDataAt: Date | null }): { status: TAlertStatus; cameBack: boolean } {
  const cameBack = existing.resolvedByDataAt !== null;
  return { status: cameBack && existing.status === 'closed' ? 'open' : existing.status, cameBack };
}

// ---- Handling: open → (assigned) → confirmed | dismissed → closed; closed | dismissed → open ----

export type AlertAction = 'assign' | 'confirm' | 'dismiss' | 'close' | 'reopen';

const FROM: Record<AlertAction, readonly TAlertStatus[]> = {
  assign: ['open'],
  confirm: ['open'],
  dismiss: ['open'],
  close: ['confirmed', 'dismissed'],
  reopen: ['closed', 'dismissed'],
};

const REFUSAL: Record<AlertAction, string> = {
  assign: '只有待核查的预警可以分派',
  confirm: '只有待核查的预警可以确认',
  dismiss: '只有待核查的预警可以排除',
  close: '只有已确认或已排除的预警可以办结',
  reopen: '只有已办结或已排除的预警可以重新打开',
};

/** Null when `action` may be taken on an alert in `status`; else why not (Chinese). */
export function refusalOf(action: AlertAction, status: TAlertStatus): string | null {
  return FROM[action].includes(status) ? null : REFUSAL[action];
}

export function statusAfter(action: Exclude<AlertAction, 'assign'>): TAlertStatus {
  return action === 'confirm' ? 'confirmed' : action === 'dismiss' ? 'dismissed' : action === 'close' ? 'closed' : 'open';
}

/**
 * Why a manual close with `linkType` is refused, or null. A red (红色) alert that was confirmed
 * steps down only when its rectification is verified (linkType 'rectification') or a case is linked
 * ('case'); a dismissed one (排除) may be closed without a link.
 */
export function closeLinkRefusal(a: { severity: TAlertSeverity; status: TAlertStatus }, linkType: string): string | null {
  if (a.severity === 'red' && a.status === 'confirmed' && linkType === 'none') return '红色预警须在整改验收销号或立案后办结，请关联整改通知书或案件';
  return null;
}

/** Whether an account may be given an alert of `villageCode`: active, a person, its scope covers the village, it may handle alerts. */
export function canHandleAlertOf(user: { status: string; isMachine: boolean; regionCode: string; roles: string[] }, villageCode: string): boolean {
  return user.status === 'active' && !user.isMachine && isWithinRegion(villageCode, user.regionCode) && hasPermission(user.roles as TRole[], 'alert:alert:handle');
}

/** The outcome a rule's precision counts (the same reading as the SQL in alerts.repository.ts). */
export function outcomeOf(a: { status: TAlertStatus; falsePositive: boolean | null; handledAt: Date | null }): TAlertOutcome {
  if (a.status === 'open') return 'pending';
  if (a.falsePositive === true) return 'false_positive';
  if (a.falsePositive === false) return 'dismissed';
  if (a.status === 'confirmed' || (a.status === 'closed' && a.handledAt)) return 'confirmed';
  return 'pending';
}

/** The township (9 digits + 000) of a village code: where its default handler sits. */
export function townshipOf(regionCode: string): string {
  return regionCode.slice(0, 9) + '000';
}
