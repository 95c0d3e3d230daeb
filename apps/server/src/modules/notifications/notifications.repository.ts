import { and, arrayOverlaps, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { notifications, users, type DbOrTx } from '@mpw/db';

export type NotificationRow = typeof notifications.$inferSelect;
export type RecipientRow = Pick<typeof users.$inferSelect, 'id' | 'username' | 'displayName' | 'regionCode' | 'email' | 'phone'>;

const recipientColumns = { id: users.id, username: users.username, displayName: users.displayName, regionCode: users.regionCode, email: users.email, phone: users.phone };
const isActive = and(eq(users.status, 'active'), isNull(users.deletedAt));

export async function activeUsersByIds(db: DbOrTx, ids: string[]): Promise<RecipientRow[]> {
  if (ids.length === 0) return [];
  return db.select(recipientColumns).from(users).where(and(inArray(users.id, ids), isActive));
}

/** Active accounts bound to exactly this region holding at least one of the roles. */
export async function activeUsersWithRoles(db: DbOrTx, regionCode: string, roles: string[]): Promise<RecipientRow[]> {
  if (roles.length === 0) return [];
  return db.select(recipientColumns).from(users).where(and(eq(users.regionCode, regionCode), arrayOverlaps(users.roles, roles), isActive));
}

export async function insertNotifications(db: DbOrTx, rows: (typeof notifications.$inferInsert)[]) {
  if (rows.length) await db.insert(notifications).values(rows);
}

const ofUser = (userId: string) => and(eq(notifications.userId, userId), isNull(notifications.deletedAt));

export async function findForUser(db: DbOrTx, userId: string, f: { unreadOnly: boolean }, page: { offset: number; limit: number }) {
  const where = and(ofUser(userId), f.unreadOnly ? isNull(notifications.readAt) : undefined);
  const [rows, [total], [unread]] = await Promise.all([
    db.select().from(notifications).where(where).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(notifications).where(where),
    db.select({ n: count() }).from(notifications).where(and(ofUser(userId), isNull(notifications.readAt))),
  ]);
  return { rows, total: Number(total?.n ?? 0), unread: Number(unread?.n ?? 0) };
}

/** Marks one of the user's messages read (the first reading time is kept); null if it is not theirs. */
export async function markRead(db: DbOrTx, userId: string, id: string): Promise<NotificationRow | null> {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())`, updatedAt: sql`now()`, updatedBy: userId })
    .where(and(eq(notifications.id, id), ofUser(userId)))
    .returning();
  return row ?? null;
}

export async function markAllRead(db: DbOrTx, userId: string): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()`, updatedAt: sql`now()`, updatedBy: userId })
    .where(and(ofUser(userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** A message with its recipient's current account, for an outbound delivery. */
export async function getForDelivery(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      notification: notifications,
      user: { ...recipientColumns, status: users.status, deletedAt: users.deletedAt },
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(eq(notifications.id, id), isNull(notifications.deletedAt)));
  return row ?? null;
}
