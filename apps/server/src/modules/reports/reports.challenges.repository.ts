import { eq, lt, sql } from 'drizzle-orm';
import { spentChallenges, type DbOrTx } from '@mpw/db';

/** Marks the challenge spent; false when it was spent before (by any instance). Drops expired rows on the way. */
export async function markChallengeSpent(db: DbOrTx, digest: string, expiresAt: Date, now: Date): Promise<boolean> {
  await db.delete(spentChallenges).where(lt(spentChallenges.expiresAt, now));
  const rows = await db.insert(spentChallenges).values({ digest, expiresAt }).onConflictDoNothing().returning({ digest: spentChallenges.digest });
  return rows.length === 1;
}

export async function unmarkChallenge(db: DbOrTx, digest: string): Promise<void> {
  await db.delete(spentChallenges).where(eq(spentChallenges.digest, digest));
}

export async function countSpentChallenges(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(spentChallenges);
  return row?.n ?? 0;
}
