import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx, type Tx } from '@mpw/db';
import type { TAlertSeverity, TAlertStatus } from '@mpw/contracts';
import { regionRange } from '../../lib/scope.js';
import { DATASET_DEFS } from '../datasets/datasets.definitions.js';
import { textArray } from './rules/rule-sql.js';

/**
 * Queries of the sweep engine. A rule's hits go into a temporary work table (dropped at commit),
 * and are reconciled with `alerts` in a handful of set-based statements per rule.
 */

const WORK = sql.raw('mpw_sweep_hits');

/** Where the alerts of one rule definition live: its code, subject type and the swept regions. */
export interface ReconcileScope {
  rule: string;
  subjectType: string;
  districtCode: string;
  /** Incremental: only alerts of these villages may be resolved (null: the whole district). */
  villages: string[] | null;
}

function alertInScope(s: ReconcileScope): SQL {
  const { lo, hi } = regionRange(s.districtCode);
  const villages = s.villages ? sql`and a.region_code = any(${textArray(s.villages)}::text[])` : sql``;
  return sql`a.rule = ${s.rule} and a.subject_type = ${s.subjectType} and a.deleted_at is null and a.region_code between ${lo} and ${hi} ${villages}`;
}

const matches = (s: ReconcileScope) => sql`a.rule = ${s.rule} and a.subject_type = ${s.subjectType} and a.subject_id = h.subject_id`;

/**
 * Fills the work table with a rule's hits, one row per subject (a rule that yields a subject
 * twice keeps the row of the smallest region code). `severity` is the district's grade for the
 * rule, else the hit's, else the rule's default. Returns how many subjects fired.
 */
export async function loadHits(tx: Tx, hits: SQL, severity: { override: TAlertSeverity | null; fallback: TAlertSeverity }): Promise<number> {
  await tx.execute(sql`drop table if exists ${WORK}`);
  await tx.execute(sql`
    create temporary table ${WORK} (
      subject_id text primary key,
      region_code text not null,
      summary text not null,
      evidence text not null,
      severity text not null
    ) on commit drop`);
  await tx.execute(sql`
    insert into ${WORK} (subject_id, region_code, summary, evidence, severity)
    select distinct on (q.subject_id) q.subject_id, q.region_code, q.summary, coalesce(q.evidence, ''),
      coalesce(${severity.override}::text, q.severity, ${severity.fallback}::text)
    from (${hits}) q
    where q.subject_id is not null and q.region_code is not null and q.summary is not null
    order by q.subject_id, q.region_code`);
  await tx.execute(sql`analyze ${WORK}`);
  const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${WORK}`);
  return Number(row?.n ?? 0);
}

export interface NewAlertRow {
  id: string;
  subject_id: string;
  region_code: string;
  severity: TAlertSeverity;
  summary: string;
  evidence: string;
}

/** Hits with no alert yet become open alerts, stamped with the sweep. */
export async function insertNewAlerts(tx: Tx, s: ReconcileScope, sweepId: string, userId: string | null): Promise<NewAlertRow[]> {
  return queryRows<NewAlertRow & Record<string, unknown>>(tx, sql`
    insert into alerts (id, rule, subject_type, subject_id, severity, status, summary, evidence, first_raised_at, last_seen_at,
      last_sweep_id, region_code, created_by, updated_by, created_at, updated_at)
    select gen_random_uuid(), ${s.rule}, ${s.subjectType}, h.subject_id, h.severity, 'open', h.summary, h.evidence, now(), now(),
      ${sweepId}, h.region_code, ${userId}, ${userId}, now(), now()
    from ${WORK} h
    where not exists (select 1 from alerts a where ${matches(s)})
    order by h.subject_id
    on conflict (rule, subject_type, subject_id) do nothing
    returning id, subject_id, region_code, severity, summary, evidence`);
}

/**
 * The severity an existing alert takes: the hit's, except that a red alert stays red until a
 * person has closed it (domain.md, Alerts: red steps down only after verified rectification).
 */
const nextSeverity = sql`case when a.severity = 'red' and a.status <> 'closed' then 'red' else h.severity end`;
/** As `afterRaise` (alerts.policy.ts): a closed alert whose cause had gone and came back reopens. */
const nextStatus = sql`case when a.resolved_by_data_at is not null and a.status = 'closed' then 'open' else a.status end`;
const isChanged = sql`(a.resolved_by_data_at is not null or a.summary <> h.summary or a.evidence <> h.evidence
  or a.region_code <> h.region_code or a.severity <> ${nextSeverity})`;

export interface ChangedAlertRow {
  id: string;
  subject_id: string;
  came_back: boolean;
  old_region_code: string;
  old_severity: TAlertSeverity;
  old_status: TAlertStatus;
  old_summary: string;
  old_evidence: string;
  region_code: string;
  severity: TAlertSeverity;
  status: TAlertStatus;
  summary: string;
  evidence: string;
}

/**
 * Alerts seen again with something to change (content, grade, or coming back after being
 * resolved by data): locked, then updated; returns before and after for the audit log.
 */
export async function updateChangedAlerts(tx: Tx, s: ReconcileScope, sweepId: string, userId: string | null): Promise<ChangedAlertRow[]> {
  const rows = await queryRows<ChangedAlertRow & Record<string, unknown>>(tx, sql`
    select a.id, a.subject_id, a.resolved_by_data_at is not null as came_back,
      a.region_code as old_region_code, a.severity as old_severity, a.status as old_status, a.summary as old_summary, a.evidence as old_evidence,
      h.region_code, ${nextSeverity} as severity, ${nextStatus} as status, h.summary, h.evidence
    from alerts a join ${WORK} h on ${matches(s)}
    where a.deleted_at is null and a.last_sweep_id is distinct from ${sweepId} and ${isChanged}
    order by a.subject_id
    for update of a`);
  if (rows.length === 0) return rows;
  // The rows are locked by this transaction: the same predicate selects exactly them.
  // A closed alert that reopens starts a new round of handling (as raiseAlert): the old judgement is cleared, the assignee stays.
  const reopening = sql`(a.resolved_by_data_at is not null and a.status = 'closed')`;
  const cleared = sql.join(
    ['handled_by', 'handled_at', 'handling_reason', 'false_positive', 'closed_by', 'closed_at', 'closing_note', 'link_type', 'link_id'].map(
      (c) => sql`${sql.raw(c)} = case when ${reopening} then null else a.${sql.raw(c)} end`,
    ),
    sql`, `,
  );
  await tx.execute(sql`
    update alerts a set region_code = h.region_code, summary = h.summary, evidence = h.evidence,
      severity = ${nextSeverity}, status = ${nextStatus}, resolved_by_data_at = null, ${cleared},
      last_seen_at = now(), last_sweep_id = ${sweepId}, updated_at = now(), updated_by = ${userId}
    from ${WORK} h
    where ${matches(s)} and a.deleted_at is null and a.last_sweep_id is distinct from ${sweepId} and ${isChanged}`);
  return rows;
}

/** Alerts seen again unchanged: only last_seen_at and the sweep move (no audit event). Returns how many. */
export async function touchSeenAlerts(tx: Tx, s: ReconcileScope, sweepId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(tx, sql`
    with u as (
      update alerts a set last_seen_at = now(), last_sweep_id = ${sweepId}
      from ${WORK} h
      where ${matches(s)} and a.deleted_at is null and a.last_sweep_id is distinct from ${sweepId}
      returning 1)
    select count(*)::int as n from u`);
  return Number(row?.n ?? 0);
}

/** Alerts of the swept scope whose cause is gone: marked resolved by data; the status stays. */
export async function resolveUnseenAlerts(tx: Tx, s: ReconcileScope, userId: string | null): Promise<{ id: string; region_code: string; resolved_at: string }[]> {
  return queryRows(tx, sql`
    update alerts a set resolved_by_data_at = now(), updated_at = now(), updated_by = ${userId}
    where ${alertInScope(s)} and a.resolved_by_data_at is null
      and not exists (select 1 from ${WORK} h where h.subject_id = a.subject_id)
    returning a.id, a.region_code, a.resolved_by_data_at as resolved_at`);
}

// ---- planner statistics ----

/** The tables the rules read: the department data, and the books, contracts and decisions. */
const RULE_TABLES = [...Object.values(DATASET_DEFS).map((d) => d.table), 'ledger_entries', 'contracts', 'decisions', 'decision_stages'];

/**
 * Refreshes the planner statistics of rule tables that grew well past what their statistics
 * describe (never analyzed, or more than a fifth larger on disk than at the last analyze). A
 * table loaded a moment ago — by any importer — is otherwise planned as nearly empty, and a
 * rule's joins turn into nested loops over thousands of rows (a query of half a second took
 * half a minute). Returns the tables analyzed.
 */
export async function refreshStaleStatistics(db: DbOrTx): Promise<string[]> {
  const stale = await queryRows<{ relname: string }>(db, sql`
    select c.relname from pg_class c
    where c.relnamespace = to_regnamespace(current_schema())::oid and c.relkind = 'r'
      and c.relname = any(${textArray(RULE_TABLES)}::text[])
      and pg_relation_size(c.oid) / current_setting('block_size')::int > greatest(c.relpages * 1.2, c.relpages + 8)
    order by c.relname`);
  for (const t of stale) await db.execute(sql.raw(`analyze "${t.relname}"`));
  return stale.map((t) => t.relname);
}

// ---- alert_sweeps ----

export interface SweepRow {
  id: string;
  kind: 'full' | 'incremental';
  as_of: string;
  import_id: string | null;
  status: 'running' | 'done' | 'failed';
  counts: unknown;
  started_at: string | Date;
  finished_at: string | Date | null;
  message: string | null;
  region_code: string;
}

export async function insertSweep(tx: Tx, row: { id: string; kind: 'full' | 'incremental'; asOf: string; importId: string | null; regionCode: string; counts: unknown; userId: string | null }) {
  await tx.execute(sql`
    insert into alert_sweeps (id, kind, as_of, import_id, status, counts, started_at, region_code, created_by, updated_by)
    values (${row.id}, ${row.kind}, ${row.asOf}, ${row.importId}, 'running', ${JSON.stringify(row.counts)}::jsonb, now(), ${row.regionCode}, ${row.userId}, ${row.userId})`);
}

export async function finishSweep(tx: Tx, id: string, status: 'done' | 'failed', counts: unknown, message: string | null, userId: string | null) {
  await tx.execute(sql`
    update alert_sweeps set status = ${status}, counts = ${JSON.stringify(counts)}::jsonb, message = ${message},
      finished_at = now(), updated_at = now(), updated_by = ${userId}
    where id = ${id}`);
}

/** Sweeps of districts inside the scope, newest first (or the one sweep `id`). */
export async function findSweeps(db: DbOrTx, scopeCode: string | null, page: { offset: number; limit: number }, id?: string): Promise<{ rows: SweepRow[]; total: number }> {
  const inScope = scopeCode === null ? sql`true` : sql`region_code between ${regionRange(scopeCode).lo} and ${regionRange(scopeCode).hi}`;
  const where = id ? sql`${inScope} and id = ${id}` : inScope;
  const rows = await queryRows<SweepRow & Record<string, unknown>>(db, sql`
    select id, kind, to_char(as_of, 'YYYY-MM-DD') as as_of, import_id, status, counts, started_at, finished_at, message, region_code
    from alert_sweeps where deleted_at is null and ${where}
    order by started_at desc, id limit ${page.limit} offset ${page.offset}`);
  const [total] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from alert_sweeps where deleted_at is null and ${where}`);
  return { rows, total: Number(total?.n ?? 0) };
}

// ---- scope of a sweep ----

/** Every district in the registry of regions. */
export async function listDistrictCodes(db: DbOrTx): Promise<string[]> {
  const rows = await queryRows<{ code: string }>(db, sql`select code from regions where level = 'district' and deleted_at is null order by code`);
  return rows.map((r) => r.code);
}

export async function regionExists(db: DbOrTx, code: string): Promise<boolean> {
  const rows = await queryRows<{ code: string }>(db, sql`select code from regions where code = ${code} and deleted_at is null`);
  return rows.length > 0;
}

/** Every village and township of a district (what an import of the whole district can affect). */
export async function placesOfDistrict(db: DbOrTx, districtCode: string): Promise<string[]> {
  const { lo, hi } = regionRange(districtCode);
  const rows = await queryRows<{ code: string }>(db, sql`
    select code from regions where level in ('village', 'township') and deleted_at is null and code between ${lo} and ${hi} order by code`);
  return rows.map((r) => r.code);
}

/**
 * The villages of a district whose alerts a change to these people can affect: where they, or
 * anyone of their households, hold an entitlement, receive payments or are registered, and
 * where they serve as cadres.
 */
export async function villagesOfPeople(db: DbOrTx, districtCode: string, idNumbers: readonly string[]): Promise<string[]> {
  if (idNumbers.length === 0) return [];
  const { lo, hi } = regionRange(districtCode);
  const rows = await queryRows<{ region_code: string }>(db, sql`
    with ids as (select unnest(${textArray(idNumbers)}::text[]) as id_number),
    people as (
      select id_number from ids
      union
      select r2.id_number from residents r1
      join residents r2 on r2.household_id = r1.household_id and r2.deleted_at is null
      where r1.deleted_at is null and r1.id_number in (select id_number from ids)
    ),
    places as (
      select b.region_code from benefit_recipients b where b.deleted_at is null and b.id_number in (select id_number from people)
      union select p.region_code from subsidy_payments p where p.deleted_at is null and p.id_number in (select id_number from people)
      union select r.region_code from residents r where r.deleted_at is null and r.id_number in (select id_number from people)
      union select c.region_code from cadres c where c.deleted_at is null and c.id_number in (select id_number from people)
    )
    select region_code from places where region_code between ${lo} and ${hi} order by region_code`);
  return rows.map((r) => r.region_code);
}
