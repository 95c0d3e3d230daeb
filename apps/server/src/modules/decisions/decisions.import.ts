import type { Db } from '@mpw/db';
import type { TLedgerImportReport } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';

/**
 * decisions.csv of shared/spec/data-exchange.md: one row per stage of one decision, key
 * (decision_id, stage). Same report shape as the ledger and contracts imports.
 */
export async function importDecisionsCsv(_db: Db, _actor: Actor, _file: Buffer | string, _opts: { strict?: boolean; fileName?: string } = {}): Promise<TLedgerImportReport> {
  throw new Error('not implemented yet');
}
