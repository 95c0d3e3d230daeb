import { and, count, desc, eq, ilike, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { decisionStages, decisions, matters, regions, type DbOrTx, type Tx } from '@mpw/db';
import { inRegionScope, likeEscape } from '../../lib/scope.js';

export type DecisionRow = typeof decisions.$inferSelect;
export type DecisionViewRow = DecisionRow & { regionName: string | null };
export type StageRow = typeof decisionStages.$inferSelect;

const live = isNull(decisions.deletedAt);
const viewColumns = { decision: decisions, regionName: regions.name };
const toView = (r: { decision: DecisionRow; regionName: string | null }): DecisionViewRow => ({ ...r.decision, regionName: r.regionName });

/** Key space of this module's advisory locks (two-int form, apart from the audit log's one-key lock). */
const NUMBERING_LOCK = 7321010;

/**
 * The next `<village>-<year>-NNNN`. A transaction-scoped lock per village and year serialises
 * numbering, so two decisions created at once never draw the same number.
 */
export async function nextDecisionNo(tx: Tx, village: string, year: string): Promise<string> {
  const prefix = `${village}-${year}-`;
  await tx.execute(sql`select pg_advisory_xact_lock(${NUMBERING_LOCK}, hashtext(${prefix}))`);
  const [row] = await tx
    .select({ no: decisions.decisionNo })
    .from(decisions)
    .where(like(decisions.decisionNo, `${likeEscape(prefix)}%`))
    .orderBy(desc(decisions.decisionNo))
    .limit(1);
  const last = row ? Number(row.no.slice(prefix.length)) : 0;
  return `${prefix}${String(last + 1).padStart(4, '0')}`;
}

export async function insertDecision(tx: Tx, row: typeof decisions.$inferInsert) {
  await tx.insert(decisions).values(row);
}

export async function updateDecision(tx: Tx, id: string, patch: Partial<typeof decisions.$inferInsert>) {
  await tx.update(decisions).set(patch).where(eq(decisions.id, id));
}

export async function insertStage(tx: Tx, row: typeof decisionStages.$inferInsert) {
  await tx.insert(decisionStages).values(row);
}

/** The decision, locked until the transaction ends: stages of one decision are recorded one at a time. */
export async function lockDecisionInScope(tx: Tx, id: string, scopeCode: string | null): Promise<DecisionRow | null> {
  const [row] = await tx.select().from(decisions).where(and(eq(decisions.id, id), live, inRegionScope(decisions.regionCode, scopeCode))).for('update');
  return row ?? null;
}

export async function getDecisionInScope(db: DbOrTx, id: string, scopeCode: string | null): Promise<DecisionViewRow | null> {
  const [row] = await db
    .select(viewColumns)
    .from(decisions)
    .leftJoin(regions, eq(regions.code, decisions.regionCode))
    .where(and(eq(decisions.id, id), live, inRegionScope(decisions.regionCode, scopeCode)));
  return row ? toView(row) : null;
}

/** Stages of the given decisions (any order; callers sort them by the legal order). */
export async function listStages(db: DbOrTx, decisionIds: string[]): Promise<StageRow[]> {
  if (decisionIds.length === 0) return [];
  return db.select().from(decisionStages).where(and(inArray(decisionStages.decisionId, decisionIds), isNull(decisionStages.deletedAt)));
}

export interface DecisionFilter {
  scopeCode: string | null;
  regionCode?: string;
  status?: DecisionRow['status'];
  q?: string;
}

export async function findDecisions(db: DbOrTx, f: DecisionFilter, page: { offset: number; limit: number }) {
  const where = and(
    live,
    inRegionScope(decisions.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(decisions.regionCode, f.regionCode) : undefined,
    f.status ? eq(decisions.status, f.status) : undefined,
    f.q ? or(ilike(decisions.title, `%${likeEscape(f.q)}%`), ilike(decisions.decisionNo, `%${likeEscape(f.q)}%`)) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db.select(viewColumns).from(decisions).leftJoin(regions, eq(regions.code, decisions.regionCode)).where(where)
      .orderBy(desc(decisions.createdAt), desc(decisions.decisionNo)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(decisions).where(where),
  ]);
  return { rows: rows.map(toView), total: Number(total?.n ?? 0) };
}

/**
 * What villagers may see: live decisions, except those of a matter kept out of public view
 * (e.g. one naming a subsistence-allowance applicant).
 */
const publicVisible: SQL = and(
  live,
  sql`not exists (select 1 from ${matters} where ${matters.id} = ${decisions.matterId} and ${matters.isPublic} = false)`,
)!;

export async function findPublicDecisions(db: DbOrTx, village: string, page: { offset: number; limit: number }) {
  const where = and(publicVisible, eq(decisions.regionCode, village));
  const [rows, [total]] = await Promise.all([
    db.select(viewColumns).from(decisions).leftJoin(regions, eq(regions.code, decisions.regionCode)).where(where)
      .orderBy(desc(decisions.decisionNo)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(decisions).where(where),
  ]);
  return { rows: rows.map(toView), total: Number(total?.n ?? 0) };
}

export async function getPublicDecision(db: DbOrTx, id: string): Promise<DecisionViewRow | null> {
  const [row] = await db.select(viewColumns).from(decisions).leftJoin(regions, eq(regions.code, decisions.regionCode)).where(and(eq(decisions.id, id), publicVisible));
  return row ? toView(row) : null;
}

/** Every stage of every live decision in the filter, joined to its decision (the exporter orders them). */
export async function listStagesForExport(db: DbOrTx, f: { scopeCode: string | null; regionCode?: string }) {
  return db
    .select({ decision: decisions, stage: decisionStages })
    .from(decisionStages)
    .innerJoin(decisions, eq(decisions.id, decisionStages.decisionId))
    .where(and(live, isNull(decisionStages.deletedAt), inRegionScope(decisions.regionCode, f.scopeCode), f.regionCode ? inRegionScope(decisions.regionCode, f.regionCode) : undefined));
}
