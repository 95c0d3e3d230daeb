import { and, count, desc, eq, ilike, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { decisionStages, decisions, matters, regions, type DbOrTx, type Tx } from '@mpw/db';
import type { TDecisionStage } from '@mpw/contracts';
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
  /** Recorded (`created_at`, China date) on or after / on or before. */
  createdFrom?: string;
  createdTo?: string;
}

const createdDay = sql`(${decisions.createdAt} at time zone 'Asia/Shanghai')::date`;

export async function findDecisions(db: DbOrTx, f: DecisionFilter, page: { offset: number; limit: number }) {
  const where = and(
    live,
    inRegionScope(decisions.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(decisions.regionCode, f.regionCode) : undefined,
    f.status ? eq(decisions.status, f.status) : undefined,
    f.q ? or(ilike(decisions.title, `%${likeEscape(f.q)}%`), ilike(decisions.decisionNo, `%${likeEscape(f.q)}%`)) : undefined,
    f.createdFrom ? sql`${createdDay} >= ${f.createdFrom}::date` : undefined,
    f.createdTo ? sql`${createdDay} <= ${f.createdTo}::date` : undefined,
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

// ---------------------------------------------------------------- decisions.csv import, a batch at a time

/** Decisions holding these numbers (any village; numbers are unique across the deployment), locked for an import. */
export async function lockDecisionsByNos(tx: Tx, decisionNos: string[]): Promise<DecisionRow[]> {
  if (decisionNos.length === 0) return [];
  return tx
    .select()
    .from(decisions)
    .where(sql`${decisions.decisionNo} in (select jsonb_array_elements_text(${JSON.stringify(decisionNos)}::jsonb))`)
    .for('update');
}

/** Provenance of an imported row: the import, the file and the line that last wrote it. */
export interface ImportProvenance {
  importId: string;
  sourceFile: string;
  sourceLine: number;
}

export interface ImportedDecision extends ImportProvenance {
  id: string;
  decisionNo: string;
  title: string;
  amountFen: number | null;
  status: DecisionRow['status'];
  regionCode: string;
}

/** A decision whose title, amount or status an import changed; provenance only when the row itself (title, amount) came from the file. */
export interface DecisionPatch {
  id: string;
  title: string;
  amountFen: number | null;
  status: DecisionRow['status'];
  provenance: ImportProvenance | null;
}

export interface ImportedStage extends ImportProvenance {
  id: string;
  decisionId: string;
  stage: TDecisionStage;
  body: string | null;
  heldOn: string;
  eligible: number | null;
  attendees: number | null;
  votesFor: number | null;
  votesAgainst: number | null;
  recordedAt: Date;
  isLate: boolean;
  outcome: StageRow['outcome'];
  outcomeReason: string | null;
  regionCode: string;
}

const json = (rows: readonly object[], userId: string | null) => JSON.stringify(rows.map((r) => ({ ...r, userId })));

export async function insertImportedDecisions(tx: Tx, rows: ImportedDecision[], userId: string | null): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`insert into ${decisions} (id, decision_no, title, amount_fen, status, region_code, import_id, source_file, source_line, created_by, updated_by)
    select x."id", x."decisionNo", x."title", x."amountFen", x."status", x."regionCode", x."importId", x."sourceFile", x."sourceLine", x."userId", x."userId"
    from jsonb_to_recordset(${json(rows, userId)}::jsonb) as x("id" uuid, "decisionNo" text, "title" text, "amountFen" bigint, "status" text, "regionCode" text,
      "importId" uuid, "sourceFile" text, "sourceLine" integer, "userId" uuid)`);
}

export async function updateImportedDecisions(tx: Tx, rows: DecisionPatch[], userId: string | null): Promise<void> {
  if (rows.length === 0) return;
  const flat = rows.map((r) => ({ id: r.id, title: r.title, amountFen: r.amountFen, status: r.status, hasSource: r.provenance !== null, ...(r.provenance ?? {}) }));
  await tx.execute(sql`update ${decisions} t set title = x."title", amount_fen = x."amountFen", status = x."status",
      import_id = case when x."hasSource" then x."importId" else t.import_id end,
      source_file = case when x."hasSource" then x."sourceFile" else t.source_file end,
      source_line = case when x."hasSource" then x."sourceLine" else t.source_line end,
      updated_by = x."userId", updated_at = now()
    from jsonb_to_recordset(${json(flat, userId)}::jsonb) as x("id" uuid, "title" text, "amountFen" bigint, "status" text, "hasSource" boolean,
      "importId" uuid, "sourceFile" text, "sourceLine" integer, "userId" uuid)
    where t.id = x."id"`);
}

const STAGE_RECORD = sql.raw(`"id" uuid, "decisionId" uuid, "stage" text, "body" text, "heldOn" date, "eligible" integer, "attendees" integer, "votesFor" integer,
  "votesAgainst" integer, "recordedAt" timestamptz, "isLate" boolean, "outcome" text, "outcomeReason" text, "regionCode" text,
  "importId" uuid, "sourceFile" text, "sourceLine" integer, "userId" uuid`);

/** Inserts and updates a batch of imported stages, each set as one JSON parameter. */
export async function writeImportedStages(tx: Tx, inserts: ImportedStage[], updates: ImportedStage[], userId: string | null): Promise<void> {
  if (inserts.length) {
    await tx.execute(sql`insert into ${decisionStages} (id, decision_id, stage, body, held_on, eligible, attendees, votes_for, votes_against, recorded_at, is_late,
        outcome, outcome_reason, region_code, import_id, source_file, source_line, created_by, updated_by)
      select x."id", x."decisionId", x."stage", x."body", x."heldOn", x."eligible", x."attendees", x."votesFor", x."votesAgainst", x."recordedAt", x."isLate",
        x."outcome", x."outcomeReason", x."regionCode", x."importId", x."sourceFile", x."sourceLine", x."userId", x."userId"
      from jsonb_to_recordset(${json(inserts, userId)}::jsonb) as x(${STAGE_RECORD})`);
  }
  if (updates.length) {
    await tx.execute(sql`update ${decisionStages} t set body = x."body", held_on = x."heldOn", eligible = x."eligible", attendees = x."attendees",
        votes_for = x."votesFor", votes_against = x."votesAgainst", recorded_at = x."recordedAt", is_late = x."isLate", outcome = x."outcome",
        outcome_reason = x."outcomeReason", import_id = x."importId", source_file = x."sourceFile", source_line = x."sourceLine",
        updated_by = x."userId", updated_at = now()
      from jsonb_to_recordset(${json(updates, userId)}::jsonb) as x(${STAGE_RECORD})
      where t.id = x."id"`);
  }
}
