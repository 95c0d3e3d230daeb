import { and, arrayContains, asc, count, eq, ilike, isNull, or } from 'drizzle-orm';
import { regions, users, type DbOrTx } from '@mpw/db';
import { inRegionScope, likeEscape } from '../../lib/scope.js';

export type UserRow = typeof users.$inferSelect & { regionName: string | null };

const columns = {
  id: users.id, username: users.username, displayName: users.displayName, roles: users.roles, passwordHash: users.passwordHash,
  status: users.status, mustChangePassword: users.mustChangePassword, totpSecretSealed: users.totpSecretSealed,
  totpPendingSealed: users.totpPendingSealed, totpLastStep: users.totpLastStep, isMachine: users.isMachine, isDemo: users.isDemo, email: users.email, phone: users.phone, idNumber: users.idNumber,
  lastLoginAt: users.lastLoginAt, passwordChangedAt: users.passwordChangedAt, regionCode: users.regionCode,
  createdBy: users.createdBy, createdAt: users.createdAt, updatedBy: users.updatedBy, updatedAt: users.updatedAt, deletedAt: users.deletedAt,
  regionName: regions.name,
};

export async function getUserInScope(db: DbOrTx, id: string, scopeCode: string | null): Promise<UserRow | null> {
  const [row] = await db
    .select(columns)
    .from(users)
    .leftJoin(regions, eq(regions.code, users.regionCode))
    .where(and(eq(users.id, id), isNull(users.deletedAt), inRegionScope(users.regionCode, scopeCode)));
  return row ?? null;
}

export async function findUsers(
  db: DbOrTx,
  f: { scopeCode: string | null; regionCode?: string; q?: string; role?: string; status?: 'active' | 'disabled' },
  page: { offset: number; limit: number },
) {
  const where = and(
    isNull(users.deletedAt),
    inRegionScope(users.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(users.regionCode, f.regionCode) : undefined,
    f.q ? or(ilike(users.username, `%${likeEscape(f.q)}%`), ilike(users.displayName, `%${likeEscape(f.q)}%`)) : undefined,
    f.role ? arrayContains(users.roles, [f.role]) : undefined,
    f.status ? eq(users.status, f.status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db.select(columns).from(users).leftJoin(regions, eq(regions.code, users.regionCode)).where(where).orderBy(asc(users.regionCode), asc(users.username)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function usernameTaken(db: DbOrTx, username: string): Promise<boolean> {
  const [r] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return Boolean(r);
}

export async function insertUser(db: DbOrTx, row: typeof users.$inferInsert) {
  await db.insert(users).values(row);
}

export async function updateUser(db: DbOrTx, id: string, patch: Partial<typeof users.$inferInsert>) {
  await db.update(users).set(patch).where(eq(users.id, id));
}
