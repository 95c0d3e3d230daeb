import { and, asc, eq, gte, isNull, lte } from 'drizzle-orm';
import { calendarDays, type DbOrTx } from '@mpw/db';

export type CalendarDayRow = typeof calendarDays.$inferSelect;

/**
 * Overrides are district policy, read by every account of the district (like settings): the
 * scope of a read is the one district the caller's region belongs to, passed in as its code.
 */
export async function findOverrides(db: DbOrTx, districtCode: string, range?: { from: string; to: string }): Promise<CalendarDayRow[]> {
  return db
    .select()
    .from(calendarDays)
    .where(
      and(
        eq(calendarDays.regionCode, districtCode),
        isNull(calendarDays.deletedAt),
        range ? gte(calendarDays.day, range.from) : undefined,
        range ? lte(calendarDays.day, range.to) : undefined,
      ),
    )
    .orderBy(asc(calendarDays.day));
}

/** The district's row for `day`, removed or not (one row per district and day), locked for the transaction. */
export async function lockOverrideRow(tx: DbOrTx, districtCode: string, day: string): Promise<CalendarDayRow | null> {
  const [row] = await tx
    .select()
    .from(calendarDays)
    .where(and(eq(calendarDays.regionCode, districtCode), eq(calendarDays.day, day)))
    .for('update');
  return row ?? null;
}

/** Inserts the row unless the district already has one for the day (a concurrent request); null then. */
export async function insertOverrideIfAbsent(tx: DbOrTx, row: typeof calendarDays.$inferInsert): Promise<CalendarDayRow | null> {
  const [inserted] = await tx.insert(calendarDays).values(row).onConflictDoNothing({ target: [calendarDays.regionCode, calendarDays.day] }).returning();
  return inserted ?? null;
}

export async function updateOverride(tx: DbOrTx, id: string, patch: Partial<typeof calendarDays.$inferInsert>): Promise<CalendarDayRow> {
  const [updated] = await tx.update(calendarDays).set(patch).where(eq(calendarDays.id, id)).returning();
  return updated!;
}
