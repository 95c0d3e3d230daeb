import type { Db, DbOrTx } from '@mpw/db';
import { ALERT_RULE_LABELS, ALERT_SEVERITY_LABELS, ALERT_STATUS_LABELS, isWithinRegion, type TAlert, type TAlertExportQuery, type TAlertListQuery } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { notFound } from '../../lib/errors.js';
import { formatCsv } from '../../lib/csv.js';
import { allRows, assertRegionInScope, serialColumn, sheet, workbook, type XlsxColumn } from '../../lib/xlsx.js';
import * as repo from './alerts.repository.js';
import { findAlerts, raisedWindowOf } from './alerts.service.js';

/** The columns of alerts.csv (shared/spec/data-exchange.md, "Alert export"), in order. */
export const ALERTS_CSV_COLUMNS = ['rule', 'subject_type', 'subject_id', 'village_code', 'severity', 'status', 'summary', 'evidence'] as const;

/**
 * alerts.csv: one row per alert, ordered by village, rule and subject. `scopeCode` limits it
 * to an account's subtree (null: everything, for the command line); `regionCode` narrows it
 * (404 when outside the scope).
 */
export async function exportAlertsCsv(db: DbOrTx, opts: TAlertExportQuery & { scopeCode?: string | null } = {}): Promise<string> {
  if (opts.regionCode && opts.scopeCode && !isWithinRegion(opts.regionCode, opts.scopeCode)) throw notFound('区划');
  const rows = await repo.listAlertsForExport(db, { scopeCode: opts.scopeCode ?? null, regionCode: opts.regionCode, rule: opts.rule, status: opts.status, severity: opts.severity, ...raisedWindowOf(opts) });
  return formatCsv(
    ALERTS_CSV_COLUMNS,
    rows.map((a) => [a.rule, a.subjectType, a.subjectId, a.regionCode, a.severity, a.status, a.summary, a.evidence]),
  );
}

const XLSX_COLUMNS: XlsxColumn<TAlert>[] = [
  serialColumn(),
  { header: '等级', width: 6, value: (a) => ALERT_SEVERITY_LABELS[a.severity] },
  { header: '预警规则', width: 26, value: (a) => ALERT_RULE_LABELS[a.rule] },
  { header: '预警内容', width: 40, value: (a) => a.summary },
  { header: '村', width: 12, value: (a) => a.regionName },
  { header: '区划代码', width: 14, value: (a) => a.regionCode },
  { header: '状态', width: 10, value: (a) => ALERT_STATUS_LABELS[a.status] },
  { header: '是否升级', width: 10, value: (a) => a.escalated },
  { header: '处理人', value: (a) => a.assigneeName ?? a.handlerName },
  { header: '首次预警时间', kind: 'datetime', width: 18, value: (a) => a.firstRaisedAt },
  { header: '最近发现时间', kind: 'datetime', width: 18, value: (a) => a.lastSeenAt },
  { header: '处理时间', kind: 'datetime', width: 18, value: (a) => a.handledAt },
  { header: '处理意见', width: 30, value: (a) => a.handlingReason },
  { header: '证据', width: 30, value: (a) => a.evidence },
];

/** 预警台账: every alert of the list's filter (the console's, wider than alerts.csv) in the actor's scope. */
export async function exportAlertsXlsx(db: Db, actor: Actor, q: Omit<TAlertListQuery, 'current' | 'pageSize'>): Promise<Buffer> {
  assertRegionInScope(actor, q.regionCode);
  const rows = await allRows((current, pageSize) => findAlerts(db, actor, { ...q, current, pageSize }));
  return workbook(sheet('预警台账', XLSX_COLUMNS, rows));
}
