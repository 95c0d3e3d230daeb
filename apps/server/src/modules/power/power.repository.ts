import { and, asc, count, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { powerItems, powerItemVersions, type DbOrTx } from '@mpw/db';
import { regionLevelOf } from '@mpw/contracts';
import { inRegionScope, likeEscape } from '../../lib/scope.js';

export type PowerItemRow = typeof powerItems.$inferSelect;
export type PowerItemVersionRow = typeof powerItemVersions.$inferSelect;

/** The regions above (and including) a code: district, township, village. */
export function ancestorsOf(code: string): string[] {
  const district = code.slice(0, 6) + '000000';
  const township = code.slice(0, 9) + '000';
  const level = regionLevelOf(code);
  return level === 'district' ? [district] : level === 'township' ? [district, township] : [district, township, code];
}

/**
 * Items an account may see: the catalogue of its district and the local items of the
 * regions above it (they apply to it), plus every local item inside its own scope.
 */
export function visibleTo(scopeCode: string | null): SQL | undefined {
  if (scopeCode === null) return undefined;
  return or(inArray(powerItems.regionCode, ancestorsOf(scopeCode)), inRegionScope(powerItems.regionCode, scopeCode));
}

export async function findItems(
  db: DbOrTx,
  f: { scopeCode: string | null; applicableTo?: string; category?: string; q?: string; status?: PowerItemRow['status'] },
  page: { offset: number; limit: number },
) {
  const where = and(
    isNull(powerItems.deletedAt),
    visibleTo(f.scopeCode),
    f.applicableTo ? inArray(powerItems.regionCode, ancestorsOf(f.applicableTo)) : undefined,
    f.category ? eq(powerItems.category, f.category) : undefined,
    f.status ? eq(powerItems.status, f.status) : undefined,
    f.q ? or(ilike(powerItems.name, `%${likeEscape(f.q)}%`), ilike(powerItems.code, `%${likeEscape(f.q)}%`)) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db.select().from(powerItems).where(where).orderBy(asc(powerItems.code)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(powerItems).where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function getItem(db: DbOrTx, id: string, scopeCode: string | null): Promise<PowerItemRow | null> {
  const [row] = await db.select().from(powerItems).where(and(eq(powerItems.id, id), isNull(powerItems.deletedAt), visibleTo(scopeCode)));
  return row ?? null;
}

export async function getItemForUpdate(db: DbOrTx, id: string): Promise<PowerItemRow | null> {
  const [row] = await db.select().from(powerItems).where(eq(powerItems.id, id)).for('update');
  return row ?? null;
}

export async function codeTaken(db: DbOrTx, regionCode: string, code: string): Promise<boolean> {
  const [row] = await db.select({ id: powerItems.id }).from(powerItems).where(and(eq(powerItems.regionCode, regionCode), eq(powerItems.code, code)));
  return Boolean(row);
}

export async function insertItem(db: DbOrTx, row: typeof powerItems.$inferInsert) {
  await db.insert(powerItems).values(row);
}

export async function updateItem(db: DbOrTx, id: string, patch: Partial<typeof powerItems.$inferInsert>) {
  await db.update(powerItems).set(patch).where(eq(powerItems.id, id));
}

export async function insertVersion(db: DbOrTx, row: typeof powerItemVersions.$inferInsert) {
  await db.insert(powerItemVersions).values(row);
}

export async function getVersion(db: DbOrTx, itemId: string, version: number): Promise<PowerItemVersionRow | null> {
  const [row] = await db.select().from(powerItemVersions).where(and(eq(powerItemVersions.itemId, itemId), eq(powerItemVersions.version, version)));
  return row ?? null;
}

/** The given (item, version) pairs in one query; pairs that do not exist are left out. */
export async function getVersions(db: DbOrTx, pairs: { itemId: string; version: number }[]): Promise<PowerItemVersionRow[]> {
  if (!pairs.length) return [];
  return db
    .select()
    .from(powerItemVersions)
    .where(or(...pairs.map((p) => and(eq(powerItemVersions.itemId, p.itemId), eq(powerItemVersions.version, p.version)))));
}

export async function listVersions(db: DbOrTx, itemId: string) {
  return db.select().from(powerItemVersions).where(eq(powerItemVersions.itemId, itemId)).orderBy(asc(powerItemVersions.version));
}

export async function latestVersionNumber(db: DbOrTx, itemId: string): Promise<number> {
  const [r] = await db.select({ v: sql<number>`coalesce(max(${powerItemVersions.version}), 0)::int` }).from(powerItemVersions).where(eq(powerItemVersions.itemId, itemId));
  return Number(r?.v ?? 0);
}

export async function countItemsIn(db: DbOrTx, regionCode: string): Promise<number> {
  const [r] = await db.select({ n: count() }).from(powerItems).where(eq(powerItems.regionCode, regionCode));
  return Number(r?.n ?? 0);
}
