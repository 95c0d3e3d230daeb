import type { TIntakeReportRequest, TReportReceipt, TSubmitReportRequest } from '@mpw/contracts';
import type { AuditedTx } from '../audit/audit.log.js';
import type { SecretBox } from '../../lib/secret-box.js';

/** What both the portal submission and console intake give: the report body, its channel, and an optional passphrase. */
export type NewReportInput = Omit<TSubmitReportRequest, 'challenge' | 'nonce' | 'passphrase' | 'reporter'> & {
  reporter?: TIntakeReportRequest['reporter'];
  channel: 'portal' | 'phone' | 'letter' | 'visit';
  /** Defaults to today (China time). */
  receivedOn?: string;
  passphrase?: string;
};

/**
 * Creates a report inside the caller's audited transaction and answers its receipt (the receipt
 * code is shown once and only its hash is stored). Routes it to the level that must handle it,
 * seals the reporter identity, sets the acceptance time limit, and records the `received` event.
 */
export async function createReport(_w: AuditedTx, _secrets: SecretBox, _input: NewReportInput): Promise<TReportReceipt> {
  throw new Error('createReport: not written yet');
}
