import { and, asc, count, eq, ilike, isNull, or, sql } from 'drizzle-orm';
import { regions, users, type DbOrTx } from '@mpw/db';
import { queryRows } from '@mpw/db';
import { inRegionScope, likeEscape } from '../../lib/scope.js';

export type RegionRow = typeof regions.$inferSelect;
const live = isNull(regions.deletedAt);

export async function getRegionName(db: DbOrTx, code: string): Promise<string | null> {
  const [row] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, code));
  return row?.name ?? null;
}

/** A live region inside the scope, or null (the caller answers 404 either way). */
export async function getRegionInScope(db: DbOrTx, code: string, scopeCode: string | null): Promise<RegionRow | null> {
  const [row] = await db
    .select()
    .from(regions)
    .where(and(eq(regions.code, code), live, scopeCode ? inRegionScope(regions.regionCode, scopeCode) : undefined));
  return row ?? null;
}

export async function getRegionAnyState(db: DbOrTx, code: string): Promise<RegionRow | null> {
  const [row] = await db.select().from(regions).where(eq(regions.code, code));
  return row ?? null;
}

export async function findRegions(
  db: DbOrTx,
  f: { scopeCode: string | null; parentCode?: string; level?: string; q?: string },
  page: { offset: number; limit: number },
) {
  const where = and(
    live,
    inRegionScope(regions.regionCode, f.scopeCode),
    f.parentCode ? eq(regions.parentCode, f.parentCode) : undefined,
    f.level ? eq(regions.level, f.level as RegionRow['level']) : undefined,
    f.q ? or(ilike(regions.name, `%${likeEscape(f.q)}%`), ilike(regions.code, `${likeEscape(f.q)}%`)) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db.select().from(regions).where(where).orderBy(asc(regions.code)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(regions).where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function listRegionsInScope(db: DbOrTx, scopeCode: string | null) {
  return db.select().from(regions).where(and(live, inRegionScope(regions.regionCode, scopeCode))).orderBy(asc(regions.code));
}

export async function countUsersByRegion(db: DbOrTx, scopeCode: string | null) {
  return db
    .select({ regionCode: users.regionCode, n: count() })
    .from(users)
    .where(and(isNull(users.deletedAt), inRegionScope(users.regionCode, scopeCode)))
    .groupBy(users.regionCode);
}

export async function countLiveChildren(db: DbOrTx, code: string): Promise<number> {
  const [r] = await db.select({ n: count() }).from(regions).where(and(live, eq(regions.parentCode, code)));
  return Number(r?.n ?? 0);
}

export async function countActiveUsersIn(db: DbOrTx, code: string): Promise<number> {
  const [r] = await db.select({ n: count() }).from(users).where(and(isNull(users.deletedAt), eq(users.status, 'active'), eq(users.regionCode, code)));
  return Number(r?.n ?? 0);
}

export async function insertRegion(db: DbOrTx, row: typeof regions.$inferInsert) {
  await db.insert(regions).values(row);
}

export async function updateRegion(db: DbOrTx, code: string, patch: Partial<typeof regions.$inferInsert>) {
  await db.update(regions).set(patch).where(eq(regions.code, code));
}

/** Villages for the public portal: name search across the deployment, with township and district names. */
export async function searchPublicVillages(db: DbOrTx, q: string | undefined, page: { offset: number; limit: number }) {
  const where = sql`v.level = 'village' and v.deleted_at is null ${q ? sql`and (v.name ilike ${'%' + likeEscape(q) + '%'} or t.name ilike ${'%' + likeEscape(q) + '%'} or v.code like ${likeEscape(q) + '%'})` : sql``}`;
  const rows = await queryRows<{ code: string; name: string; township_name: string; district_name: string; is_demo: boolean; total: number }>(db, sql`
    select v.code, v.name, coalesce(t.name, '') as township_name, coalesce(d.name, '') as district_name, v.is_demo,
           count(*) over ()::int as total
    from regions v
    left join regions t on t.code = v.parent_code
    left join regions d on d.code = t.parent_code
    where ${where}
    order by v.code
    limit ${page.limit} offset ${page.offset}`);
  return rows;
}

export async function getPublicVillage(db: DbOrTx, code: string) {
  const rows = await queryRows<{ code: string; name: string; township_name: string; district_name: string; is_demo: boolean }>(db, sql`
    select v.code, v.name, coalesce(t.name, '') as township_name, coalesce(d.name, '') as district_name, v.is_demo
    from regions v
    left join regions t on t.code = v.parent_code
    left join regions d on d.code = t.parent_code
    where v.code = ${code} and v.level = 'village' and v.deleted_at is null`);
  return rows[0] ?? null;
}
