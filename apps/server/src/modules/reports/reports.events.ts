import { randomUUID } from 'node:crypto';
import { reportEvents } from '@mpw/db';
import type { TReportEventKind, TReportLevel, TReportStatus } from '@mpw/contracts';
import type { AuditedTx } from '../audit/audit.log.js';

export interface ReportEventInput {
  reportId: string;
  regionCode: string;
  kind: TReportEventKind;
  /** Defaults to now. Events that come from the reporter pass chinaDayStart(day): staff see the day only. */
  at?: Date;
  level?: TReportLevel | null;
  note?: string | null;
  fromStatus?: TReportStatus | null;
  toStatus?: TReportStatus | null;
}

/** Appends one entry to a report's history (report_events is append-only) in the caller's audited transaction. */
export async function addReportEvent(w: AuditedTx, e: ReportEventInput): Promise<string> {
  const id = randomUUID();
  const at = e.at ?? new Date();
  await w.tx.insert(reportEvents).values({
    id,
    reportId: e.reportId,
    regionCode: e.regionCode,
    kind: e.kind,
    at,
    actorId: w.actor.userId,
    level: e.level ?? null,
    note: e.note ?? null,
    fromStatus: e.fromStatus ?? null,
    toStatus: e.toStatus ?? null,
    createdBy: w.actor.userId,
    updatedBy: w.actor.userId,
    createdAt: at,
    updatedAt: at,
  });
  return id;
}
