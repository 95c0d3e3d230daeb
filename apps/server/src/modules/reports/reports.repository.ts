import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, isNull, lt, lte, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { attachments, kinship, regions, reportEvents, reportMessages, reportReveals, reportRewards, reports, residents, users, type DbOrTx, type Tx } from '@mpw/db';
import { inRegionScope, likeEscape } from '../../lib/scope.js';
import { eventDayOrder, messageDayOrder } from './reports.events.js';

export type ReportRow = typeof reports.$inferSelect;
export type ReportViewRow = ReportRow & { regionName: string | null; assignedToName: string | null };
export type RewardRow = typeof reportRewards.$inferSelect;

const live = isNull(reports.deletedAt);
const assignee = alias(users, 'assignee');
const viewColumns = { report: reports, regionName: regions.name, assignedToName: assignee.displayName };
const toView = (r: { report: ReportRow; regionName: string | null; assignedToName: string | null }): ReportViewRow => ({ ...r.report, regionName: r.regionName, assignedToName: r.assignedToName });

/** The report if it exists and `visible` (reports.policy reportVisibleTo) lets the reader see it. */
export async function getReportVisible(db: DbOrTx, id: string, visible: SQL): Promise<ReportViewRow | null> {
  const [row] = await db
    .select(viewColumns)
    .from(reports)
    .leftJoin(regions, eq(regions.code, reports.regionCode))
    .leftJoin(assignee, eq(assignee.id, reports.assignedTo))
    .where(and(eq(reports.id, id), live, visible));
  return row ? toView(row) : null;
}

/** The report, locked until the transaction ends, if `visible` lets the actor see it. */
export async function lockReportVisible(tx: Tx, id: string, visible: SQL): Promise<ReportRow | null> {
  const [row] = await tx.select().from(reports).where(and(eq(reports.id, id), live, visible)).for('update');
  return row ?? null;
}

export async function updateReport(tx: Tx, id: string, patch: Partial<typeof reports.$inferInsert>) {
  await tx.update(reports).set(patch).where(eq(reports.id, id));
}

export interface ReportFilter {
  visible: SQL;
  status?: string;
  category?: string;
  level?: string;
  regionCode?: string;
  overdueBefore?: string;
  assignedTo?: string;
  q?: string;
  receivedFrom?: string;
  receivedTo?: string;
  accepted?: boolean;
  concluded?: boolean;
  /** The conclusions to match (confirmed: true, partly_true; not confirmed: untrue). */
  conclusions?: readonly string[];
  /** true: category among `microCategories`; false: not. */
  microPower?: boolean;
  microCategories?: readonly string[];
}

const CLOSED = ['not_accepted', 'feedback_given', 'archived'];

function whereOf(f: ReportFilter): SQL {
  const q = f.q?.trim();
  return and(
    live,
    f.visible,
    f.status ? eq(reports.status, f.status) : undefined,
    f.category ? eq(reports.category, f.category) : undefined,
    f.level ? eq(reports.handlingLevel, f.level) : undefined,
    f.regionCode ? inRegionScope(reports.regionCode, f.regionCode) : undefined,
    f.overdueBefore ? and(isNotNull(reports.dueOn), lt(reports.dueOn, f.overdueBefore), notInArray(reports.status, CLOSED)) : undefined,
    f.assignedTo ? eq(reports.assignedTo, f.assignedTo) : undefined,
    q ? or(ilike(reports.number, `%${likeEscape(q)}%`), ilike(reports.subjectName, `%${likeEscape(q)}%`)) : undefined,
    f.receivedFrom ? gte(reports.receivedOn, f.receivedFrom) : undefined,
    f.receivedTo ? lte(reports.receivedOn, f.receivedTo) : undefined,
    f.accepted === undefined ? undefined : f.accepted ? isNotNull(reports.acceptedAt) : isNull(reports.acceptedAt),
    f.concluded === undefined ? undefined : f.concluded ? isNotNull(reports.concludedAt) : isNull(reports.concludedAt),
    f.conclusions ? inArray(reports.conclusion, [...f.conclusions]) : undefined,
    f.microPower === undefined || !f.microCategories ? undefined : f.microPower ? inArray(reports.category, [...f.microCategories]) : notInArray(reports.category, [...f.microCategories]),
  ) as SQL;
}

export async function findReports(db: DbOrTx, f: ReportFilter, page: { offset: number; limit: number }) {
  const where = whereOf(f);
  const [rows, [total]] = await Promise.all([
    db.select(viewColumns).from(reports)
      .leftJoin(regions, eq(regions.code, reports.regionCode))
      .leftJoin(assignee, eq(assignee.id, reports.assignedTo))
      .where(where)
      .orderBy(desc(reports.receivedOn), desc(reports.number)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(reports).where(where),
  ]);
  return { rows: rows.map(toView), total: Number(total?.n ?? 0) };
}

/** Every visible report matching the filter, for the export (ordered by number). */
export async function listReportsForExport(db: DbOrTx, f: ReportFilter): Promise<ReportViewRow[]> {
  const rows = await db.select(viewColumns).from(reports)
    .leftJoin(regions, eq(regions.code, reports.regionCode))
    .leftJoin(assignee, eq(assignee.id, reports.assignedTo))
    .where(whereOf(f))
    .orderBy(asc(reports.number));
  return rows.map(toView);
}

// ---- History, messages, rewards, files ----

export async function listEvents(db: DbOrTx, reportId: string) {
  return db
    .select({ event: reportEvents, actorName: users.displayName })
    .from(reportEvents)
    .leftJoin(users, eq(users.id, reportEvents.actorId))
    .where(and(eq(reportEvents.reportId, reportId), isNull(reportEvents.deletedAt)))
    .orderBy(...eventDayOrder);
}

export async function listMessages(db: DbOrTx, reportId: string) {
  return db.select().from(reportMessages)
    .where(and(eq(reportMessages.reportId, reportId), isNull(reportMessages.deletedAt)))
    .orderBy(...messageDayOrder);
}

export async function insertMessage(tx: Tx, row: typeof reportMessages.$inferInsert) {
  await tx.insert(reportMessages).values(row);
}

export async function insertReveal(tx: Tx, row: typeof reportReveals.$inferInsert) {
  await tx.insert(reportReveals).values(row);
}

const proposer = alias(users, 'proposer');
const decider = alias(users, 'decider');

export async function listRewards(db: DbOrTx, reportId: string) {
  return db
    .select({ reward: reportRewards, proposedByName: proposer.displayName, decidedByName: decider.displayName })
    .from(reportRewards)
    .leftJoin(proposer, eq(proposer.id, reportRewards.proposedBy))
    .leftJoin(decider, eq(decider.id, reportRewards.decidedBy))
    .where(and(eq(reportRewards.reportId, reportId), isNull(reportRewards.deletedAt)))
    .orderBy(asc(reportRewards.createdAt), asc(reportRewards.id));
}

export async function lockReward(tx: Tx, reportId: string, rewardId: string): Promise<RewardRow | null> {
  const [row] = await tx.select().from(reportRewards)
    .where(and(eq(reportRewards.id, rewardId), eq(reportRewards.reportId, reportId), isNull(reportRewards.deletedAt))).for('update');
  return row ?? null;
}

export async function insertReward(tx: Tx, row: typeof reportRewards.$inferInsert) {
  await tx.insert(reportRewards).values(row);
}

export async function updateReward(tx: Tx, id: string, patch: Partial<typeof reportRewards.$inferInsert>) {
  await tx.update(reportRewards).set(patch).where(eq(reportRewards.id, id));
}

export async function listReportAttachments(db: DbOrTx, reportId: string) {
  return db.select().from(attachments)
    .where(and(eq(attachments.entityType, 'report'), eq(attachments.entityId, reportId), isNull(attachments.deletedAt)))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
}

/** Files the report's files are moved with when it changes hands (their region follows the handling unit). */
export async function moveReportAttachments(tx: Tx, reportId: string, regionCode: string, by: string | null): Promise<string[]> {
  const rows = await tx.update(attachments)
    .set({ regionCode, updatedAt: new Date(), updatedBy: by })
    .where(and(eq(attachments.entityType, 'report'), eq(attachments.entityId, reportId), isNull(attachments.deletedAt), sql`${attachments.regionCode} <> ${regionCode}`))
    .returning({ id: attachments.id });
  return rows.map((r) => r.id);
}

// ---- People ----

export interface StaffRow {
  id: string;
  displayName: string;
  regionCode: string;
  roles: string[];
  status: string;
  isMachine: boolean;
  idNumber: string | null;
}

const staffColumns = {
  id: users.id, displayName: users.displayName, regionCode: users.regionCode, roles: users.roles, status: users.status, isMachine: users.isMachine, idNumber: users.idNumber,
};

export async function getStaff(db: DbOrTx, id: string): Promise<StaffRow | null> {
  const [row] = await db.select(staffColumns).from(users).where(and(eq(users.id, id), isNull(users.deletedAt)));
  return row ?? null;
}

/** Active people bound to exactly `regionCode` holding `role`. */
export async function findStaffAt(db: DbOrTx, regionCode: string, role: string): Promise<StaffRow[]> {
  return db.select(staffColumns).from(users)
    .where(and(isNull(users.deletedAt), eq(users.status, 'active'), eq(users.isMachine, false), eq(users.regionCode, regionCode), sql`${role} = any(${users.roles})`))
    .orderBy(asc(users.displayName), asc(users.id));
}

/**
 * Close relatives of a person (shared/spec/data-exchange.md "Close relatives"): everyone linked in
 * `kinship` either way, and everyone in the same household; identity number → relation in words.
 */
export async function relativesOf(db: DbOrTx, idNumber: string): Promise<Map<string, string>> {
  const id = idNumber.toUpperCase();
  const [kin, household] = await Promise.all([
    db.select({ a: kinship.idNumberA, b: kinship.idNumberB, relation: kinship.relation }).from(kinship)
      .where(and(isNull(kinship.deletedAt), or(eq(kinship.idNumberA, id), eq(kinship.idNumberB, id)))),
    db.select({ idNumber: residents.idNumber }).from(residents)
      .where(and(
        isNull(residents.deletedAt),
        sql`${residents.householdId} in (select household_id from residents where id_number = ${id} and household_id is not null and deleted_at is null)`,
      )),
  ]);
  const out = new Map<string, string>();
  for (const r of household) if (r.idNumber.toUpperCase() !== id) out.set(r.idNumber.toUpperCase(), '同户家庭成员');
  for (const r of kin) out.set((r.a.toUpperCase() === id ? r.b : r.a).toUpperCase(), r.relation);
  return out;
}

/** Open reports assigned to a person that `visible` lets the actor see, locked for the handover. */
export async function lockOpenReportsOf(tx: Tx, userId: string, visible: SQL): Promise<ReportRow[]> {
  return tx.select().from(reports)
    .where(and(live, visible, eq(reports.assignedTo, userId), inArray(reports.status, ['assigned', 'verifying', 'concluded'])))
    .orderBy(asc(reports.number))
    .for('update');
}
