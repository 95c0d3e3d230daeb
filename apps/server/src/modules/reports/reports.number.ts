import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '@mpw/db';

const NUMBER_LOCK = 7321010;

/**
 * The next report number of a district and year, JB<district 6 digits>-<year>-<5-digit sequence>
 * (JB330102-2026-00042). Serialised by a transaction-scoped advisory lock per district, so two
 * reports arriving together never share a number; gap-free within committed reports.
 */
export async function nextReportNumber(tx: Tx, regionCode: string, year: number): Promise<string> {
  const district = regionCode.slice(0, 6);
  await tx.execute(sql`select pg_advisory_xact_lock(${NUMBER_LOCK}, ${Number(district)})`);
  const prefix = `JB${district}-${year}-`;
  const [row] = await queryRows<{ last: string | null }>(tx, sql`select max(number) as last from reports where number like ${prefix + '%'}`);
  const seq = row?.last ? Number(row.last.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(seq).padStart(5, '0')}`;
}
