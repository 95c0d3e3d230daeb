import { and, asc, count, desc, eq, isNull } from 'drizzle-orm';
import { alerts, regions, type DbOrTx, type Tx } from '@mpw/db';
import { inRegionScope } from '../../lib/scope.js';

export type AlertRow = typeof alerts.$inferSelect;
export type AlertViewRow = AlertRow & { regionName: string | null };

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

/** Inserts unless another transaction got there first (then false: lock and update that one). */
export async function insertAlertIfAbsent(tx: Tx, row: typeof alerts.$inferInsert): Promise<boolean> {
  const inserted = await tx.insert(alerts).values(row).onConflictDoNothing({ target: [alerts.rule, alerts.subjectType, alerts.subjectId] }).returning({ id: alerts.id });
  return inserted.length > 0;
}

export async function updateAlert(tx: Tx, id: string, patch: Partial<typeof alerts.$inferInsert>) {
  await tx.update(alerts).set(patch).where(eq(alerts.id, id));
}

const viewColumns = { alert: alerts, regionName: regions.name };
const toView = (r: { alert: AlertRow; regionName: string | null }): AlertViewRow => ({ ...r.alert, regionName: r.regionName });

export async function getAlertInScope(db: DbOrTx, id: string, scopeCode: string | null): Promise<AlertViewRow | null> {
  const [row] = await db
    .select(viewColumns)
    .from(alerts)
    .leftJoin(regions, eq(regions.code, alerts.regionCode))
    .where(and(eq(alerts.id, id), live, inRegionScope(alerts.regionCode, scopeCode)));
  return row ? toView(row) : null;
}

export interface AlertFilter {
  scopeCode: string | null;
  regionCode?: string;
  rule?: string;
  status?: AlertRow['status'];
  severity?: AlertRow['severity'];
}

const filterWhere = (f: AlertFilter) =>
  and(
    live,
    inRegionScope(alerts.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(alerts.regionCode, f.regionCode) : undefined,
    f.rule ? eq(alerts.rule, f.rule) : undefined,
    f.status ? eq(alerts.status, f.status) : undefined,
    f.severity ? eq(alerts.severity, f.severity) : undefined,
  );

export async function findAlerts(db: DbOrTx, f: AlertFilter, page: { offset: number; limit: number }) {
  const where = filterWhere(f);
  const [rows, [total]] = await Promise.all([
    db.select(viewColumns).from(alerts).leftJoin(regions, eq(regions.code, alerts.regionCode)).where(where)
      .orderBy(desc(alerts.lastSeenAt), asc(alerts.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(alerts).where(where),
  ]);
  return { rows: rows.map(toView), total: Number(total?.n ?? 0) };
}

/** Every alert matching the filter, in the stable order of the alerts.csv export. */
export async function listAlertsForExport(db: DbOrTx, f: AlertFilter): Promise<AlertRow[]> {
  return db.select().from(alerts).where(filterWhere(f)).orderBy(asc(alerts.regionCode), asc(alerts.rule), asc(alerts.subjectType), asc(alerts.subjectId));
}
