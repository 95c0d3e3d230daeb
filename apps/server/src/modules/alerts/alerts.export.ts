import type { DbOrTx } from '@mpw/db';
import { isWithinRegion, type TAlertExportQuery } from '@mpw/contracts';
import { notFound } from '../../lib/errors.js';
import { formatCsv } from '../../lib/csv.js';
import * as repo from './alerts.repository.js';

/** The columns of alerts.csv (shared/spec/data-exchange.md, "Alert export"), in order. */
export const ALERTS_CSV_COLUMNS = ['rule', 'subject_type', 'subject_id', 'village_code', 'severity', 'status', 'summary', 'evidence'] as const;

/**
 * alerts.csv: one row per alert, ordered by village, rule and subject. `scopeCode` limits it
 * to an account's subtree (null: everything, for the command line); `regionCode` narrows it
 * (404 when outside the scope).
 */
export async function exportAlertsCsv(db: DbOrTx, opts: TAlertExportQuery & { scopeCode?: string | null } = {}): Promise<string> {
  if (opts.regionCode && opts.scopeCode && !isWithinRegion(opts.regionCode, opts.scopeCode)) throw notFound('区划');
  const rows = await repo.listAlertsForExport(db, { scopeCode: opts.scopeCode ?? null, regionCode: opts.regionCode, rule: opts.rule, status: opts.status, severity: opts.severity });
  return formatCsv(
    ALERTS_CSV_COLUMNS,
    rows.map((a) => [a.rule, a.subjectType, a.subjectId, a.regionCode, a.severity, a.status, a.summary, a.evidence]),
  );
}
