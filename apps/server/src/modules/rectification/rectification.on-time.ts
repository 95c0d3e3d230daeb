import { sql, type SQL } from 'drizzle-orm';

/**
 * The on-time rule of rectification (整改按期), the one the ledger stats, the dashboards and the
 * assessment all count by:
 * - an item is **judged** once it is closed (销号) or its deadline has passed; an item not yet due
 *   and not yet closed is left out (it can still be closed on time);
 * - it is **on time** when it was closed on or before its deadline.
 * Closed means accepted by the issuer: `closed_on` is set only by acceptance, so the unit's own
 * answer awaiting acceptance, a returned or a reopened item does not count as done.
 * `alias` names the `rectification_items` row; `today` is the China date the rule is applied on.
 */
export function rectificationOnTimeSql(alias: string, today: string): { closedOn: SQL; judged: SQL; onTime: SQL } {
  const i = (col: string) => sql.raw(`${alias}.${col}`);
  const closedOn = sql`(case when ${i('status')} = 'closed' then ${i('closed_on')} end)`;
  return {
    closedOn,
    judged: sql`(${closedOn} is not null or ${i('deadline')} < ${today}::date)`,
    onTime: sql`(${closedOn} is not null and ${closedOn} <= ${i('deadline')})`,
  };
}
