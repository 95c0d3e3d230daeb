import { and, asc, count, desc, eq, gte, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { alerts, queryRows, regions, users, type DbOrTx, type Tx } from '@mpw/db';
import { inRegionScope } from '../../lib/scope.js';

export type AlertRow = typeof alerts.$inferSelect;
export type AlertViewRow = AlertRow & { regionName: string | null; assigneeName: string | null; handlerName: string | null };

export interface AlertKey {
  rule: string;
  subjectType: string;
  subjectId: string;
}

const live = isNull(alerts.deletedAt);
const bySubject = (k: AlertKey) => and(eq(alerts.rule, k.rule), eq(alerts.subjectType, k.subjectType), eq(alerts.subjectId, k.subjectId));

/**
 * The alert of one (rule, subject), locked until the transaction ends: raises of one subject
 * are serialised. (rule, subject) is unique over all rows, soft-deleted ones included.
 */
export async function lockAlertBySubject(tx: Tx, k: AlertKey): Promise<AlertRow | null> {
  const [row] = await tx.select().from(alerts).where(bySubject(k)).for('update');
  return row ?? null;
}

/** One alert in scope, locked for a state change. */
export async function lockAlertInScope(tx: Tx, id: string, scopeCode: string | null): Promise<AlertRow | null> {
  const [row] = await tx.select().from(alerts).where(and(eq(alerts.id, id), live, inRegionScope(alerts.regionCode, scopeCode))).for('update');
  return row ?? null;
}

/** Inserts unless another transaction got there first (then false: lock and update that one). */
export async function insertAlertIfAbsent(tx: Tx, row: typeof alerts.$inferInsert): Promise<boolean> {
  const inserted = await tx.insert(alerts).values(row).onConflictDoNothing({ target: [alerts.rule, alerts.subjectType, alerts.subjectId] }).returning({ id: alerts.id });
  return inserted.length > 0;
}

export async function updateAlert(tx: Tx, id: string, patch: Partial<typeof alerts.$inferInsert>) {
  await tx.update(alerts).set(patch).where(eq(alerts.id, id));
}

const assignee = alias(users, 'assignee');
const handler = alias(users, 'handler');
const viewColumns = { alert: alerts, regionName: regions.name, assigneeName: assignee.displayName, handlerName: handler.displayName };
type ViewJoin = { alert: AlertRow; regionName: string | null; assigneeName: string | null; handlerName: string | null };
const toView = (r: ViewJoin): AlertViewRow => ({ ...r.alert, regionName: r.regionName, assigneeName: r.assigneeName, handlerName: r.handlerName });
const viewFrom = (db: DbOrTx) =>
  db
    .select(viewColumns)
    .from(alerts)
    .leftJoin(regions, eq(regions.code, alerts.regionCode))
    .leftJoin(assignee, eq(assignee.id, alerts.assignedTo))
    .leftJoin(handler, eq(handler.id, alerts.handledBy));

export async function getAlertInScope(db: DbOrTx, id: string, scopeCode: string | null): Promise<AlertViewRow | null> {
  const [row] = await viewFrom(db).where(and(eq(alerts.id, id), live, inRegionScope(alerts.regionCode, scopeCode)));
  return row ? toView(row) : null;
}

export interface AlertFilter {
  scopeCode: string | null;
  regionCode?: string;
  rule?: string;
  status?: AlertRow['status'];
  severity?: AlertRow['severity'];
  /** Open alerts assigned to this account. */
  assignedTo?: string;
  /** Open alerts without a handler. */
  unassigned?: boolean;
  escalated?: boolean;
  /** first_raised_at >= from and < to. */
  raisedFrom?: Date;
  raisedBefore?: Date;
}

const filterWhere = (f: AlertFilter) =>
  and(
    live,
    inRegionScope(alerts.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(alerts.regionCode, f.regionCode) : undefined,
    f.rule ? eq(alerts.rule, f.rule) : undefined,
    f.status ? eq(alerts.status, f.status) : undefined,
    f.severity ? eq(alerts.severity, f.severity) : undefined,
    f.assignedTo ? and(eq(alerts.assignedTo, f.assignedTo), eq(alerts.status, 'open')) : undefined,
    f.unassigned ? and(isNull(alerts.assignedTo), eq(alerts.status, 'open')) : undefined,
    f.escalated === undefined ? undefined : f.escalated ? isNotNull(alerts.escalatedAt) : isNull(alerts.escalatedAt),
    f.raisedFrom ? gte(alerts.firstRaisedAt, f.raisedFrom) : undefined,
    f.raisedBefore ? lt(alerts.firstRaisedAt, f.raisedBefore) : undefined,
  );

export async function findAlerts(db: DbOrTx, f: AlertFilter, page: { offset: number; limit: number }) {
  const where = filterWhere(f);
  const [rows, [total]] = await Promise.all([
    viewFrom(db).where(where).orderBy(desc(alerts.lastSeenAt), asc(alerts.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(alerts).where(where),
  ]);
  return { rows: rows.map(toView), total: Number(total?.n ?? 0) };
}

/** Every alert matching the filter, in the stable order of the alerts.csv export. */
export async function listAlertsForExport(db: DbOrTx, f: AlertFilter): Promise<AlertRow[]> {
  return db.select().from(alerts).where(filterWhere(f)).orderBy(asc(alerts.regionCode), asc(alerts.rule), asc(alerts.subjectType), asc(alerts.subjectId));
}

// ---- Handlers ----

export interface StaffRow {
  id: string;
  displayName: string;
  regionCode: string;
  roles: string[];
  status: string;
  isMachine: boolean;
}

export async function getStaffById(db: DbOrTx, id: string): Promise<StaffRow | null> {
  const [row] = await db
    .select({ id: users.id, displayName: users.displayName, regionCode: users.regionCode, roles: users.roles, status: users.status, isMachine: users.isMachine })
    .from(users)
    .where(and(eq(users.id, id), isNull(users.deletedAt)));
  return row ?? null;
}

/** Active people (not machine accounts) whose region contains `villageCode` and who hold one of `roles`. */
export async function findStaffCovering(db: DbOrTx, villageCode: string, roles: string[]): Promise<(StaffRow & { regionName: string | null })[]> {
  const prefixes = [villageCode.slice(0, 6) + '000000', villageCode.slice(0, 9) + '000', villageCode];
  return db
    .select({ id: users.id, displayName: users.displayName, regionCode: users.regionCode, roles: users.roles, status: users.status, isMachine: users.isMachine, regionName: regions.name })
    .from(users)
    .leftJoin(regions, eq(regions.code, users.regionCode))
    .where(
      and(
        isNull(users.deletedAt),
        eq(users.status, 'active'),
        eq(users.isMachine, false),
        sql`${users.regionCode} in (${sql.join(prefixes.map((p) => sql`${p}`), sql`, `)})`,
        sql`${users.roles} && array[${sql.join(roles.map((r) => sql`${r}`), sql`, `)}]::text[]`,
      ),
    )
    .orderBy(desc(users.regionCode), asc(users.createdAt), asc(users.id));
}

/**
 * The default handler of each given open, unassigned alert: the first active township discipline
 * officer (乡镇纪委) bound to the township of the alert's village. Assigns in one statement and
 * returns what it assigned.
 */
export async function assignDefaultHandlers(tx: Tx, ids: string[], by: string | null, now: Date) {
  if (ids.length === 0) return [];
  return queryRows<{ id: string; region_code: string; assigned_to: string; rule: string; summary: string }>(
    tx,
    sql`
      with candidates as (
        select a.id as alert_id,
          (select u.id from users u
            where u.status = 'active' and u.deleted_at is null and not u.is_machine
              and 'township_discipline' = any(u.roles)
              and u.region_code = substr(a.region_code, 1, 9) || '000'
            order by u.created_at, u.id limit 1) as user_id
        from alerts a
        where a.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
          and a.status = 'open' and a.assigned_to is null and a.deleted_at is null
      )
      update alerts a set assigned_to = c.user_id, assigned_at = ${now}, updated_at = ${now}, updated_by = ${by}
      from candidates c
      where a.id = c.alert_id and c.user_id is not null
      returning a.id, a.region_code, a.assigned_to, a.rule, a.summary`,
  );
}

// ---- Escalation ----

/** Districts (12-digit codes) that have open alerts not yet escalated. */
export async function districtsWithOpenAlerts(db: DbOrTx): Promise<string[]> {
  const rows = await queryRows<{ d: string }>(
    db,
    sql`select distinct substr(region_code, 1, 6) || '000000' as d from alerts where status = 'open' and escalated_at is null and deleted_at is null order by 1`,
  );
  return rows.map((r) => r.d);
}

/** Marks every open alert of the district first raised at or before `cutoff` as escalated. */
export async function escalateOpenAlerts(tx: Tx, districtCode: string, cutoff: Date, now: Date) {
  return queryRows<{ id: string; region_code: string; rule: string; summary: string; first_raised_at: string }>(
    tx,
    sql`update alerts set escalated_at = ${now}, updated_at = ${now}
        where status = 'open' and escalated_at is null and deleted_at is null
          and ${inRegionScope(alerts.regionCode, districtCode)} and first_raised_at <= ${cutoff}
        returning id, region_code, rule, summary, first_raised_at::text`,
  );
}

// ---- Precision and heat ----

const scoped = (f: { scopeCode: string | null; regionCode?: string }) =>
  and(live, inRegionScope(alerts.regionCode, f.scopeCode), f.regionCode ? inRegionScope(alerts.regionCode, f.regionCode) : undefined)!;

/**
 * Outcome counts per rule (and township / quarter). The outcome is read from the record:
 * open → pending; dismissed or closed with false_positive true → false positive, false → dismissed;
 * confirmed, or closed after a confirmation (handled, no false_positive) → confirmed.
 */
export async function outcomeCounts(db: DbOrTx, f: { scopeCode: string | null; regionCode?: string; rule?: string; byTownship: boolean; byQuarter: boolean }) {
  const township = f.byTownship ? sql`substr(alerts.region_code, 1, 9) || '000'` : sql`null::text`;
  const quarter = f.byQuarter ? sql`to_char(alerts.first_raised_at at time zone 'UTC' + interval '8 hours', 'YYYY"Q"Q')` : sql`null::text`;
  return queryRows<{ rule: string; township_code: string | null; township_name: string | null; quarter: string | null; total: number; confirmed: number; false_positive: number; dismissed: number; pending: number }>(
    db,
    sql`
      with o as (
        select alerts.rule, ${township} as township_code, ${quarter} as quarter,
          case
            when alerts.status = 'open' then 'pending'
            when alerts.false_positive is true then 'false_positive'
            when alerts.false_positive is false then 'dismissed'
            when alerts.status = 'confirmed' or (alerts.status = 'closed' and alerts.handled_at is not null) then 'confirmed'
            else 'pending'
          end as outcome
        from alerts
        where ${and(scoped(f), f.rule ? eq(alerts.rule, f.rule) : undefined)}
      )
      select o.rule, o.township_code, r.name as township_name, o.quarter,
        count(*)::int as total,
        count(*) filter (where outcome = 'confirmed')::int as confirmed,
        count(*) filter (where outcome = 'false_positive')::int as false_positive,
        count(*) filter (where outcome = 'dismissed')::int as dismissed,
        count(*) filter (where outcome = 'pending')::int as pending
      from o left join regions r on r.code = o.township_code
      group by o.rule, o.township_code, r.name, o.quarter
      order by o.rule, o.township_code nulls first, o.quarter nulls first`,
  );
}

/** Alert counts per village and rule. */
export async function heatCounts(db: DbOrTx, f: AlertFilter) {
  return db
    .select({ villageCode: alerts.regionCode, villageName: regions.name, rule: alerts.rule, n: count() })
    .from(alerts)
    .leftJoin(regions, eq(regions.code, alerts.regionCode))
    .where(filterWhere(f))
    .groupBy(alerts.regionCode, regions.name, alerts.rule)
    .orderBy(asc(alerts.regionCode), asc(alerts.rule));
}

// ---- Evidence ----

/** Runs one evidence look-up built by alerts.evidence.ts from its fixed catalogue. */
export async function findEvidenceRows(db: DbOrTx, query: SQL): Promise<Record<string, unknown>[]> {
  return queryRows<Record<string, unknown>>(db, query);
}
