import { and, count, desc, eq, gte, isNull, lt } from 'drizzle-orm';
import { apiTokens, dataImports, regions, users, type DbOrTx } from '@mpw/db';
import type { TImportListQuery } from '@mpw/contracts';
import { inRegionScope } from '../../lib/scope.js';

/** Import history (data_imports) as the console and API read it: every read within the actor's scope. */

export type ImportRow = typeof dataImports.$inferSelect;
export type ImportViewRow = ImportRow & { regionName: string | null; createdByName: string | null; tokenName: string | null };

const viewColumns = { imp: dataImports, regionName: regions.name, createdByName: users.displayName, tokenName: apiTokens.name };
const toView = (r: { imp: ImportRow; regionName: string | null; createdByName: string | null; tokenName: string | null }): ImportViewRow => ({
  ...r.imp,
  regionName: r.regionName,
  createdByName: r.createdByName,
  tokenName: r.tokenName,
});

/** The first instant of a China calendar date. */
const chinaDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

export async function findImports(db: DbOrTx, scopeCode: string | null, q: Omit<TImportListQuery, 'current' | 'pageSize'>, page: { offset: number; limit: number }) {
  const where = and(
    isNull(dataImports.deletedAt),
    inRegionScope(dataImports.regionCode, scopeCode),
    q.dataset ? eq(dataImports.dataset, q.dataset) : undefined,
    q.status ? eq(dataImports.status, q.status) : undefined,
    q.via ? eq(dataImports.via, q.via) : undefined,
    q.from ? gte(dataImports.startedAt, chinaDayStart(q.from)) : undefined,
    q.to ? lt(dataImports.startedAt, new Date(chinaDayStart(q.to).getTime() + 86_400_000)) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select(viewColumns)
      .from(dataImports)
      .leftJoin(regions, eq(regions.code, dataImports.regionCode))
      .leftJoin(users, eq(users.id, dataImports.createdBy))
      .leftJoin(apiTokens, eq(apiTokens.id, dataImports.tokenId))
      .where(where)
      .orderBy(desc(dataImports.startedAt), desc(dataImports.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(dataImports).where(where),
  ]);
  return { rows: rows.map(toView), total: Number(total?.n ?? 0) };
}

export async function getImportInScope(db: DbOrTx, id: string, scopeCode: string | null): Promise<ImportViewRow | null> {
  const [row] = await db
    .select(viewColumns)
    .from(dataImports)
    .leftJoin(regions, eq(regions.code, dataImports.regionCode))
    .leftJoin(users, eq(users.id, dataImports.createdBy))
    .leftJoin(apiTokens, eq(apiTokens.id, dataImports.tokenId))
    .where(and(eq(dataImports.id, id), isNull(dataImports.deletedAt), inRegionScope(dataImports.regionCode, scopeCode)));
  return row ? toView(row) : null;
}
