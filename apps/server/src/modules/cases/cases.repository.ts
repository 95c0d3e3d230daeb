import { and, asc, count, desc, eq, gte, ilike, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  alerts,
  attachments,
  caseEvents,
  caseSanctions,
  cases,
  disclosures,
  inspectionFindings,
  matters,
  queryRows,
  regions,
  reports,
  typicalCases,
  users,
  type DbOrTx,
  type Tx,
} from '@mpw/db';
import { inRegionScope, likeEscape } from '../../lib/scope.js';
import { nextDistrictYearNumber } from '../../lib/numbering.js';

export type CaseRow = typeof cases.$inferSelect;
export type CaseViewRow = CaseRow & {
  regionName: string | null;
  handlingRegionName: string | null;
  parentCaseNumber: string | null;
  toleranceDecidedByName: string | null;
};
export type TypicalRow = typeof typicalCases.$inferSelect;
export type TypicalViewRow = TypicalRow & { caseNumber: string | null; regionName: string | null; approvedByName: string | null };

const live = isNull(cases.deletedAt);
const handlingRegion = alias(regions, 'handling_region');
const parent = alias(cases, 'parent_case');
const toleranceDecider = alias(users, 'tolerance_decider');
const viewColumns = {
  c: cases,
  regionName: regions.name,
  handlingRegionName: handlingRegion.name,
  parentCaseNumber: parent.number,
  toleranceDecidedByName: toleranceDecider.displayName,
};
type ViewJoin = { c: CaseRow; regionName: string | null; handlingRegionName: string | null; parentCaseNumber: string | null; toleranceDecidedByName: string | null };
const toView = ({ c, ...rest }: ViewJoin): CaseViewRow => ({ ...c, ...rest });
const viewFrom = (db: DbOrTx) =>
  db
    .select(viewColumns)
    .from(cases)
    .leftJoin(regions, eq(regions.code, cases.regionCode))
    .leftJoin(handlingRegion, eq(handlingRegion.code, cases.handlingRegionCode))
    .leftJoin(parent, eq(parent.id, cases.parentCaseId))
    .leftJoin(toleranceDecider, eq(toleranceDecider.id, cases.faultToleranceDecidedBy));

/** The case if it exists and `visible` (cases.policy caseVisibleTo) lets the reader see it. */
export async function getCaseVisible(db: DbOrTx, id: string, visible: SQL): Promise<CaseViewRow | null> {
  const [row] = await viewFrom(db).where(and(eq(cases.id, id), live, visible));
  return row ? toView(row) : null;
}

/** The case, locked until the transaction ends, if `visible` lets the actor see it. */
export async function lockCaseVisible(tx: Tx, id: string, visible: SQL): Promise<CaseRow | null> {
  const [row] = await tx.select().from(cases).where(and(eq(cases.id, id), live, visible)).for('update');
  return row ?? null;
}

export async function insertCase(tx: Tx, row: typeof cases.$inferInsert) {
  await tx.insert(cases).values(row);
}

export async function updateCase(tx: Tx, id: string, patch: Partial<typeof cases.$inferInsert>) {
  await tx.update(cases).set(patch).where(eq(cases.id, id));
}

export interface CaseFilter {
  visible: SQL;
  status?: string;
  kind?: string;
  regionCode?: string;
  sourceType?: string;
  faultTolerance?: string;
  /** Only cases with a 容错纠错 proposal (the register). */
  toleranceOnly?: boolean;
  q?: string;
  createdFrom?: string;
  createdTo?: string;
  filedFrom?: string;
  filedTo?: string;
  executedFrom?: string;
  executedTo?: string;
  /** Cases with a live sanction of this category, decided within the optional window. */
  sanction?: { category: string; from?: string; to?: string };
}

/** The China date of a case's creation (线索登记). */
const createdDay = sql`(${cases.createdAt} at time zone 'Asia/Shanghai')::date`;

function hasSanction(s: NonNullable<CaseFilter['sanction']>): SQL {
  return sql`exists (select 1 from case_sanctions cs where cs.case_id = ${cases.id} and cs.deleted_at is null and cs.category = ${s.category}${
    s.from ? sql` and cs.decided_on >= ${s.from}::date` : sql``}${s.to ? sql` and cs.decided_on <= ${s.to}::date` : sql``})`;
}

function whereOf(f: CaseFilter): SQL {
  const q = f.q?.trim();
  return and(
    live,
    f.visible,
    f.status ? eq(cases.status, f.status) : undefined,
    f.kind ? eq(cases.kind, f.kind) : undefined,
    f.regionCode ? inRegionScope(cases.regionCode, f.regionCode) : undefined,
    f.sourceType ? eq(cases.sourceType, f.sourceType) : undefined,
    f.faultTolerance ? eq(cases.faultToleranceStatus, f.faultTolerance) : undefined,
    f.toleranceOnly ? eq(cases.faultTolerance, true) : undefined,
    q ? or(ilike(cases.number, `%${likeEscape(q)}%`), ilike(cases.title, `%${likeEscape(q)}%`), ilike(cases.subjectName, `%${likeEscape(q)}%`)) : undefined,
    f.createdFrom ? sql`${createdDay} >= ${f.createdFrom}::date` : undefined,
    f.createdTo ? sql`${createdDay} <= ${f.createdTo}::date` : undefined,
    f.filedFrom ? gte(cases.filedOn, f.filedFrom) : undefined,
    f.filedTo ? lte(cases.filedOn, f.filedTo) : undefined,
    f.executedFrom ? gte(cases.executedOn, f.executedFrom) : undefined,
    f.executedTo ? lte(cases.executedOn, f.executedTo) : undefined,
    f.sanction ? hasSanction(f.sanction) : undefined,
  ) as SQL;
}

export async function findCases(db: DbOrTx, f: CaseFilter, page: { offset: number; limit: number }) {
  const where = whereOf(f);
  const order = f.toleranceOnly
    ? [sql`case when ${cases.faultToleranceStatus} = 'pending' then 0 else 1 end`, desc(cases.faultToleranceDecidedAt), desc(cases.number)]
    : [desc(cases.createdAt), desc(cases.number)];
  const [rows, [total]] = await Promise.all([
    viewFrom(db).where(where).orderBy(...order).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(cases).where(where),
  ]);
  return { rows: rows.map(toView), total: Number(total?.n ?? 0) };
}

/** 一案双查: the accountability cases of a main case. */
export async function listChildren(db: DbOrTx, parentId: string): Promise<CaseViewRow[]> {
  const rows = await viewFrom(db).where(and(eq(cases.parentCaseId, parentId), live)).orderBy(asc(cases.createdAt), asc(cases.number));
  return rows.map(toView);
}

export async function getCaseVisibleByNumber(db: DbOrTx, number: string, visible: SQL): Promise<CaseViewRow | null> {
  const [row] = await viewFrom(db).where(and(eq(cases.number, number), live, visible));
  return row ? toView(row) : null;
}

export async function getCaseById(db: DbOrTx, id: string): Promise<CaseViewRow | null> {
  const [row] = await viewFrom(db).where(and(eq(cases.id, id), live));
  return row ? toView(row) : null;
}

/** Names of the people of a case and its accountability records (what an anonymised summary may not contain). */
export async function subjectNamesOf(db: DbOrTx, caseId: string): Promise<string[]> {
  const rows = await db.select({ name: cases.subjectName }).from(cases).where(and(live, or(eq(cases.id, caseId), eq(cases.parentCaseId, caseId))));
  return rows.map((r) => r.name);
}

/** The next case number of a district and year: AJ<district 6 digits>-<year>-<5-digit sequence>. */
export function nextCaseNumber(tx: Tx, regionCode: string, year: number): Promise<string> {
  return nextDistrictYearNumber(tx, { table: 'cases', code: 'AJ', lock: 7321014 }, regionCode, year);
}

// ---- History ----

export async function insertEvent(tx: Tx, row: typeof caseEvents.$inferInsert) {
  await tx.insert(caseEvents).values(row);
}

export async function listEvents(db: DbOrTx, caseId: string) {
  return db
    .select({ event: caseEvents, actorName: users.displayName })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.actorId))
    .where(and(eq(caseEvents.caseId, caseId), isNull(caseEvents.deletedAt)))
    .orderBy(asc(caseEvents.createdAt), asc(caseEvents.id));
}

// ---- Sanctions ----

export type SanctionRow = typeof caseSanctions.$inferSelect;

export async function insertSanctions(tx: Tx, rows: (typeof caseSanctions.$inferInsert)[]) {
  if (rows.length) await tx.insert(caseSanctions).values(rows);
}

export async function listSanctions(db: DbOrTx, caseId: string): Promise<SanctionRow[]> {
  return db.select().from(caseSanctions).where(and(eq(caseSanctions.caseId, caseId), isNull(caseSanctions.deletedAt))).orderBy(asc(caseSanctions.createdAt), asc(caseSanctions.id));
}

export async function markSanctionsExecuted(tx: Tx, caseId: string, executedOn: string, by: string | null) {
  await tx
    .update(caseSanctions)
    .set({ executedOn, updatedAt: new Date(), updatedBy: by })
    .where(and(eq(caseSanctions.caseId, caseId), isNull(caseSanctions.deletedAt), isNull(caseSanctions.executedOn)));
}

// ---- Typical cases ----

const approver = alias(users, 'typical_approver');
const typicalRegion = alias(regions, 'typical_region');
const typicalColumns = { t: typicalCases, caseNumber: cases.number, regionName: typicalRegion.name, approvedByName: approver.displayName };
const typicalFrom = (db: DbOrTx) =>
  db
    .select(typicalColumns)
    .from(typicalCases)
    .innerJoin(cases, eq(cases.id, typicalCases.caseId))
    .leftJoin(typicalRegion, eq(typicalRegion.code, typicalCases.regionCode))
    .leftJoin(approver, eq(approver.id, typicalCases.approvedBy));
const toTypical = ({ t, ...rest }: { t: TypicalRow; caseNumber: string | null; regionName: string | null; approvedByName: string | null }): TypicalViewRow => ({ ...t, ...rest });

/** The case's current typical case: the latest one not withdrawn (a withdrawn one may be drafted anew). */
export async function getCurrentTypical(db: DbOrTx, caseId: string): Promise<TypicalViewRow | null> {
  const [row] = await typicalFrom(db)
    .where(and(eq(typicalCases.caseId, caseId), isNull(typicalCases.deletedAt)))
    .orderBy(sql`case when ${typicalCases.status} = 'withdrawn' then 1 else 0 end`, desc(typicalCases.createdAt))
    .limit(1);
  return row ? toTypical(row) : null;
}

/** A typical case whose case `visible` lets the actor see, locked. */
export async function lockTypicalVisible(tx: Tx, id: string, visible: SQL): Promise<TypicalRow | null> {
  const [row] = await tx
    .select({ t: typicalCases })
    .from(typicalCases)
    .innerJoin(cases, eq(cases.id, typicalCases.caseId))
    .where(and(eq(typicalCases.id, id), isNull(typicalCases.deletedAt), live, visible))
    .for('update', { of: typicalCases });
  return row?.t ?? null;
}

export async function insertTypical(tx: Tx, row: typeof typicalCases.$inferInsert) {
  await tx.insert(typicalCases).values(row);
}

export async function updateTypical(tx: Tx, id: string, patch: Partial<typeof typicalCases.$inferInsert>) {
  await tx.update(typicalCases).set(patch).where(eq(typicalCases.id, id));
}

/** Published typical cases of a district, newest first (the portal's 以案促改 page). */
export async function listPublishedTypical(db: DbOrTx, districtCode: string, limit: number) {
  const district = alias(regions, 'district_region');
  return db
    .select({ id: typicalCases.id, title: typicalCases.title, summary: typicalCases.summary, lesson: typicalCases.lesson, publishedAt: typicalCases.publishedAt, districtName: district.name })
    .from(typicalCases)
    .leftJoin(district, eq(district.code, districtCode))
    .where(and(isNull(typicalCases.deletedAt), eq(typicalCases.status, 'published'), inRegionScope(typicalCases.regionCode, districtCode)))
    .orderBy(desc(typicalCases.publishedAt), desc(typicalCases.id))
    .limit(limit);
}

// ---- Files ----

export async function listCaseAttachments(db: DbOrTx, caseId: string) {
  return db
    .select({ id: attachments.id, fileName: attachments.fileName })
    .from(attachments)
    .where(and(eq(attachments.entityType, 'case'), eq(attachments.entityId, caseId), isNull(attachments.deletedAt)))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
}

// ---- Sources ----

export interface SourceRecord {
  regionCode: string;
  label: string;
}

/** An alert in the scope (region subtree) of the actor. */
export async function getAlertInScope(db: DbOrTx, id: string, scope: string | null): Promise<SourceRecord | null> {
  const [row] = await db.select({ regionCode: alerts.regionCode, label: alerts.summary }).from(alerts).where(and(eq(alerts.id, id), isNull(alerts.deletedAt), inRegionScope(alerts.regionCode, scope)));
  return row ?? null;
}

/** A report the actor can see (`visible`: reports.policy reportVisibleTo). */
export async function getReportVisible(db: DbOrTx, id: string, visible: SQL): Promise<SourceRecord | null> {
  const [row] = await db.select({ regionCode: reports.regionCode, label: reports.number }).from(reports).where(and(eq(reports.id, id), isNull(reports.deletedAt), visible));
  return row ?? null;
}

export async function getFindingInScope(db: DbOrTx, id: string, scope: string | null): Promise<SourceRecord | null> {
  const [row] = await db
    .select({ regionCode: inspectionFindings.regionCode, label: inspectionFindings.description })
    .from(inspectionFindings)
    .where(and(eq(inspectionFindings.id, id), isNull(inspectionFindings.deletedAt), inRegionScope(inspectionFindings.regionCode, scope)));
  return row ? { regionCode: row.regionCode, label: row.label.length > 60 ? `${row.label.slice(0, 60)}…` : row.label } : null;
}

export async function getMatterInScope(db: DbOrTx, id: string, scope: string | null): Promise<SourceRecord | null> {
  const [row] = await db
    .select({ regionCode: matters.regionCode, number: matters.matterNo, title: matters.title })
    .from(matters)
    .where(and(eq(matters.id, id), isNull(matters.deletedAt), inRegionScope(matters.regionCode, scope)));
  return row ? { regionCode: row.regionCode, label: `${row.number} ${row.title}` } : null;
}

export async function getDisclosureInScope(db: DbOrTx, id: string, scope: string | null): Promise<SourceRecord | null> {
  const [row] = await db
    .select({ regionCode: disclosures.regionCode, label: disclosures.title })
    .from(disclosures)
    .where(and(eq(disclosures.id, id), isNull(disclosures.deletedAt), inRegionScope(disclosures.regionCode, scope)));
  return row ?? null;
}
