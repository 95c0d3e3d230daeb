import { and, desc, eq, lte } from 'drizzle-orm';
import { settingValues, type DbOrTx } from '@mpw/db';

export async function getEffectiveValue(db: DbOrTx, districtCode: string, key: string, asOf: string) {
  const [row] = await db
    .select()
    .from(settingValues)
    .where(and(eq(settingValues.regionCode, districtCode), eq(settingValues.key, key), lte(settingValues.effectiveFrom, asOf)))
    .orderBy(desc(settingValues.effectiveFrom), desc(settingValues.createdAt))
    .limit(1);
  return row ?? null;
}

export async function getHistory(db: DbOrTx, districtCode: string) {
  return db
    .select()
    .from(settingValues)
    .where(eq(settingValues.regionCode, districtCode))
    .orderBy(desc(settingValues.effectiveFrom), desc(settingValues.createdAt));
}

export async function insertValue(db: DbOrTx, row: typeof settingValues.$inferInsert) {
  await db.insert(settingValues).values(row);
}
