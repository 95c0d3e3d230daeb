import { randomUUID } from 'node:crypto';
import { asc, desc, sql, type SQL } from 'drizzle-orm';
import { reportEvents, reportMessages } from '@mpw/db';
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

/**
 * Reporter-originated rows carry the start of their day only, so "by time" would put them before
 * everything else that day. History reads in this order instead: by China day; within a day the
 * arrival first, staff steps next, the reporter's own steps last; then by time.
 */
export const eventDayOrder: SQL[] = [
  sql`(${reportEvents.at} at time zone 'Asia/Shanghai')::date`,
  sql`case when ${reportEvents.kind} = 'received' then 0 when ${reportEvents.kind} in ('reply', 'evidence', 'retaliation') then 2 else 1 end`,
  asc(reportEvents.at),
  asc(reportEvents.id),
];

/** Messages: by China day; within a day the handler's questions before the reporter's answers; then by time. */
export const messageDayOrder: SQL[] = [
  sql`(${reportMessages.at} at time zone 'Asia/Shanghai')::date`,
  desc(reportMessages.direction),
  asc(reportMessages.at),
  asc(reportMessages.id),
];
