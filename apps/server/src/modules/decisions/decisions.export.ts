import type { DbOrTx } from '@mpw/db';
import { DECISION_STAGES, isWithinRegion } from '@mpw/contracts';
import { notFound } from '../../lib/errors.js';
import { formatCsv } from '../../lib/csv.js';
import * as repo from './decisions.repository.js';

/** The columns of decisions.csv (shared/spec/data-exchange.md), in order. */
export const DECISIONS_CSV_COLUMNS = [
  'decision_id', 'village_code', 'title', 'amount', 'stage', 'body', 'held_on',
  'eligible', 'attendees', 'votes_for', 'votes_against', 'recorded_at',
] as const;

/** Integer fen as yuan with two decimals, exactly (no floating point). */
export function fenToYuan(fen: number | null): string {
  if (fen === null) return '';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** ISO 8601 in China time, to the second (`2024-08-24T11:45:22+08:00`): its date is the day the spec's rules use. */
export function chinaTimestamp(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/**
 * decisions.csv: one row per recorded stage, decisions by number, stages in their legal order.
 * `scopeCode` limits it to an account's subtree (null: everything, for the command line);
 * `regionCode` narrows it to a village, township or district (404 when outside the scope).
 */
export async function exportDecisionsCsv(db: DbOrTx, opts: { regionCode?: string; scopeCode?: string | null } = {}): Promise<string> {
  if (opts.regionCode && opts.scopeCode && !isWithinRegion(opts.regionCode, opts.scopeCode)) throw notFound('区划');
  const rows = await repo.listStagesForExport(db, { scopeCode: opts.scopeCode ?? null, regionCode: opts.regionCode });
  const order = (r: (typeof rows)[number]) => DECISION_STAGES.indexOf(r.stage.stage);
  rows.sort((a, b) => (a.decision.decisionNo < b.decision.decisionNo ? -1 : a.decision.decisionNo > b.decision.decisionNo ? 1 : order(a) - order(b)));
  return formatCsv(
    DECISIONS_CSV_COLUMNS,
    rows.map(({ decision: d, stage: s }) => [
      d.decisionNo, d.regionCode, d.title, fenToYuan(d.amountFen), s.stage, s.body, s.heldOn,
      s.eligible, s.attendees, s.votesFor, s.votesAgainst, chinaTimestamp(s.recordedAt),
    ]),
  );
}
