import type { DbOrTx } from '@mpw/db';
import { isWithinRegion } from '@mpw/contracts';
import { notFound } from '../../lib/errors.js';
import { formatCsv } from '../../lib/csv.js';
import { fenToYuan } from '../decisions/decisions.export.js';
import * as repo from './assets.repository.js';

/** The columns of contracts.csv (shared/spec/data-exchange.md) in order, then the optional term columns; extra columns follow. */
export const CONTRACTS_CSV_COLUMNS = [
  'contract_id', 'village_code', 'contract_type', 'title', 'counterparty_name', 'counterparty_id',
  'amount', 'signed_date', 'procurement_method', 'decision_id', 'start_date', 'end_date',
] as const;

/**
 * contracts.csv: one row per live contract, by number. `scopeCode` limits it to an account's
 * subtree (null: everything, for the command line); `regionCode` narrows it (404 outside the scope).
 */
export async function exportContractsCsv(db: DbOrTx, opts: { regionCode?: string; scopeCode?: string | null } = {}): Promise<string> {
  if (opts.regionCode && opts.scopeCode && !isWithinRegion(opts.regionCode, opts.scopeCode)) throw notFound('区划');
  const rows = await repo.listContractsForExport(db, { scopeCode: opts.scopeCode ?? null, regionCode: opts.regionCode });
  // Extra columns an import kept go out again after the known ones, so the file round-trips.
  const extraKeys = [...new Set(rows.flatMap((c) => Object.keys((c.extra as Record<string, string> | null) ?? {})))];
  return formatCsv(
    [...CONTRACTS_CSV_COLUMNS, ...extraKeys],
    rows.map((c) => [
      c.contractNo, c.regionCode, c.contractType, c.title, c.counterpartyName, c.counterpartyId,
      fenToYuan(c.amountFen), c.signedDate, c.procurementMethod, c.decisionNo, c.startDate, c.endDate,
      ...extraKeys.map((k) => ((c.extra as Record<string, string> | null) ?? {})[k] ?? ''),
    ]),
  );
}
