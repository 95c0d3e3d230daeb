import { and, count, desc, eq, ilike, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { inspectionFindings, inspectionPlans, rectificationItems, regions, users, type DbOrTx, type Tx } from '@mpw/db';
import { inRegionScope, likeEscape } from '../../lib/scope.js';
import { sourceLabelSql } from './problem-sources.js';

export type PlanRow = typeof inspectionPlans.$inferSelect;
export type FindingRow = typeof inspectionFindings.$inferSelect;

const livePlan = isNull(inspectionPlans.deletedAt);
const liveFinding = isNull(inspectionFindings.deletedAt);

const findingCounts = {
  findingCount: sql<number>`(select count(*)::int from inspection_findings f where f.plan_id = ${inspectionPlans.id} and f.deleted_at is null)`,
  openFindingCount: sql<number>`(select count(*)::int from inspection_findings f where f.plan_id = ${inspectionPlans.id} and f.deleted_at is null and f.status in ('open', 'rectifying'))`,
};
export type PlanView = PlanRow & { regionName: string | null; findingCount: number; openFindingCount: number };
const planColumns = { plan: inspectionPlans, regionName: regions.name, ...findingCounts };
const toPlan = (r: { plan: PlanRow; regionName: string | null; findingCount: number; openFindingCount: number }): PlanView => ({
  ...r.plan, regionName: r.regionName, findingCount: Number(r.findingCount), openFindingCount: Number(r.openFindingCount),
});

export async function getPlan(db: DbOrTx, id: string, visible: SQL): Promise<PlanView | null> {
  const [row] = await db.select(planColumns).from(inspectionPlans).leftJoin(regions, eq(regions.code, inspectionPlans.regionCode)).where(and(eq(inspectionPlans.id, id), livePlan, visible));
  return row ? toPlan(row) : null;
}

export async function lockPlan(tx: Tx, id: string, visible: SQL): Promise<PlanRow | null> {
  const [row] = await tx.select().from(inspectionPlans).where(and(eq(inspectionPlans.id, id), livePlan, visible)).for('update');
  return row ?? null;
}

export interface PlanFilter { visible: SQL; kind?: string; status?: string; year?: number; regionCode?: string; q?: string }

export async function findPlans(db: DbOrTx, f: PlanFilter, page: { offset: number; limit: number }) {
  const q = f.q?.trim();
  const where = and(
    livePlan, f.visible,
    f.kind ? eq(inspectionPlans.kind, f.kind) : undefined,
    f.status ? eq(inspectionPlans.status, f.status) : undefined,
    f.year ? sql`extract(year from ${inspectionPlans.startsOn}) = ${f.year}` : undefined,
    f.regionCode ? inRegionScope(inspectionPlans.regionCode, f.regionCode) : undefined,
    q ? ilike(inspectionPlans.title, `%${likeEscape(q)}%`) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db.select(planColumns).from(inspectionPlans).leftJoin(regions, eq(regions.code, inspectionPlans.regionCode)).where(where)
      .orderBy(desc(inspectionPlans.startsOn), desc(inspectionPlans.createdAt)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(inspectionPlans).where(where),
  ]);
  return { rows: rows.map(toPlan), total: Number(total?.n ?? 0) };
}

export async function insertPlan(tx: Tx, row: typeof inspectionPlans.$inferInsert) {
  await tx.insert(inspectionPlans).values(row);
}

export async function updatePlan(tx: Tx, id: string, patch: Partial<typeof inspectionPlans.$inferInsert>) {
  await tx.update(inspectionPlans).set(patch).where(eq(inspectionPlans.id, id));
}

export async function regionNames(db: DbOrTx, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Live regions among `codes` (to check a plan's scope exists). */
export async function liveRegionCodes(db: DbOrTx, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.select({ code: regions.code }).from(regions).where(and(inArray(regions.code, codes), isNull(regions.deletedAt)));
  return new Set(rows.map((r) => r.code));
}

export async function usersByIds(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select({ id: users.id, displayName: users.displayName, regionCode: users.regionCode, roles: users.roles, status: users.status, isMachine: users.isMachine }).from(users).where(inArray(users.id, ids));
}

// ---- Findings ----

export type FindingView = FindingRow & { planChecklist: unknown; planTitle: string | null; regionName: string | null; createdByName: string | null; sourceLabel: string | null; itemIds: string[] };
const findingColumns = {
  finding: inspectionFindings,
  planTitle: inspectionPlans.title,
  planChecklist: inspectionPlans.checklist,
  regionName: regions.name,
  createdByName: users.displayName,
  sourceLabel: sourceLabelSql(inspectionFindings.sourceType, inspectionFindings.sourceId),
  itemIds: sql<string[]>`coalesce((select array_agg(i.id::text order by i.created_at) from rectification_items i where i.source_type = 'finding' and i.source_id = ${inspectionFindings.id}::text and i.deleted_at is null), '{}')`,
};
const toFinding = (r: { finding: FindingRow; planChecklist: unknown; planTitle: string | null; regionName: string | null; createdByName: string | null; sourceLabel: string | null; itemIds: string[] | null }): FindingView => ({
  ...r.finding, planChecklist: r.planChecklist, planTitle: r.planTitle, regionName: r.regionName, createdByName: r.createdByName, sourceLabel: r.sourceLabel, itemIds: r.itemIds ?? [],
});
const findingFrom = (db: DbOrTx) =>
  db.select(findingColumns).from(inspectionFindings)
    .leftJoin(inspectionPlans, eq(inspectionPlans.id, inspectionFindings.planId))
    .leftJoin(regions, eq(regions.code, inspectionFindings.regionCode))
    .leftJoin(users, eq(users.id, inspectionFindings.createdBy));

export async function getFinding(db: DbOrTx, id: string, scopeCode: string | null): Promise<FindingView | null> {
  const [row] = await findingFrom(db).where(and(eq(inspectionFindings.id, id), liveFinding, inRegionScope(inspectionFindings.regionCode, scopeCode)));
  return row ? toFinding(row) : null;
}

export async function lockFinding(tx: Tx, id: string, scopeCode: string | null): Promise<FindingRow | null> {
  const [row] = await tx.select().from(inspectionFindings).where(and(eq(inspectionFindings.id, id), liveFinding, inRegionScope(inspectionFindings.regionCode, scopeCode))).for('update');
  return row ?? null;
}

export interface FindingFilter { scopeCode: string | null; planId?: string; regionCode?: string; status?: string; focusArea?: string; sourceType?: string }

export async function findFindings(db: DbOrTx, f: FindingFilter, page: { offset: number; limit: number }) {
  const where = and(
    liveFinding, inRegionScope(inspectionFindings.regionCode, f.scopeCode),
    f.planId ? eq(inspectionFindings.planId, f.planId) : undefined,
    f.regionCode ? inRegionScope(inspectionFindings.regionCode, f.regionCode) : undefined,
    f.status ? eq(inspectionFindings.status, f.status) : undefined,
    f.focusArea ? eq(inspectionFindings.focusArea, f.focusArea) : undefined,
    f.sourceType ? eq(inspectionFindings.sourceType, f.sourceType) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    findingFrom(db).where(where).orderBy(desc(inspectionFindings.createdAt), desc(inspectionFindings.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(inspectionFindings).where(where),
  ]);
  return { rows: rows.map(toFinding), total: Number(total?.n ?? 0) };
}

export async function insertFinding(tx: Tx, row: typeof inspectionFindings.$inferInsert) {
  await tx.insert(inspectionFindings).values(row);
}

export async function updateFinding(tx: Tx, id: string, patch: Partial<typeof inspectionFindings.$inferInsert>) {
  await tx.update(inspectionFindings).set(patch).where(eq(inspectionFindings.id, id));
}

/** The statuses of the live rectification items raised from a finding. */
export async function itemStatusesOfFinding(db: DbOrTx, findingId: string): Promise<string[]> {
  const rows = await db.select({ status: rectificationItems.status }).from(rectificationItems)
    .where(and(eq(rectificationItems.sourceType, 'finding'), eq(rectificationItems.sourceId, findingId), isNull(rectificationItems.deletedAt)));
  return rows.map((r) => r.status);
}
