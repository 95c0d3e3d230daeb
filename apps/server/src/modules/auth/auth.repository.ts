import { and, eq, isNull } from 'drizzle-orm';
import { sessions, users, type DbOrTx } from '@mpw/db';

export async function insertSession(db: DbOrTx, row: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(row);
}

export async function getSessionWithUser(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      id: sessions.id,
      csrfToken: sessions.csrfToken,
      mfaPassed: sessions.mfaPassed,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      revokedAt: sessions.revokedAt,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      roles: users.roles,
      userRegionCode: users.regionCode,
      status: users.status,
      mustChangePassword: users.mustChangePassword,
      totpSecretSealed: users.totpSecretSealed,
      isMachine: users.isMachine,
      userDeletedAt: users.deletedAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id));
  return row ?? null;
}

export async function touchSession(db: DbOrTx, id: string) {
  await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, id));
}

export async function revokeSession(db: DbOrTx, id: string) {
  await db.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

export async function markSessionMfaPassed(db: DbOrTx, id: string) {
  await db.update(sessions).set({ mfaPassed: true }).where(eq(sessions.id, id));
}

export async function revokeUserSessions(db: DbOrTx, userId: string, exceptId?: string) {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  if (exceptId && rows.some((r) => r.id === exceptId)) {
    await db.update(sessions).set({ revokedAt: null }).where(eq(sessions.id, exceptId));
  }
}

export async function getUserByUsername(db: DbOrTx, username: string) {
  const [row] = await db.select().from(users).where(and(eq(users.username, username), isNull(users.deletedAt)));
  return row ?? null;
}

export async function getUserById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(users).where(and(eq(users.id, id), isNull(users.deletedAt)));
  return row ?? null;
}
