import { accountByCode, plainCategoryOf, type TAccountBalance, type TLedgerClosing, type TLedgerEntry, type TPublicLedgerEntry } from '@mpw/contracts';
import type { ClosingRow, EntryRow, EntryViewRow } from './books.repository.js';
import { contribution, publicCounterpartyId } from './books.policy.js';

export interface EntryLinks {
  entryNos: Map<string, string>;
  vouchers: Map<string, number>;
}

export function presentEntry(row: EntryViewRow, links: EntryLinks): TLedgerEntry {
  return {
    id: row.id,
    entryNo: row.entryNo,
    regionCode: row.regionCode,
    regionName: row.regionName ?? row.regionCode,
    entryDate: row.entryDate,
    period: row.period,
    direction: row.direction,
    amountFen: row.amountFen,
    accountCode: row.accountCode,
    accountName: accountByCode(row.accountCode)?.name ?? null,
    plainCategory: plainCategoryOf(row.accountCode, row.category),
    category: row.category,
    counterpartyName: row.counterpartyName,
    counterpartyId: row.counterpartyId,
    description: row.description,
    decisionNo: row.decisionNo,
    status: row.status,
    reviewedBy: row.reviewedBy,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    reviewNote: row.reviewNote,
    reversesEntryId: row.reversesEntryId,
    reversesEntryNo: row.reversesEntryId ? (links.entryNos.get(row.reversesEntryId) ?? null) : null,
    reversedByEntryId: row.reversedByEntryId,
    reversedByEntryNo: row.reversedByEntryId ? (links.entryNos.get(row.reversedByEntryId) ?? null) : null,
    flagged: row.flagged,
    flagReason: row.flagReason,
    source: row.source,
    provenance: row.provenance ?? null,
    extra: (row.extra as Record<string, string> | null) ?? null,
    vouchersCount: links.vouchers.get(row.id) ?? 0,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of an entry (counterpartyId is masked by the audit redactor). */
export function auditableEntry(r: Omit<EntryRow, 'createdAt' | 'updatedAt' | 'deletedAt' | 'createdBy' | 'updatedBy' | 'reviewedAt'> & { reviewedAt?: Date | null }) {
  return {
    entryNo: r.entryNo, regionCode: r.regionCode, entryDate: r.entryDate, direction: r.direction, amountFen: r.amountFen,
    accountCode: r.accountCode, category: r.category, counterpartyName: r.counterpartyName, counterpartyId: r.counterpartyId,
    description: r.description, decisionNo: r.decisionNo, status: r.status, reversesEntryId: r.reversesEntryId,
    reversedByEntryId: r.reversedByEntryId, flagged: r.flagged, flagReason: r.flagReason, source: r.source, provenance: r.provenance,
  };
}

/** Balances by account of a set of final entries: reversing entries count against their original's direction. */
export function balancesOf(rows: Pick<EntryRow, 'direction' | 'amountFen' | 'reversesEntryId' | 'accountCode' | 'category'>[]): { incomeFen: number; expenseFen: number; accounts: TAccountBalance[] } {
  const byKey = new Map<string, TAccountBalance>();
  let incomeFen = 0;
  let expenseFen = 0;
  for (const r of rows) {
    const c = contribution(r);
    const key = r.accountCode ?? `?${r.category}`;
    let line = byKey.get(key);
    if (!line) {
      const a = accountByCode(r.accountCode);
      line = { accountCode: r.accountCode, accountName: a?.name ?? r.category, plainName: plainCategoryOf(r.accountCode, r.category), incomeFen: 0, expenseFen: 0, netFen: 0 };
      byKey.set(key, line);
    }
    if (c.direction === 'income') {
      line.incomeFen += c.fen;
      incomeFen += c.fen;
    } else {
      line.expenseFen += c.fen;
      expenseFen += c.fen;
    }
    line.netFen = line.incomeFen - line.expenseFen;
  }
  const accounts = [...byKey.values()].sort((a, b) => (a.accountCode ?? '~').localeCompare(b.accountCode ?? '~') || a.accountName.localeCompare(b.accountName));
  return { incomeFen, expenseFen, accounts };
}

export function presentClosing(row: ClosingRow, regionName: string | null): TLedgerClosing {
  return {
    id: row.id,
    regionCode: row.regionCode,
    regionName: regionName ?? row.regionCode,
    period: row.period,
    isClosed: row.reopenedAt === null,
    closedAt: row.closedAt.toISOString(),
    closedBy: row.closedBy,
    reopenedAt: row.reopenedAt?.toISOString() ?? null,
    incomeFen: row.incomeFen,
    expenseFen: row.expenseFen,
    balances: row.balances as TAccountBalance[],
  };
}

/** The portal's view of an entry: no account ids, no reviewer, persons' ids masked. */
export function presentPublicEntry(r: EntryRow): TPublicLedgerEntry {
  return {
    entryNo: r.entryNo,
    entryDate: r.entryDate,
    direction: r.direction,
    category: plainCategoryOf(r.accountCode, r.category),
    amountFen: r.amountFen,
    description: r.description,
    counterpartyName: r.counterpartyName,
    counterpartyId: publicCounterpartyId(r.counterpartyId),
    isReversal: r.reversesEntryId !== null,
  };
}
