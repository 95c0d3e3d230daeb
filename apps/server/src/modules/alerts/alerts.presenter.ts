import type { TAlert } from '@mpw/contracts';
import type { AlertRow, AlertViewRow } from './alerts.repository.js';
import { outcomeOf } from './alerts.policy.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

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
    resolvedByDataAt: iso(row.resolvedByDataAt),
    resolvedByData: row.resolvedByDataAt !== null,
    assignedTo: row.assignedTo,
    assigneeName: row.assigneeName,
    assignedAt: iso(row.assignedAt),
    handledBy: row.handledBy,
    handlerName: row.handlerName,
    handledAt: iso(row.handledAt),
    handlingReason: row.handlingReason,
    falsePositive: row.falsePositive,
    closedAt: iso(row.closedAt),
    closingNote: row.closingNote,
    linkType: (row.linkType as TAlert['linkType']) ?? null,
    linkId: row.linkId,
    escalatedAt: iso(row.escalatedAt),
    escalated: row.escalatedAt !== null,
    outcome: outcomeOf(row),
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

/** The handling fields of an alert, as the audit log keeps them before and after a state change. */
export function auditableHandling(row: Pick<AlertRow, 'status' | 'assignedTo' | 'handlingReason' | 'falsePositive' | 'closingNote' | 'linkType' | 'linkId'>) {
  return {
    status: row.status,
    assignedTo: row.assignedTo,
    handlingReason: row.handlingReason,
    falsePositive: row.falsePositive,
    closingNote: row.closingNote,
    linkType: row.linkType,
    linkId: row.linkId,
  };
}
