import { and, asc, count, desc, eq, ilike, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { matterEvents, matterObjections, matters, powerItems, regions, type DbOrTx } from '@mpw/db';
import { inRegionScope, likeEscape } from '../../lib/scope.js';

export type MatterRow = typeof matters.$inferSelect;
export type MatterEventRow = typeof matterEvents.$inferSelect;
export type ObjectionRow = typeof matterObjections.$inferSelect;

export async function getMatter(db: DbOrTx, id: string, scopeCode: string | null, opts: { forUpdate?: boolean } = {}): Promise<MatterRow | null> {
  const q = db.select().from(matters).where(and(eq(matters.id, id), isNull(matters.deletedAt), inRegionScope(matters.regionCode, scopeCode)));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export interface MatterFilter {
  scopeCode: string | null;
  regionCode?: string;
  status?: MatterRow['status'];
  itemId?: string;
  q?: string;
  overdueBefore?: string;
  publicOnly?: boolean;
  /** Started (China date of `created_at`) on or after / on or before. */
  createdFrom?: string;
  createdTo?: string;
  /** Only matters whose open step is a filing step (备案), read from the item version they run on. */
  awaitingFiling?: boolean;
}

/** The open step of the matter is a filing step (the version's flow is JSON: content.flow.steps[current_step].kind). */
const atFilingStep = sql`exists (select 1 from power_item_versions v where v.item_id = ${matters.itemId} and v.version = ${matters.itemVersion}
  and v.content -> 'flow' -> 'steps' -> ${matters.currentStep}::int ->> 'kind' = 'filing')`;

/** The China date a matter was started. */
const startedDay = sql`(${matters.createdAt} at time zone 'Asia/Shanghai')::date`;

export async function findMatters(
  db: DbOrTx,
  f: MatterFilter,
  page: { offset: number; limit: number },
) {
  const where = and(
    isNull(matters.deletedAt),
    inRegionScope(matters.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(matters.regionCode, f.regionCode) : undefined,
    f.status ? eq(matters.status, f.status) : undefined,
    f.itemId ? eq(matters.itemId, f.itemId) : undefined,
    f.q ? or(ilike(matters.title, `%${likeEscape(f.q)}%`), ilike(matters.matterNo, `%${likeEscape(f.q)}%`)) : undefined,
    f.overdueBefore ? and(inArray(matters.status, ['running', 'paused']), lt(matters.stepDueOn, f.overdueBefore)) : undefined,
    f.publicOnly ? eq(matters.isPublic, true) : undefined,
    f.createdFrom ? sql`${startedDay} >= ${f.createdFrom}::date` : undefined,
    f.createdTo ? sql`${startedDay} <= ${f.createdTo}::date` : undefined,
    f.awaitingFiling ? atFilingStep : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ matter: matters, itemName: powerItems.name, itemCode: powerItems.code, regionName: regions.name })
      .from(matters)
      .innerJoin(powerItems, eq(powerItems.id, matters.itemId))
      .leftJoin(regions, eq(regions.code, matters.regionCode))
      .where(where)
      .orderBy(desc(matters.createdAt))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(matters).where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function nextMatterSeq(db: DbOrTx, regionCode: string, year: string): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(matters)
    .where(and(eq(matters.regionCode, regionCode), sql`${matters.matterNo} like ${`${regionCode}-${year}-%`}`));
  return Number(r?.n ?? 0) + 1;
}

export async function insertMatter(db: DbOrTx, row: typeof matters.$inferInsert) {
  await db.insert(matters).values(row);
}

export async function updateMatter(db: DbOrTx, id: string, patch: Partial<typeof matters.$inferInsert>) {
  await db.update(matters).set(patch).where(eq(matters.id, id));
}

export async function insertEvent(db: DbOrTx, row: typeof matterEvents.$inferInsert) {
  await db.insert(matterEvents).values(row);
}

export async function listEvents(db: DbOrTx, matterId: string, publicOnly = false) {
  return db
    .select()
    .from(matterEvents)
    .where(and(eq(matterEvents.matterId, matterId), publicOnly ? eq(matterEvents.isPublic, true) : undefined))
    .orderBy(asc(matterEvents.createdAt));
}

export async function hasEvent(db: DbOrTx, matterId: string, action: string, stepId: string): Promise<boolean> {
  const [r] = await db
    .select({ id: matterEvents.id })
    .from(matterEvents)
    .where(and(eq(matterEvents.matterId, matterId), eq(matterEvents.action, action), eq(matterEvents.stepId, stepId)))
    .limit(1);
  return Boolean(r);
}

export async function insertObjection(db: DbOrTx, row: typeof matterObjections.$inferInsert) {
  await db.insert(matterObjections).values(row);
}

export async function listObjections(db: DbOrTx, matterId: string) {
  return db.select().from(matterObjections).where(eq(matterObjections.matterId, matterId)).orderBy(asc(matterObjections.createdAt));
}

export async function getObjection(db: DbOrTx, id: string, matterId: string) {
  const [r] = await db.select().from(matterObjections).where(and(eq(matterObjections.id, id), eq(matterObjections.matterId, matterId)));
  return r ?? null;
}

export async function countOpenObjections(db: DbOrTx, matterId: string): Promise<number> {
  const [r] = await db.select({ n: count() }).from(matterObjections).where(and(eq(matterObjections.matterId, matterId), isNull(matterObjections.answeredAt)));
  return Number(r?.n ?? 0);
}

export async function updateObjection(db: DbOrTx, id: string, patch: Partial<typeof matterObjections.$inferInsert>) {
  await db.update(matterObjections).set(patch).where(eq(matterObjections.id, id));
}

/** Running matters whose open step's deadline passed before `today`. */
export async function findOverdue(db: DbOrTx, today: string) {
  return db.select().from(matters).where(and(isNull(matters.deletedAt), eq(matters.status, 'running'), lt(matters.stepDueOn, today)));
}

/** Filing decisions in scope, for the township inbox statistics. */
export async function filingDecisions(db: DbOrTx, scopeCode: string | null) {
  return db
    .select({ event: matterEvents, regionName: regions.name, matterNo: matters.matterNo, title: matters.title })
    .from(matterEvents)
    .innerJoin(matters, eq(matters.id, matterEvents.matterId))
    .leftJoin(regions, eq(regions.code, matterEvents.regionCode))
    .where(and(inRegionScope(matterEvents.regionCode, scopeCode), inArray(matterEvents.action, ['file_accept', 'file_return'])))
    .orderBy(desc(matterEvents.createdAt));
}

/** Running matters whose open step falls due between the two dates (inclusive). */
export async function findDueBetween(db: DbOrTx, from: string, to: string) {
  return db
    .select()
    .from(matters)
    .where(and(isNull(matters.deletedAt), eq(matters.status, 'running'), sql`${matters.stepDueOn} between ${from} and ${to}`));
}

/** Running matters waiting at a filing step in scope, per village: how many, and how many past the step's deadline. */
export async function pendingFilingsByVillage(db: DbOrTx, scopeCode: string | null, today: string) {
  return db
    .select({ regionCode: matters.regionCode, regionName: regions.name, pending: sql<number>`count(*)::int`, overdue: sql<number>`(count(*) filter (where ${matters.stepDueOn} < ${today}))::int` })
    .from(matters)
    .leftJoin(regions, eq(regions.code, matters.regionCode))
    .where(and(isNull(matters.deletedAt), inRegionScope(matters.regionCode, scopeCode), eq(matters.status, 'running'), atFilingStep))
    .groupBy(matters.regionCode, regions.name)
    .orderBy(asc(matters.regionCode));
}
