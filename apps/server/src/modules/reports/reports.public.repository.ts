import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { eventDayOrder, messageDayOrder } from './reports.events.js';
import { alerts, attachments, queryRows, regions, reportEvents, reportMessages, reports, type DbOrTx } from '@mpw/db';
import type { TReportStatus } from '@mpw/contracts';
import { inRegionScope } from '../../lib/scope.js';

export type ReportRow = typeof reports.$inferSelect;

const live = isNull(reports.deletedAt);

/** The report a receipt code leads to (looked up by the code's hash only). */
export async function findReportByReceiptHash(db: DbOrTx, hash: string): Promise<ReportRow | null> {
  const [row] = await db.select().from(reports).where(and(eq(reports.receiptHash, hash), live));
  return row ?? null;
}

export async function getReport(db: DbOrTx, id: string): Promise<ReportRow | null> {
  const [row] = await db.select().from(reports).where(and(eq(reports.id, id), live));
  return row ?? null;
}

/** The same row locked for a change by the reporter (retaliation flag, messages). */
export async function lockReport(db: DbOrTx, id: string): Promise<ReportRow | null> {
  const [row] = await db.select().from(reports).where(and(eq(reports.id, id), live)).for('update');
  return row ?? null;
}

export async function updateReport(db: DbOrTx, id: string, patch: Partial<typeof reports.$inferInsert>): Promise<void> {
  await db.update(reports).set(patch).where(eq(reports.id, id));
}

export async function listEvents(db: DbOrTx, reportId: string) {
  return db.select().from(reportEvents).where(eq(reportEvents.reportId, reportId)).orderBy(...eventDayOrder);
}

export async function listMessages(db: DbOrTx, reportId: string) {
  return db
    .select()
    .from(reportMessages)
    .where(and(eq(reportMessages.reportId, reportId), isNull(reportMessages.deletedAt)))
    .orderBy(...messageDayOrder);
}

export async function insertMessage(db: DbOrTx, row: typeof reportMessages.$inferInsert): Promise<void> {
  await db.insert(reportMessages).values(row);
}

/** Files the reporter added (stored without an account); the handlers' own files are not the reporter's to see. */
export async function listReporterAttachments(db: DbOrTx, reportId: string) {
  return db
    .select({ id: attachments.id, fileName: attachments.fileName, mimeType: attachments.mimeType, sizeBytes: attachments.sizeBytes })
    .from(attachments)
    .where(and(eq(attachments.entityType, 'report'), eq(attachments.entityId, reportId), isNull(attachments.createdBy), isNull(attachments.deletedAt)))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
}

/** After the files of an anonymous report moved with its handling unit: their `updated_at` shows the day only. */
export async function stampReportAttachmentsDay(db: DbOrTx, reportId: string, at: Date): Promise<void> {
  await db.update(attachments).set({ updatedAt: at }).where(and(eq(attachments.entityType, 'report'), eq(attachments.entityId, reportId), gt(attachments.updatedAt, at)));
}

// ---- Scheduled work ----

/** Statuses in which reports.due_on is a time limit someone must meet. */
export const DUE_STATUSES: TReportStatus[] = ['received', 'accepted', 'assigned', 'verifying', 'concluded'];

/** Reports past their current time limit (due_on before today) and still waiting on the handling unit. */
export async function findOverdueReports(db: DbOrTx, today: string) {
  return db
    .select({ id: reports.id, number: reports.number, status: reports.status, dueOn: reports.dueOn, handlingRegionCode: reports.handlingRegionCode, handlingLevel: reports.handlingLevel })
    .from(reports)
    .where(and(live, inArray(reports.status, DUE_STATUSES), isNotNull(reports.dueOn), lt(reports.dueOn, today)))
    .orderBy(asc(reports.number));
}

/** Report ids with a REPORT_OVERDUE alert whose cause is still standing (not yet resolved by data). */
export async function findStandingOverdueAlertSubjects(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .select({ subjectId: alerts.subjectId })
    .from(alerts)
    .where(and(eq(alerts.rule, 'REPORT_OVERDUE'), eq(alerts.subjectType, 'report'), isNull(alerts.resolvedByDataAt)));
  return rows.map((r) => r.subjectId);
}

/** Real-name reports of a district archived before `before` whose sealed identity is still kept. */
export async function findIdentitiesToErase(db: DbOrTx, district: string, before: Date) {
  return db
    .select({ id: reports.id, number: reports.number, regionCode: reports.regionCode, handlingRegionCode: reports.handlingRegionCode, archivedAt: reports.archivedAt })
    .from(reports)
    .where(and(live, inRegionScope(reports.regionCode, district), eq(reports.status, 'archived'), isNotNull(reports.reporterSealed), isNotNull(reports.archivedAt), lt(reports.archivedAt, before)));
}

/** Districts that have reports (each applies its own retention setting). */
export async function districtsWithReports(db: DbOrTx): Promise<string[]> {
  const rows = await queryRows<{ district: string }>(db, sql`select distinct substr(region_code, 1, 6) || '000000' as district from reports where deleted_at is null order by 1`);
  return rows.map((r) => r.district);
}

/** Reports still waiting for acceptance that arrived before `beforeDay`, with their handling unit. */
export async function findUnacceptedBefore(db: DbOrTx, beforeDay: string) {
  return db
    .select({ id: reports.id, number: reports.number, handlingLevel: reports.handlingLevel, handlingRegionCode: reports.handlingRegionCode, priority: reports.priority })
    .from(reports)
    .where(and(live, eq(reports.status, 'received'), lt(reports.receivedOn, beforeDay)))
    .orderBy(asc(reports.handlingRegionCode), asc(reports.number));
}

export async function regionName(db: DbOrTx, code: string): Promise<string | null> {
  const [row] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, code));
  return row?.name ?? null;
}
