import { and, asc, count, desc, eq, isNull, notInArray, sql, type SQL } from 'drizzle-orm';
import { assessmentLocks, assessmentResults, assessmentSchemes, queryRows, regions, type DbOrTx, type Tx } from '@mpw/db';
import { SATISFACTION_LEVEL_POINTS, type TAssessmentIndicator, type TAssessmentIndicatorKind } from '@mpw/contracts';
import { inRegionScope, regionRange } from '../../lib/scope.js';
import { rectificationOnTimeSql } from '../rectification/rectification.on-time.js';
import { coverageRows } from '../training/training.repository.js';
import { POWER_LIST_MAX_AGE_MONTHS, type IndicatorCounts } from './assessment.policy.js';

export type SchemeRow = typeof assessmentSchemes.$inferSelect;
export type ResultRow = typeof assessmentResults.$inferSelect;
export type ResultView = ResultRow & { regionName: string | null };

const liveScheme = isNull(assessmentSchemes.deletedAt);
const liveResult = isNull(assessmentResults.deletedAt);

/** Schemes belong to a district; every account of the district (and its townships) reads them. */
const schemeVisible = (scopeCode: string | null): SQL => (scopeCode === null ? sql`true` : eq(assessmentSchemes.regionCode, `${scopeCode.slice(0, 6)}000000`));

// ---- Schemes ----

export async function findSchemes(db: DbOrTx, f: { scopeCode: string | null; status?: string }, page: { offset: number; limit: number }) {
  const where = and(liveScheme, schemeVisible(f.scopeCode), f.status ? eq(assessmentSchemes.status, f.status) : undefined);
  const [rows, [total]] = await Promise.all([
    db.select().from(assessmentSchemes).where(where).orderBy(desc(assessmentSchemes.createdAt)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(assessmentSchemes).where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function getScheme(db: DbOrTx, id: string, scopeCode: string | null): Promise<SchemeRow | null> {
  const [row] = await db.select().from(assessmentSchemes).where(and(eq(assessmentSchemes.id, id), liveScheme, schemeVisible(scopeCode)));
  return row ?? null;
}

export async function lockScheme(tx: Tx, id: string, scopeCode: string | null): Promise<SchemeRow | null> {
  const [row] = await tx.select().from(assessmentSchemes).where(and(eq(assessmentSchemes.id, id), liveScheme, schemeVisible(scopeCode))).for('update');
  return row ?? null;
}

export async function insertScheme(tx: Tx, row: typeof assessmentSchemes.$inferInsert) {
  await tx.insert(assessmentSchemes).values(row);
}

export async function updateScheme(tx: Tx, id: string, patch: Partial<typeof assessmentSchemes.$inferInsert>) {
  await tx.update(assessmentSchemes).set(patch).where(eq(assessmentSchemes.id, id));
}

// ---- Units ----

/** The live townships or villages of a district: the units a scheme assesses. */
export async function unitsOf(db: DbOrTx, district: string, level: 'township' | 'village'): Promise<{ code: string; name: string }[]> {
  return db.select({ code: regions.code, name: regions.name }).from(regions)
    .where(and(eq(regions.level, level), isNull(regions.deletedAt), inRegionScope(regions.code, district)))
    .orderBy(asc(regions.code));
}

// ---- Indicator counts (one set-based query per indicator, every unit at once) ----

export interface CountContext {
  district: string;
  level: 'township' | 'village';
  from: string;
  /** The last day counted: the period's end, or today while the period runs. */
  asOf: string;
  /** The day the results are computed on (rules that judge "past due" read it). */
  today: string;
  quarters: string[];
}

/** An indicator's own parameters (power_list_current: how old an item may be). */
export type IndicatorOptions = Pick<TAssessmentIndicator, 'maxAgeMonths'>;

/** The unit a record belongs to: its village, or the township above it. */
const unitOf = (col: string, level: CountContext['level']) => (level === 'village' ? sql.raw(col) : sql.raw(`(substr(${col}, 1, 9) || '000')`));
/** Records of the district at the target level or below (a township's own records count for the township). */
function inUnits(col: string, c: CountContext): SQL {
  const { lo, hi } = regionRange(c.district);
  const c0 = sql.raw(col);
  return sql`${c0} between ${lo} and ${hi} and ${c.level === 'village' ? sql`right(${c0}, 3) <> '000'` : sql`right(${c0}, 6) <> '000000'`}`;
}
const chinaDay = (col: string) => sql.raw(`(${col} at time zone 'Asia/Shanghai')::date`);
const levelPoints = (col: string) =>
  sql.raw(`(case ${col} ${Object.entries(SATISFACTION_LEVEL_POINTS).map(([level, p]) => `when '${level}' then ${Number(p)}`).join(' ')} else 0 end)`);

/** The counts of every kind but training coverage, which the training module's coverage query gives. */
function countsSql(kind: Exclude<TAssessmentIndicatorKind, 'training_coverage'>, c: CountContext, o: IndicatorOptions): SQL {
  const within = (col: string) => sql`${sql.raw(col)} between ${c.from}::date and ${c.asOf}::date`;
  switch (kind) {
    case 'rectification_on_time': {
      // The shared on-time rule: judged once closed (by the issuer's acceptance) or past the deadline.
      const rule = rectificationOnTimeSql('i', c.today);
      return sql`select ${unitOf('i.region_code', c.level)} as code, count(*)::int as records,
          (count(*) filter (where ${rule.onTime}))::int as good
        from rectification_items i
        where i.deleted_at is null and ${inUnits('i.region_code', c)} and ${within('i.deadline')} and ${rule.judged}
        group by 1`;
    }
    case 'disclosure_on_time':
      return sql`select ${unitOf('d.region_code', c.level)} as code, count(*)::int as records,
          (count(*) filter (where d.first_published_at is not null and ${chinaDay('d.first_published_at')} <= d.due_on))::int as good
        from disclosures d
        where d.deleted_at is null and d.due_on is not null and ${inUnits('d.region_code', c)} and ${within('d.due_on')}
        group by 1`;
    case 'questions_answered_on_time':
      return sql`select code, sum(records)::int as records, sum(good)::int as good from (
          select ${unitOf('q.region_code', c.level)} as code, count(*) as records,
            count(*) filter (where q.answered_at is not null and ${chinaDay('q.answered_at')} <= q.due_on) as good
          from village_questions q
          where q.deleted_at is null and q.status <> 'hidden' and ${inUnits('q.region_code', c)} and ${within('q.due_on')}
          group by 1
          union all
          select ${unitOf('dq.region_code', c.level)}, count(*),
            count(*) filter (where dq.answered_at is not null and ${chinaDay('dq.answered_at')} <= dq.due_on)
          from disclosure_questions dq
          where dq.deleted_at is null and ${inUnits('dq.region_code', c)} and ${within('dq.due_on')}
          group by 1
        ) x group by code`;
    case 'satisfaction':
      return sql`select ${unitOf('s.region_code', c.level)} as code, count(*)::int as records, 0 as good, (count(*) * 3)::int as answers,
          sum(${levelPoints('s.disclosure')} + ${levelPoints('s.services')} + ${levelPoints('s.integrity')})::int as points
        from satisfaction_responses s
        where s.deleted_at is null and ${inUnits('s.region_code', c)} and s.quarter in (${sql.join(c.quarters.map((q) => sql`${q}`), sql`, `)})
        group by 1`;
    case 'matters_on_time':
      // Overdue is the system's finding (OVERDUE_STEP, subject = matter number); a township's dismissal clears it.
      return sql`select ${unitOf('m.region_code', c.level)} as code, count(*)::int as records,
          (count(*) filter (where not exists (
            select 1 from alerts a where a.rule = 'OVERDUE_STEP' and a.subject_type = 'matter' and a.subject_id = m.matter_no
              and a.status <> 'dismissed' and a.deleted_at is null)))::int as good
        from matters m
        where m.deleted_at is null and m.status in ('completed', 'rejected') and m.completed_at is not null
          and ${inUnits('m.region_code', c)} and ${chinaDay('m.completed_at')} between ${c.from}::date and ${c.asOf}::date
        group by 1`;
    case 'findings_handled':
      // Resolved follows the issuer's acceptance of the rectification items raised from the finding.
      return sql`select ${unitOf('f.region_code', c.level)} as code, count(*)::int as records,
          (count(*) filter (where f.status = 'resolved'))::int as good
        from inspection_findings f
        where f.deleted_at is null and f.status <> 'dismissed' and ${inUnits('f.region_code', c)}
          and ${chinaDay('f.created_at')} between ${c.from}::date and ${c.asOf}::date
        group by 1`;
    case 'problems_concluded':
      // Alerts the township or district did not dismiss, and reports accepted; concluded only by a township or the district.
      // Reports barred from a township's accounts (about its officials) are left out: townships read these results.
      return sql`select code, sum(records)::int as records, sum(good)::int as good from (
          select ${unitOf('a.region_code', c.level)} as code, count(*) as records, count(*) filter (where a.status = 'closed') as good
          from alerts a
          where a.deleted_at is null and a.status <> 'dismissed' and a.false_positive is null and ${inUnits('a.region_code', c)}
            and ${chinaDay('a.first_raised_at')} between ${c.from}::date and ${c.asOf}::date
          group by 1
          union all
          select ${unitOf('r.region_code', c.level)}, count(*),
            count(*) filter (where r.concluded_at is not null and r.handling_level in ('district', 'township'))
          from reports r
          where r.deleted_at is null and r.status not in ('received', 'not_accepted') and ${inUnits('r.region_code', c)} and ${within('r.received_on')}
            and (r.barred_region_code is null or right(r.barred_region_code, 3) <> '000')
          group by 1
        ) x group by code`;
    case 'power_list_current': {
      // The items that apply to the unit — the district catalogue, its township's items and its own (for a
      // township: its villages' too) — that existed at the end of the period, rejected and retired ones left
      // out. Good: in force (approved) and the version in force at the end of the period written within
      // maxAgeMonths of it. A local item awaiting approval is listed but not yet published: not good.
      const months = Math.trunc(o.maxAgeMonths ?? POWER_LIST_MAX_AGE_MONTHS);
      const { lo, hi } = regionRange(c.district);
      return sql`select u.code, count(*)::int as records,
          (count(*) filter (where p.status = 'active' and pv.version_on >= (${c.asOf}::date - make_interval(months => ${months}::int))::date))::int as good
        from regions u
        join power_items p on p.deleted_at is null and p.status in ('active', 'pending_approval')
          and (p.region_code = ${c.district} or p.region_code = substr(u.code, 1, 9) || '000'
            or p.region_code between rpad(left(u.code, ${c.level === 'village' ? 12 : 9}), 12, '0') and rpad(left(u.code, ${c.level === 'village' ? 12 : 9}), 12, '9'))
          and ${chinaDay('p.created_at')} <= ${c.asOf}::date
        left join lateral (
          select max(${chinaDay('x.created_at')}) as version_on from power_item_versions x
          where x.item_id = p.id and x.version <= p.current_version and ${chinaDay('x.created_at')} <= ${c.asOf}::date
        ) pv on true
        where u.deleted_at is null and u.level = ${c.level} and u.code between ${lo} and ${hi}
        group by u.code`;
    }
  }
}

/** One indicator's counts for every unit of the district (units without records are absent). */
export async function indicatorCounts(db: DbOrTx, kind: TAssessmentIndicatorKind, c: CountContext, o: IndicatorOptions = {}): Promise<Map<string, IndicatorCounts>> {
  if (kind === 'training_coverage') {
    // The same query as GET /training/coverage, over every unit of the scheme's level.
    const rows = await coverageRows(db, { district: c.district, level: c.level }, c.from, c.asOf);
    return new Map(rows.filter((r) => Number(r.people) > 0).map((r) => [r.region_code, { records: Number(r.people), good: Number(r.trained) }]));
  }
  const rows = await queryRows<{ code: string; records: number; good: number; answers?: number; points?: number }>(db, countsSql(kind, c, o));
  return new Map(rows.map((r) => [r.code, { records: Number(r.records), good: Number(r.good), answers: r.answers === undefined ? undefined : Number(r.answers), points: r.points === undefined ? undefined : Number(r.points ?? 0) }]));
}

// ---- Results ----

const resultFrom = (db: DbOrTx) =>
  db.select({ result: assessmentResults, regionName: regions.name }).from(assessmentResults).leftJoin(regions, eq(regions.code, assessmentResults.regionCode));

export async function resultsOf(db: DbOrTx, schemeId: string, period: string, scopeCode: string | null, regionCode?: string): Promise<ResultView[]> {
  const rows = await resultFrom(db)
    .where(and(eq(assessmentResults.schemeId, schemeId), eq(assessmentResults.period, period), liveResult, inRegionScope(assessmentResults.regionCode, scopeCode), regionCode ? inRegionScope(assessmentResults.regionCode, regionCode) : undefined))
    .orderBy(asc(assessmentResults.rank), asc(assessmentResults.regionCode));
  return rows.map((r) => ({ ...r.result, regionName: r.regionName }));
}

export async function lockResult(tx: Tx, id: string, scopeCode: string | null): Promise<ResultRow | null> {
  const [row] = await tx.select().from(assessmentResults).where(and(eq(assessmentResults.id, id), liveResult, inRegionScope(assessmentResults.regionCode, scopeCode))).for('update');
  return row ?? null;
}

export async function getResultView(db: DbOrTx, id: string): Promise<ResultView | null> {
  const [row] = await resultFrom(db).where(and(eq(assessmentResults.id, id), liveResult));
  return row ? { ...row.result, regionName: row.regionName } : null;
}

/** Writes computed results; an adjustment already made stays beside the new computed score. */
export async function upsertResults(tx: Tx, rows: (typeof assessmentResults.$inferInsert)[]) {
  if (rows.length === 0) return;
  await tx.insert(assessmentResults).values(rows).onConflictDoUpdate({
    target: [assessmentResults.schemeId, assessmentResults.period, assessmentResults.regionCode],
    set: {
      computedScore: sql`excluded.computed_score`,
      items: sql`excluded.items`,
      coverage: sql`excluded.coverage`,
      computedAt: sql`excluded.computed_at`,
      updatedBy: sql`excluded.updated_by`,
      updatedAt: sql`excluded.updated_at`,
      deletedAt: sql`null`,
    },
  });
}

/** Results of units that no longer exist (a village merged away) leave the period. */
export async function retireResultsExcept(tx: Tx, schemeId: string, period: string, keep: string[], by: string | null) {
  await tx.update(assessmentResults).set({ deletedAt: new Date(), updatedBy: by, updatedAt: new Date() })
    .where(and(eq(assessmentResults.schemeId, schemeId), eq(assessmentResults.period, period), liveResult, keep.length ? notInArray(assessmentResults.regionCode, keep) : undefined));
}

export async function updateResult(tx: Tx, id: string, patch: Partial<typeof assessmentResults.$inferInsert>) {
  await tx.update(assessmentResults).set(patch).where(eq(assessmentResults.id, id));
}

/** Ranks every live result of a period by final score (adjusted, else computed), in one statement. */
export async function rerank(tx: Tx, schemeId: string, period: string) {
  await tx.execute(sql`
    update assessment_results r set rank = x.rank
    from (
      select id, rank() over (order by coalesce(adjusted_score, computed_score) desc) as rank
      from assessment_results where scheme_id = ${schemeId} and period = ${period} and deleted_at is null
    ) x
    where r.id = x.id and r.rank is distinct from x.rank`);
}

// ---- Locks ----

export async function isLocked(db: DbOrTx, schemeId: string, period: string): Promise<boolean> {
  const [row] = await db.select({ id: assessmentLocks.id }).from(assessmentLocks)
    .where(and(eq(assessmentLocks.schemeId, schemeId), eq(assessmentLocks.period, period), isNull(assessmentLocks.deletedAt)));
  return !!row;
}

export async function insertLock(tx: Tx, row: typeof assessmentLocks.$inferInsert): Promise<boolean> {
  const inserted = await tx.insert(assessmentLocks).values(row).onConflictDoNothing().returning({ id: assessmentLocks.id });
  return inserted.length > 0;
}
