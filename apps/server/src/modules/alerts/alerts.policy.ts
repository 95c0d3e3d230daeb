import { ALERT_RULE_SEVERITY, type TAlertRule, type TAlertSeverity, type TAlertStatus } from '@mpw/contracts';

/** The severity an alert of `rule` is raised with: the caller's, else the rule's settled grade. */
export function severityFor(rule: TAlertRule, given?: TAlertSeverity): TAlertSeverity {
  const severity = given ?? ALERT_RULE_SEVERITY[rule];
  if (!severity) throw new Error(`alert rule ${rule} has no default severity: pass one`);
  return severity;
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
