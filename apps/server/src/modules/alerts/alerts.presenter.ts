import type { TAlert } from '@mpw/contracts';
import type { AlertRow, AlertViewRow } from './alerts.repository.js';

export function presentAlert(row: AlertViewRow): TAlert {
  return {
    id: row.id,
    rule: row.rule as TAlert['rule'],
    subjectType: row.subjectType as TAlert['subjectType'],
    subjectId: row.subjectId,
    regionCode: row.regionCode,
    regionName: row.regionName ?? row.regionCode,
    severity: row.severity,
    status: row.status,
    summary: row.summary,
    evidence: row.evidence,
    firstRaisedAt: row.firstRaisedAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    resolvedByDataAt: row.resolvedByDataAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of an alert (its identity is the event's entity id). */
export function auditableAlert(row: Pick<AlertRow, 'rule' | 'subjectType' | 'subjectId' | 'regionCode' | 'severity' | 'status' | 'summary' | 'evidence'>) {
  return {
    rule: row.rule,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    regionCode: row.regionCode,
    severity: row.severity,
    status: row.status,
    summary: row.summary,
    evidence: row.evidence,
  };
}
