/** Pure rules of the 村级财务 pages (unit-tested in books.test.ts). */
import { CHART_OF_ACCOUNTS, type TLedgerDirection, type TLedgerStatus } from '@mpw/contracts';

export type EntryAction = 'submit' | 'approve' | 'reject' | 'reverse';

/** What a user may do with an entry, by its status and the user's permissions (the server checks again). */
export function entryActions(
  e: { status: TLedgerStatus; reversedByEntryId: string | null; reversesEntryId: string | null },
  can: (p: 'books:entry:write' | 'books:entry:review') => boolean,
): EntryAction[] {
  const out: EntryAction[] = [];
  if ((e.status === 'draft' || e.status === 'rejected') && can('books:entry:write')) out.push('submit');
  if (e.status === 'pending_review' && can('books:entry:review')) out.push('approve', 'reject');
  if (e.status === 'final' && !e.reversedByEntryId && !e.reversesEntryId && can('books:entry:write')) out.push('reverse');
  return out;
}

/** Accounts an entry of this direction may use (both-way balance-sheet accounts last). */
export function accountOptions(direction: TLedgerDirection | undefined) {
  const own = CHART_OF_ACCOUNTS.filter((a) => a.direction === direction);
  const both = CHART_OF_ACCOUNTS.filter((a) => a.direction === 'both');
  return [...own, ...both].map((a) => ({ value: a.code, label: `${a.code} ${a.name}`, plain: a.plainName }));
}

/** Status tag colours. */
export const LEDGER_STATUS_COLOURS: Record<string, string> = { draft: 'default', pending_review: 'processing', final: 'success', rejected: 'error' };

/** The current month `YYYY-MM` in China time. */
export function currentPeriod(now: Date = new Date()): string {
  const d = new Date(now.getTime() + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Today `YYYY-MM-DD` in China time. */
export function todayChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
