import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '@mpw/db';
import { regionLevelOf } from '@mpw/contracts';
import { regionRange } from '../../lib/scope.js';
import { rectificationOnTimeSql } from '../rectification/rectification.on-time.js';

/**
 * Every figure of the dashboards, computed in SQL over the records (set-based, one statement per
 * group). `region` is the dashboard's region, already checked to lie in the reader's scope; reports
 * and cases add the reader's visibility predicate of their module (`visible`). Days are China
 * dates; timestamps are read in China time.
 */

export interface Window {
  from: string;
  to: string;
  today: string;
}

/** `<alias>.region_code` within the region's subtree: a range on the indexed column, bound parameters only. */
function within(alias: string, region: string): SQL {
  const { lo, hi } = regionRange(region);
  return sql`${sql.raw(`${alias}.region_code`)} between ${lo} and ${hi}`;
}

/** The China date of a timestamp column. */
const day = (column: string) => sql.raw(`(${column} at time zone 'Asia/Shanghai')::date`);
const inWindow = (column: SQL, w: Pick<Window, 'from' | 'to'>) => sql`${column} between ${w.from}::date and ${w.to}::date`;

type Counts = Record<string, number | string | null>;
const one = async (db: DbOrTx, q: SQL): Promise<Counts> => (await queryRows<Counts>(db, q))[0] ?? {};

// ---- Groups of the dashboard ----

/** Records created on the platform in the window, and portal use from the daily counters. */
export function platformRecords(db: DbOrTx, region: string, w: Window) {
  return one(db, sql`select
    (select count(*)::int from matters m where m.deleted_at is null and ${within('m', region)} and ${inWindow(day('m.created_at'), w)}) as matters,
    (select count(*)::int from decisions d where d.deleted_at is null and ${within('d', region)} and ${inWindow(day('d.created_at'), w)}) as decisions,
    (select count(*)::int from ledger_entries e where e.deleted_at is null and ${within('e', region)} and ${inWindow(sql`e.entry_date`, w)}) as ledger_entries,
    (select count(*)::int from disclosures x where x.deleted_at is null and ${within('x', region)} and x.first_published_at is not null and ${inWindow(day('x.first_published_at'), w)}) as disclosures_published,
    (select coalesce(sum(u.count), 0)::int from usage_counters u where ${within('u', region)} and u.metric = 'portal_view' and ${inWindow(sql`u.day`, w)}) as portal_views,
    (select coalesce(sum(u.count), 0)::int from usage_counters u where ${within('u', region)} and u.metric = 'household_query' and ${inWindow(sql`u.day`, w)}) as household_queries`);
}

/** Matters started in the window by their current status; matters overdue today (whenever started). */
export function matterCounts(db: DbOrTx, region: string, w: Window) {
  return one(db, sql`select
    count(*) filter (where ${inWindow(day('m.created_at'), w)})::int as started,
    count(*) filter (where ${inWindow(day('m.created_at'), w)} and m.status = 'running')::int as running,
    count(*) filter (where ${inWindow(day('m.created_at'), w)} and m.status = 'paused')::int as paused,
    count(*) filter (where ${inWindow(day('m.created_at'), w)} and m.status = 'completed')::int as completed,
    count(*) filter (where ${inWindow(day('m.created_at'), w)} and m.status = 'rejected')::int as rejected,
    count(*) filter (where ${inWindow(day('m.created_at'), w)} and m.status = 'withdrawn')::int as withdrawn,
    count(*) filter (where m.status in ('running', 'paused') and m.step_due_on < ${w.today}::date)::int as overdue
    from matters m where m.deleted_at is null and ${within('m', region)}`);
}

/**
 * The on-time rule of disclosures and questions (rectification's is rectification.on-time.ts, the same
 * rule with acceptance as done): an item counts once its
 * due date is in the window and it is either done or past due (an item not yet due and not yet
 * done is not judged); it is on time when done on or before its due date.
 */
const judged = (due: string, doneDay: SQL, w: Window) => sql`${sql.raw(due)} between ${w.from}::date and ${w.to}::date and (${doneDay} is not null or ${sql.raw(due)} < ${w.today}::date)`;

/** Disclosures due in the window: judged, published on time (by the system's clock at first publication), late; drafts overdue today. */
export function disclosureCounts(db: DbOrTx, region: string, w: Window) {
  const published = day('x.first_published_at');
  return one(db, sql`select
    count(*) filter (where ${judged('x.due_on', published, w)})::int as judged,
    count(*) filter (where ${judged('x.due_on', published, w)} and ${published} <= x.due_on)::int as on_time,
    count(*) filter (where x.status = 'draft' and x.due_on < ${w.today}::date)::int as overdue_drafts
    from disclosures x where x.deleted_at is null and x.due_on is not null and ${within('x', region)}`);
}

/** Questions on disclosure items still live (a deleted item takes its questions out of every count, as out of the list). */
const liveQuestion = sql.raw('q.deleted_at is null and exists (select 1 from disclosures dx where dx.id = q.disclosure_id and dx.deleted_at is null)');

/** Villagers' questions: on disclosures (disclosure_questions) and to the village (village_questions, hidden ones left out). */
export function questionCounts(db: DbOrTx, region: string, w: Window) {
  const qa = day('q.answered_at');
  const va = day('v.answered_at');
  return one(db, sql`select
    (select count(*)::int from disclosure_questions q where ${liveQuestion} and ${within('q', region)} and ${inWindow(day('q.created_at'), w)}) as dq_asked,
    (select count(*)::int from disclosure_questions q where ${liveQuestion} and ${within('q', region)} and ${judged('q.due_on', qa, w)}) as dq_judged,
    (select count(*)::int from disclosure_questions q where ${liveQuestion} and ${within('q', region)} and ${judged('q.due_on', qa, w)} and ${qa} <= q.due_on) as dq_on_time,
    (select count(*)::int from disclosure_questions q where ${liveQuestion} and ${within('q', region)} and q.answered_at is null and q.due_on < ${w.today}::date) as dq_overdue,
    (select count(*)::int from village_questions v where v.deleted_at is null and v.status <> 'hidden' and ${within('v', region)} and ${inWindow(day('v.created_at'), w)}) as vq_asked,
    (select count(*)::int from village_questions v where v.deleted_at is null and v.status <> 'hidden' and ${within('v', region)} and ${judged('v.due_on', va, w)}) as vq_judged,
    (select count(*)::int from village_questions v where v.deleted_at is null and v.status <> 'hidden' and ${within('v', region)} and ${judged('v.due_on', va, w)} and ${va} <= v.due_on) as vq_on_time,
    (select count(*)::int from village_questions v where v.deleted_at is null and v.status = 'open' and ${within('v', region)} and v.due_on < ${w.today}::date) as vq_overdue`);
}

/** Reports received in the window (by the day of arrival) and how far they have gone; `visible` is reports.policy reportVisibleTo. */
export function reportCounts(db: DbOrTx, region: string, w: Window, visible: SQL, microCategories: readonly string[]) {
  return one(db, sql`select
    count(*)::int as received,
    count(*) filter (where reports.accepted_at is not null)::int as accepted,
    count(*) filter (where reports.status = 'not_accepted')::int as not_accepted,
    count(*) filter (where reports.concluded_at is not null)::int as concluded,
    count(*) filter (where reports.conclusion in ('true', 'partly_true'))::int as confirmed,
    count(*) filter (where reports.category in (${sql.join(microCategories.map((c) => sql`${c}`), sql`, `)}))::int as micro_power
    from reports where reports.deleted_at is null and ${visible} and ${within('reports', region)} and ${inWindow(sql`reports.received_on`, w)}`);
}

/** Alerts first raised in the window, per rule and current status; and alerts open today (whenever raised). */
export async function alertCounts(db: DbOrTx, region: string, w: Window) {
  const rows = await queryRows<{ rule: string; status: string; n: number }>(db, sql`
    select a.rule, a.status, count(*)::int as n from alerts a
    where a.deleted_at is null and ${within('a', region)} and ${inWindow(day('a.first_raised_at'), w)}
    group by a.rule, a.status order by a.rule, a.status`);
  const open = await one(db, sql`select count(*)::int as n from alerts a where a.deleted_at is null and a.status = 'open' and ${within('a', region)}`);
  return { rows, openNow: Number(open.n ?? 0) };
}

/** Rectification items due in the window: judged, closed (accepted by the issuer, 销号) on time; items overdue today. */
export function rectificationCounts(db: DbOrTx, region: string, w: Window) {
  const rule = rectificationOnTimeSql('i', w.today);
  const judgedInWindow = sql`${inWindow(sql`i.deadline`, w)} and ${rule.judged}`;
  return one(db, sql`select
    count(*) filter (where ${judgedInWindow})::int as judged,
    count(*) filter (where ${judgedInWindow} and ${rule.onTime})::int as on_time,
    count(*) filter (where i.status = 'closed' and ${inWindow(sql`i.closed_on`, w)})::int as closed_in_window,
    count(*) filter (where i.status <> 'closed' and i.deadline < ${w.today}::date)::int as overdue
    from rectification_items i where i.deleted_at is null and ${within('i', region)}`);
}

/**
 * Cases where it happened in the region and `visible` (cases.policy caseVisibleTo) lets the reader
 * see; per sanction category, the cases (one subject each, so 人次) with such a sanction decided in
 * the window, and the recovered amount.
 */
export async function caseCounts(db: DbOrTx, region: string, w: Window, visible: SQL) {
  const counts = await one(db, sql`select
    count(*) filter (where ${inWindow(day('cases.created_at'), w)})::int as opened,
    count(*) filter (where ${inWindow(sql`cases.filed_on`, w)})::int as filed,
    count(*) filter (where ${inWindow(sql`cases.executed_on`, w)})::int as executed
    from cases where cases.deleted_at is null and ${visible} and ${within('cases', region)}`);
  const sanctions = await queryRows<{ category: string; n: number; amount_fen: number | string | null }>(db, sql`
    select s.category, count(distinct s.case_id)::int as n, coalesce(sum(s.amount_fen), 0)::bigint as amount_fen
    from case_sanctions s join cases on cases.id = s.case_id
    where s.deleted_at is null and cases.deleted_at is null and ${visible} and ${within('cases', region)} and ${inWindow(sql`s.decided_on`, w)}
    group by s.category`);
  return { counts, sanctions };
}

const levelPoints = (column: string, points: Record<string, number>) =>
  sql`(case ${sql.raw(column)} ${sql.join(Object.entries(points).map(([level, p]) => sql`when ${level} then ${p}::int`), sql` `)} else 0 end)`;

/** Satisfaction responses of the given quarters: points and answers (three per response), and households in the registry. */
export function satisfactionCounts(db: DbOrTx, region: string, quarters: readonly string[], points: Record<string, number>) {
  return one(db, sql`select
    (select count(*)::int from satisfaction_responses s where s.deleted_at is null and ${within('s', region)} and s.quarter in (${sql.join(quarters.map((q) => sql`${q}`), sql`, `)})) as responses,
    (select coalesce(sum(${levelPoints('s.disclosure', points)} + ${levelPoints('s.services', points)} + ${levelPoints('s.integrity', points)}), 0)::int
       from satisfaction_responses s where s.deleted_at is null and ${within('s', region)} and s.quarter in (${sql.join(quarters.map((q) => sql`${q}`), sql`, `)})) as points,
    (select count(distinct r.household_id)::int from residents r where r.deleted_at is null and r.household_id is not null and ${within('r', region)}) as households`);
}

// ---- Trends ----

export interface TrendParts {
  reports: SQL | null;
  alerts: boolean;
  rectification: boolean;
}

/** Monthly counts (YYYY-MM) of the series the reader may see. */
export function monthlyCounts(db: DbOrTx, region: string, w: Window, parts: TrendParts) {
  const month = (d: SQL) => sql`to_char(${d}, 'YYYY-MM')`;
  const selects: SQL[] = [
    sql`select 'matters_started' as k, ${month(day('m.created_at'))} as month, count(*)::int as n from matters m where m.deleted_at is null and ${within('m', region)} and ${inWindow(day('m.created_at'), w)} group by 2`,
  ];
  if (parts.reports) selects.push(sql`select 'reports_received', ${month(sql`reports.received_on`)}, count(*)::int from reports where reports.deleted_at is null and ${parts.reports} and ${within('reports', region)} and ${inWindow(sql`reports.received_on`, w)} group by 2`);
  if (parts.alerts) selects.push(sql`select 'alerts_raised', ${month(day('a.first_raised_at'))}, count(*)::int from alerts a where a.deleted_at is null and ${within('a', region)} and ${inWindow(day('a.first_raised_at'), w)} group by 2`);
  if (parts.rectification) selects.push(sql`select 'rectification_closed', ${month(sql`i.closed_on`)}, count(*)::int from rectification_items i where i.deleted_at is null and i.status = 'closed' and ${within('i', region)} and ${inWindow(sql`i.closed_on`, w)} group by 2`);
  return queryRows<{ k: string; month: string; n: number }>(db, sql.join(selects, sql` union all `));
}

// ---- Heat table: child regions × indicators ----

export type HeatRow = {
  code: string;
  name: string;
  overdue_matters: number;
  disclosures_judged: number;
  disclosures_on_time: number;
  open_alerts: number;
  rect_judged: number;
  rect_on_time: number;
  sat_responses: number;
  sat_points: number;
};

/**
 * One row per child region (the townships of a district, the villages of a township; a village is
 * its own single row). Every record is keyed to the child it lies under.
 */
export function heatRows(db: DbOrTx, region: string, w: Window, quarters: readonly string[], points: Record<string, number>) {
  const level = regionLevelOf(region);
  const key = (alias: string) => sql.raw(level === 'district' ? `substr(${alias}.region_code, 1, 9) || '000'` : `${alias}.region_code`);
  const published = day('x.first_published_at');
  const rect = rectificationOnTimeSql('i', w.today);
  const children = level === 'village' ? sql`r.code = ${region}` : sql`r.parent_code = ${region}`;
  return queryRows<HeatRow>(db, sql`
    select r.code, r.name,
      coalesce(om.n, 0)::int as overdue_matters,
      coalesce(dt.judged, 0)::int as disclosures_judged, coalesce(dt.on_time, 0)::int as disclosures_on_time,
      coalesce(oa.n, 0)::int as open_alerts,
      coalesce(rt.judged, 0)::int as rect_judged, coalesce(rt.on_time, 0)::int as rect_on_time,
      coalesce(sv.responses, 0)::int as sat_responses, coalesce(sv.points, 0)::int as sat_points
    from regions r
    left join (
      select ${key('m')} as code, count(*) as n from matters m
      where m.deleted_at is null and ${within('m', region)} and m.status in ('running', 'paused') and m.step_due_on < ${w.today}::date group by 1
    ) om on om.code = r.code
    left join (
      select ${key('x')} as code, count(*) as judged, count(*) filter (where ${published} <= x.due_on) as on_time from disclosures x
      where x.deleted_at is null and x.due_on is not null and ${within('x', region)} and ${judged('x.due_on', published, w)} group by 1
    ) dt on dt.code = r.code
    left join (
      select ${key('a')} as code, count(*) as n from alerts a where a.deleted_at is null and a.status = 'open' and ${within('a', region)} group by 1
    ) oa on oa.code = r.code
    left join (
      select ${key('i')} as code, count(*) as judged, count(*) filter (where ${rect.onTime}) as on_time from rectification_items i
      where i.deleted_at is null and ${within('i', region)} and ${inWindow(sql`i.deadline`, w)} and ${rect.judged} group by 1
    ) rt on rt.code = r.code
    left join (
      select ${key('s')} as code, count(*) as responses,
        sum(${levelPoints('s.disclosure', points)} + ${levelPoints('s.services', points)} + ${levelPoints('s.integrity', points)}) as points
      from satisfaction_responses s
      where s.deleted_at is null and ${within('s', region)} and s.quarter in (${sql.join(quarters.map((q) => sql`${q}`), sql`, `)}) group by 1
    ) sv on sv.code = r.code
    where r.deleted_at is null and ${children}
    order by r.code`);
}

// ---- Village workboard ----

export type WorkRow = {
  kind: string;
  title: string;
  due_on: string | null;
  link: string;
};

export interface WorkParts {
  rectification: boolean;
  alerts: boolean;
}

/** What is open in one village and has (or has had) a due date, and what waits on someone else; capped per kind. */
export function villageWork(db: DbOrTx, village: string, parts: WorkParts, cap = 100) {
  const selects: SQL[] = [
    sql`(select 'matter_step' as kind, m.title || '（' || m.matter_no || '）' as title, m.step_due_on::text as due_on, '/matters/' || m.id::text as link
      from matters m where m.deleted_at is null and m.region_code = ${village} and m.status in ('running', 'paused') and m.step_due_on is not null
      order by m.step_due_on limit ${cap})`,
    sql`(select 'disclosure', x.title, x.due_on::text, '/disclosures/' || x.id::text
      from disclosures x where x.deleted_at is null and x.region_code = ${village} and x.status = 'draft' and x.due_on is not null
      order by x.due_on limit ${cap})`,
    sql`(select 'village_question', left(v.content, 40), v.due_on::text, '/village-questions?regionCode=' || v.region_code || '&status=open'
      from village_questions v where v.deleted_at is null and v.region_code = ${village} and v.status = 'open'
      order by v.due_on limit ${cap})`,
    sql`(select 'disclosure_question', left(q.content, 40), q.due_on::text, '/disclosures/' || q.disclosure_id::text
      from disclosure_questions q join disclosures x on x.id = q.disclosure_id and x.deleted_at is null
      where q.deleted_at is null and q.region_code = ${village} and q.answer is null
      order by q.due_on limit ${cap})`,
  ];
  if (parts.rectification) {
    selects.push(sql`(select case i.status when 'returned' then 'rectification_returned' when 'answered' then 'rectification_answered' else 'rectification_item' end,
        n.number || ' 第' || i.seq || '项：' || left(i.problem, 30), i.deadline::text, '/rectification/notices/' || i.notice_id::text || '?item=' || i.id::text
      from rectification_items i join rectification_notices n on n.id = i.notice_id
      where i.deleted_at is null and i.region_code = ${village} and i.status in ('open', 'returned', 'reopened', 'answered')
      order by i.deadline limit ${cap})`);
  }
  if (parts.alerts) {
    selects.push(sql`(select 'alert', a.summary, null::text, '/alerts/' || a.id::text
      from alerts a where a.deleted_at is null and a.region_code = ${village} and a.status = 'open'
      order by a.first_raised_at limit ${cap})`);
  }
  return queryRows<WorkRow>(db, sql.join(selects, sql` union all `));
}

// ---- Public statistics ----

/** A year's public aggregates of a region, per month (YYYY-MM); nothing about any person. */
export async function publicMonthly(db: DbOrTx, region: string, w: Window, withReports: boolean) {
  const month = (d: SQL) => sql`to_char(${d}, 'YYYY-MM')`;
  const va = day('v.answered_at');
  const qa = day('q.answered_at');
  const selects: SQL[] = [
    sql`select 'matters_completed' as k, ${month(day('m.completed_at'))} as month, count(*)::int as n from matters m where m.deleted_at is null and m.status = 'completed' and ${within('m', region)} and ${inWindow(day('m.completed_at'), w)} group by 2`,
    sql`select 'disclosures_published', ${month(day('x.first_published_at'))}, count(*)::int from disclosures x where x.deleted_at is null and x.first_published_at is not null and ${within('x', region)} and ${inWindow(day('x.first_published_at'), w)} group by 2`,
    sql`select 'questions_answered', ${month(va)}, count(*)::int from village_questions v where v.deleted_at is null and v.status <> 'hidden' and v.answered_at is not null and ${within('v', region)} and ${inWindow(va, w)} group by 2`,
    sql`select 'questions_answered', ${month(qa)}, count(*)::int from disclosure_questions q where q.deleted_at is null and q.answered_at is not null and ${within('q', region)} and ${inWindow(qa, w)} group by 2`,
    sql`select 'rectification_closed', ${month(sql`i.closed_on`)}, count(*)::int from rectification_items i where i.deleted_at is null and i.status = 'closed' and ${within('i', region)} and ${inWindow(sql`i.closed_on`, w)} group by 2`,
  ];
  if (withReports) {
    selects.push(sql`select 'reports_received', ${month(sql`reports.received_on`)}, count(*)::int from reports where reports.deleted_at is null and ${within('reports', region)} and ${inWindow(sql`reports.received_on`, w)} group by 2`);
    selects.push(sql`select 'reports_concluded', ${month(day('reports.concluded_at'))}, count(*)::int from reports where reports.deleted_at is null and reports.concluded_at is not null and ${within('reports', region)} and ${inWindow(day('reports.concluded_at'), w)} group by 2`);
  }
  return queryRows<{ k: string; month: string; n: number }>(db, sql.join(selects, sql` union all `));
}

// ---- Usage counters ----

/** One more use of the portal in a village on a day (counts only; nothing about who). */
export async function incrementUsage(db: DbOrTx, regionCode: string, dayOf: string, metric: string, by = 1): Promise<void> {
  await db.execute(sql`
    insert into usage_counters (region_code, day, metric, count) values (${regionCode}, ${dayOf}::date, ${metric}, ${by})
    on conflict (region_code, day, metric) do update set count = usage_counters.count + excluded.count`);
}
