import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '@mpw/db';

/**
 * The next number of a district-and-year series, `<code><district 6 digits>-<year>-<5-digit sequence>`
 * (reports JB330102-2026-00042, cases AJ330102-2026-00007). Serialised by a transaction-scoped
 * advisory lock per series and district, so two records created together never share a number;
 * gap-free within committed records.
 */
export async function nextDistrictYearNumber(
  tx: Tx,
  series: { table: 'reports' | 'cases'; code: string; lock: number },
  regionCode: string,
  year: number,
): Promise<string> {
  const district = regionCode.slice(0, 6);
  await tx.execute(sql`select pg_advisory_xact_lock(${series.lock}, ${Number(district)})`);
  const prefix = `${series.code}${district}-${year}-`;
  const [row] = await queryRows<{ last: string | null }>(tx, sql`select max(number) as last from ${sql.identifier(series.table)} where number like ${prefix + '%'}`);
  const seq = row?.last ? Number(row.last.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(seq).padStart(5, '0')}`;
}
