import { sql, type SQL } from 'drizzle-orm';
import { regionRange } from '../../../lib/scope.js';
import type { RuleContext } from './types.js';

/**
 * Pieces shared by the rules' SQL. Every value goes in as a bound parameter; a list goes in as
 * one `text[]` literal (`= any($1::text[])`), so a list of any length is a single parameter.
 */

/** A PostgreSQL array literal of text values, quoted so that any character is safe. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** `col` is in the sweep's district and, for an incremental sweep, one of its villages. */
export function inSweepScope(col: SQL, ctx: RuleContext): SQL {
  const { lo, hi } = regionRange(ctx.districtCode);
  const district = sql`${col} between ${lo} and ${hi}`;
  if (!ctx.villages) return district;
  if (ctx.villages.length === 0) return sql`false`;
  return sql`(${district} and ${col} = any(${textArray(ctx.villages)}::text[]))`;
}

/** `col` is in the sweep's district (whatever the incremental villages). */
export function inDistrict(col: SQL, ctx: RuleContext): SQL {
  const { lo, hi } = regionRange(ctx.districtCode);
  return sql`${col} between ${lo} and ${hi}`;
}

/** The as-of date as a SQL date. */
export const asOfDate = (ctx: RuleContext): SQL => sql`${ctx.asOf}::date`;

/** An identity number as a summary shows it: only the last four characters. */
export const maskedId = (col: SQL): SQL => sql`('身份证号尾号' || right(${col}, 4))`;

/** YYYY-MM-DD of a date column. */
export const ymd = (col: SQL): SQL => sql`to_char(${col}, 'YYYY-MM-DD')`;

/** Fen as yuan with two decimals (520.00). */
export const yuan = (fen: SQL): SQL => sql`to_char(${fen}::numeric / 100, 'FM999999999999990.00')`;

/** "2025-01-01至2025-12-31", or "2025-01-01至今" while open. */
export const period = (start: SQL, end: SQL): SQL => sql`(${ymd(start)} || '至' || coalesce(${ymd(end)}, '今'))`;

/** The evidence key of a benefit_recipients row: id_number/program/village_code/start_date. */
export const benefitKey = (alias: string): SQL => {
  const a = sql.raw(alias);
  return sql`('benefit_recipients:' || ${a}.id_number || '/' || ${a}.program || '/' || ${a}.region_code || '/' || to_char(${a}.start_date, 'YYYY-MM-DD'))`;
};

/**
 * Rolls rule hits up to one row per subject, as the engine expects. `hits` yields
 * `subject_id, region_code, sort_key, line, ev text[]` (one row per reason the subject fires):
 * the summary is the first line (by sort_key, then text) with the count of further reasons, the
 * evidence every distinct key in order, the region the smallest village code involved.
 */
export function perSubject(hits: SQL): SQL {
  return sql`
    select h.subject_id,
      min(h.region_code) as region_code,
      (array_agg(h.line order by h.sort_key, h.line))[1]
        || case when count(distinct h.line) > 1 then '；另有' || (count(distinct h.line) - 1) || '处' else '' end as summary,
      string_agg(distinct e.item, ';' order by e.item) as evidence,
      null::text as severity
    from (${hits}) h
    cross join lateral unnest(h.ev) as e(item)
    group by h.subject_id`;
}
