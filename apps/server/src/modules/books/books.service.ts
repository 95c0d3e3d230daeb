import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@mpw/db';
import {
  regionLevelOf,
  type TBalances,
  type TClosePeriodRequest,
  type TCreateLedgerEntryRequest,
  type TLedgerClosing,
  type TLedgerEntry,
  type TLedgerEntryListQuery,
  type TPublicBooksSummary,
  type TPublicLedgerEntry,
  type TRejectLedgerEntryRequest,
  type TReopenPeriodRequest,
  type TReverseLedgerEntryRequest,
  accountByCode,
  plainCategoryOf,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound, validationError } from '../../lib/errors.js';
import { chinaDate } from '../../lib/time.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import { raiseAlert } from '../alerts/alerts.service.js';
import { largeExpenseSummary } from '../alerts/rules/books.js';
import { fenToYuan } from '../decisions/decisions.export.js';
import { getPublicVillage, getRegionInScope } from '../regions/regions.repository.js';
import { getSetting } from '../settings/settings.service.js';
import * as repo from './books.repository.js';
import { ALLOW_FLAGGED_LARGE_EXPENSE, LARGE_EXPENSE_THRESHOLD_FEN, LARGE_ITEM_FEN } from './books.settings.js';
import { accountDirectionProblem, canReopenPeriod, checkCounterpartyId, contribution, periodOf, shiftPeriod, transitionProblem } from './books.policy.js';
import { auditableEntry, balancesOf, presentClosing, presentEntry, presentPublicEntry } from './books.presenter.js';

/** Where a write goes: the database (own audited transaction) or one another module already holds. */
export type WriteTarget = Db | AuditedTx;
const isAuditedTx = (t: WriteTarget): t is AuditedTx => typeof (t as AuditedTx).record === 'function';
function inAudited<T>(target: WriteTarget, actor: Actor, work: (w: AuditedTx) => Promise<T>): Promise<T> {
  return isAuditedTx(target) ? work(target) : audited(target, actor, work);
}

const conflict = (message: string, path = 'status') => new AppError(ErrorCode.CONFLICT, { message, details: [{ path, message }] });
const periodLabel = (p: string) => `${p.slice(0, 4)}年${Number(p.slice(5, 7))}月`;

/** The village a request names, or the actor's own village; 404 when outside the actor's scope. */
async function villageOf(db: DbOrTx, actor: Actor, regionCode: string | undefined): Promise<string> {
  const code = regionCode ?? (actor.regionCode && regionLevelOf(actor.regionCode) === 'village' ? actor.regionCode : null);
  if (!code) throw validationError('regionCode', '请选择所属的村');
  if (regionLevelOf(code) !== 'village') throw validationError('regionCode', '村级账务只能属于一个村（12位村级区划代码）');
  const village = await getRegionInScope(db, code, actor.regionCode);
  if (!village || village.level !== 'village') throw notFound('村庄');
  return code;
}

/** Refuses (409) a write dated in a closed month. Takes the month's lock first, so a closing cannot race it. */
export async function assertPeriodOpen(w: AuditedTx, village: string, period: string): Promise<void> {
  await repo.lockPeriod(w.tx, village, period);
  const closing = await repo.getClosing(w.tx, village, period);
  if (closing && closing.reopenedAt === null) throw conflict(`${periodLabel(period)}已结账，不能再记入该月的凭证；确需更正请由区管理员反结账`, 'entryDate');
}

async function loadEntries(db: DbOrTx, rows: repo.EntryViewRow[]): Promise<TLedgerEntry[]> {
  const linked = rows.flatMap((r) => [r.reversesEntryId, r.reversedByEntryId]).filter((x): x is string => !!x);
  const [entryNos, vouchers] = await Promise.all([repo.entryNosByIds(db, linked), repo.countVouchers(db, rows.map((r) => r.id))]);
  return rows.map((r) => presentEntry(r, { entryNos, vouchers }));
}

export async function getEntryById(db: DbOrTx, actor: Actor, id: string): Promise<TLedgerEntry> {
  const row = await repo.getEntryInScope(db, id, actor.regionCode);
  if (!row) throw notFound('凭证');
  return (await loadEntries(db, [row]))[0]!;
}

export async function findEntries(db: Db, actor: Actor, q: TLedgerEntryListQuery): Promise<{ data: TLedgerEntry[]; total: number }> {
  const { rows, total } = await repo.findEntries(
    db,
    { scopeCode: actor.regionCode, regionCode: q.regionCode, period: q.period, status: q.status, direction: q.direction, accountCode: q.accountCode, q: q.q, entryFrom: q.entryFrom, entryTo: q.entryTo },
    { offset: (q.current - 1) * q.pageSize, limit: q.pageSize },
  );
  return { data: await loadEntries(db, rows), total };
}

interface LargeExpenseOutcome {
  decisionId: string | null;
  /** Set when the entry is recorded without the decision the rule wants. */
  flagReason: string | null;
}

/**
 * The large-expense rule (data-exchange.md, UNAPPROVED_LARGE_EXPENSE): an expense at or above
 * the district threshold needs a decision of the same village whose resolution passed on or
 * before the entry date. Manual entries are refused (409) unless the district allows flagged
 * recording and the request gives a reason; imported rows (evidence) are always kept, flagged.
 */
export async function checkLargeExpense(
  db: DbOrTx,
  e: { regionCode: string; entryDate: string; direction: 'income' | 'expense'; amountFen: number; decisionNo: string | null },
  mode: { manual: true; flagReason?: string } | { manual: false },
): Promise<LargeExpenseOutcome> {
  const threshold = await getSetting(db, LARGE_EXPENSE_THRESHOLD_FEN, e.regionCode, e.entryDate);
  const decisionId = e.decisionNo ? await repo.decisionIdByNo(db, e.regionCode, e.decisionNo) : null;
  if (e.direction !== 'expense' || e.amountFen < threshold) return { decisionId, flagReason: null };
  if (e.decisionNo && (await repo.passedDecisionId(db, e.regionCode, e.decisionNo, e.entryDate))) return { decisionId, flagReason: null };
  const why = e.decisionNo
    ? `决策“${e.decisionNo}”在本村没有${e.entryDate}或之前通过的村民（代表）会议决议`
    : '没有注明经村民（代表）会议决议通过的决策编号';
  if (!mode.manual) return { decisionId, flagReason: `大额支出未经决策：${why}` };
  // The district's permission as it stands today: it governs what may be recorded now.
  const allowed = await getSetting(db, ALLOW_FLAGGED_LARGE_EXPENSE, e.regionCode);
  if (!allowed || !mode.flagReason) {
    throw new AppError(ErrorCode.CONFLICT, {
      message: `支出${fenToYuan(e.amountFen)}元达到大额支出标准（${fenToYuan(threshold)}元），须经“四议两公开”决议通过后才能记账：${why}`,
      details: [{ path: 'decisionNo', message: why }],
    });
  }
  return { decisionId, flagReason: mode.flagReason };
}

/**
 * Raises UNAPPROVED_LARGE_EXPENSE for an entry recorded against the rule. The summary is the
 * one the alert sweep writes for the same entry (largeExpenseSummary), so a later sweep sees the
 * same alert unchanged; why it was recorded anyway (the accountant's reason, the import's
 * findings) stays in the entry's flagReason, not in the alert. `_reason` is accepted for the
 * callers that still pass it.
 */
export async function raiseLargeExpenseAlert(w: AuditedTx, e: { entryNo: string; regionCode: string; amountFen: number; description: string | null; counterpartyName: string | null; entryDate: string; decisionNo: string | null }, _reason?: string) {
  await raiseAlert(w, {
    rule: 'UNAPPROVED_LARGE_EXPENSE',
    subjectType: 'ledger_entry',
    subjectId: e.entryNo,
    // Money spent without the villagers' resolution is the gravest finance warning.
    severity: 'red',
    regionCode: e.regionCode,
    summary: largeExpenseSummary(e),
    evidence: `ledger:${e.entryNo}`,
  });
}

/**
 * Records a draft entry (凭证) of a village, numbered `<village>-<YYYYMM>-NNNN` by its date.
 * Refused in a closed month (409), with a bad counterparty id (400), or as a large expense
 * without a passed decision (409; see checkLargeExpense).
 */
export async function createEntry(target: WriteTarget, actor: Actor, input: TCreateLedgerEntryRequest): Promise<TLedgerEntry> {
  const dirProblem = accountDirectionProblem(input.accountCode, input.direction);
  if (dirProblem) throw validationError('accountCode', dirProblem);
  let counterpartyId: string | null = null;
  if (input.counterpartyId) {
    const c = checkCounterpartyId(input.counterpartyId);
    if (c.problem) throw validationError('counterpartyId', c.problem);
    counterpartyId = c.value;
  }
  if (input.entryDate > chinaDate()) throw validationError('entryDate', '记账日期不能晚于今天');
  return inAudited(target, actor, async (w) => {
    const regionCode = await villageOf(w.tx, actor, input.regionCode);
    const period = periodOf(input.entryDate);
    await assertPeriodOpen(w, regionCode, period);
    const decisionNo = input.decisionNo || null;
    const large = await checkLargeExpense(w.tx, { regionCode, entryDate: input.entryDate, direction: input.direction, amountFen: input.amountFen, decisionNo }, { manual: true, flagReason: input.flagReason });
    if (decisionNo && !large.decisionId) throw validationError('decisionNo', `本村没有编号为“${decisionNo}”的决策`);
    const id = randomUUID();
    const row = {
      id,
      entryNo: await repo.nextEntryNo(w.tx, regionCode, period.replace('-', '')),
      entryDate: input.entryDate,
      period,
      direction: input.direction,
      amountFen: input.amountFen,
      accountCode: input.accountCode,
      category: input.category ?? accountByCode(input.accountCode)!.name,
      counterpartyName: input.counterpartyName,
      counterpartyId,
      description: input.description,
      decisionNo,
      decisionId: large.decisionId,
      contractId: null,
      status: 'draft' as const,
      reviewedBy: null,
      reviewNote: null,
      reversesEntryId: null,
      reversedByEntryId: null,
      flagged: large.flagReason !== null,
      flagReason: large.flagReason,
      source: 'manual' as const,
      provenance: null,
      extra: null,
      regionCode,
      createdBy: actor.userId,
      updatedBy: actor.userId,
    };
    await repo.insertEntry(w.tx, row);
    await w.record({ action: 'books.entry.create', entityType: 'ledger_entry', entityId: id, regionCode, after: auditableEntry(row) });
    if (large.flagReason) await raiseLargeExpenseAlert(w, row);
    return getEntryById(w.tx, actor, id);
  });
}

async function transition(db: Db, actor: Actor, id: string, action: 'submit' | 'approve' | 'reject', note: string | null): Promise<TLedgerEntry> {
  return audited(db, actor, async (w) => {
    const entry = await repo.lockEntryInScope(w.tx, id, actor.regionCode);
    if (!entry) throw notFound('凭证');
    const problem = transitionProblem(action, entry.status);
    if (problem) throw conflict(problem);
    if (action === 'submit' && entry.status === 'rejected' && entry.reversesEntryId) throw conflict('被退回的冲销凭证不能重新提交，请对原凭证重新冲销');
    await assertPeriodOpen(w, entry.regionCode, entry.period);
    const now = new Date();
    const status = { submit: 'pending_review', approve: 'final', reject: 'rejected' }[action] as repo.EntryRow['status'];
    const review = action === 'submit' ? { reviewedBy: null, reviewedAt: null, reviewNote: null } : { reviewedBy: actor.userId, reviewedAt: now, reviewNote: note };
    await repo.updateEntry(w.tx, id, { status, ...review, updatedAt: now, updatedBy: actor.userId });
    // A rejected reversal no longer reverses anything: the original may be reversed again.
    if (action === 'reject' && entry.reversesEntryId) await repo.updateEntry(w.tx, entry.reversesEntryId, { reversedByEntryId: null, updatedAt: now, updatedBy: actor.userId });
    await w.record({
      action: `books.entry.${action}`,
      entityType: 'ledger_entry',
      entityId: id,
      regionCode: entry.regionCode,
      before: { status: entry.status },
      after: { entryNo: entry.entryNo, status, note },
    });
    return getEntryById(w.tx, actor, id);
  });
}

/** The accountant sends a draft (or a rejected entry, corrected by a new draft's data) for review. */
export const submitEntry = (db: Db, actor: Actor, id: string) => transition(db, actor, id, 'submit', null);
/** The supervision committee approves: the entry is final and never edited again. */
export const approveEntry = (db: Db, actor: Actor, id: string, note?: string) => transition(db, actor, id, 'approve', note ?? null);
export const rejectEntry = (db: Db, actor: Actor, id: string, input: TRejectLedgerEntryRequest) => transition(db, actor, id, 'reject', input.reason);

/**
 * Corrects a final entry the only way allowed: a reversing entry (冲销) with the same amount and
 * account in the opposite direction, awaiting review. Both entries show the link.
 */
export async function reverseEntry(db: Db, actor: Actor, id: string, input: TReverseLedgerEntryRequest): Promise<TLedgerEntry> {
  const entryDate = input.entryDate ?? chinaDate();
  if (entryDate > chinaDate()) throw validationError('entryDate', '记账日期不能晚于今天');
  return audited(db, actor, async (w) => {
    const orig = await repo.lockEntryInScope(w.tx, id, actor.regionCode);
    if (!orig) throw notFound('凭证');
    if (orig.status !== 'final') throw conflict('只有已审核定稿的凭证才需要冲销；未定稿的凭证可直接退回或不提交');
    if (orig.reversesEntryId) throw conflict('冲销凭证不能再冲销');
    if (orig.reversedByEntryId) throw conflict('该凭证已有冲销凭证');
    if (entryDate < orig.entryDate) throw validationError('entryDate', '冲销日期不能早于原凭证日期');
    const period = periodOf(entryDate);
    await assertPeriodOpen(w, orig.regionCode, period);
    const newId = randomUUID();
    const now = new Date();
    const row = {
      ...orig,
      id: newId,
      entryNo: await repo.nextEntryNo(w.tx, orig.regionCode, period.replace('-', '')),
      entryDate,
      period,
      direction: orig.direction === 'income' ? ('expense' as const) : ('income' as const),
      description: `冲销凭证${orig.entryNo}：${input.reason}`,
      status: 'pending_review' as const,
      reviewedBy: null,
      reviewedAt: null,
      reviewNote: null,
      reversesEntryId: orig.id,
      reversedByEntryId: null,
      flagged: false,
      flagReason: null,
      source: 'manual' as const,
      provenance: null,
      createdBy: actor.userId,
      createdAt: now,
      updatedBy: actor.userId,
      updatedAt: now,
      deletedAt: null,
    };
    await repo.insertEntry(w.tx, row);
    await repo.updateEntry(w.tx, orig.id, { reversedByEntryId: newId, updatedAt: now, updatedBy: actor.userId });
    await w.record({ action: 'books.entry.reverse', entityType: 'ledger_entry', entityId: newId, regionCode: orig.regionCode, before: { reversedEntryNo: orig.entryNo }, after: { ...auditableEntry(row), reason: input.reason } });
    return getEntryById(w.tx, actor, newId);
  });
}

/** Balances by account of a village's month, from its final entries. */
export async function getBalances(db: Db, actor: Actor, q: { regionCode?: string; period: string }): Promise<TBalances> {
  const village = await villageOf(db, actor, q.regionCode);
  const closing = await repo.getClosing(db, village, q.period);
  const b = balancesOf(await repo.finalEntries(db, village, [q.period]));
  return { regionCode: village, period: q.period, closed: !!closing && closing.reopenedAt === null, ...b };
}

/**
 * Monthly closing (月结): refused while any entry of the month is a draft or awaits review, or
 * when the month is closed already. Stores the totals and the balances by account.
 */
export async function closePeriod(db: Db, actor: Actor, input: TClosePeriodRequest): Promise<TLedgerClosing> {
  if (input.period > chinaDate().slice(0, 7)) throw validationError('period', '不能结账未来的月份');
  return audited(db, actor, async (w) => {
    const village = await villageOf(w.tx, actor, input.regionCode);
    await repo.lockPeriod(w.tx, village, input.period);
    const existing = await repo.getClosing(w.tx, village, input.period);
    if (existing && existing.reopenedAt === null) throw conflict(`${periodLabel(input.period)}已经结账`, 'period');
    const unfinished = await repo.countUnfinished(w.tx, village, input.period);
    if (unfinished > 0) throw conflict(`${periodLabel(input.period)}还有${unfinished}张凭证未审核定稿（草稿或待审核），不能结账`, 'period');
    const b = balancesOf(await repo.finalEntries(w.tx, village, [input.period]));
    const now = new Date();
    const fields = { closedAt: now, closedBy: actor.userId, incomeFen: b.incomeFen, expenseFen: b.expenseFen, balances: b.accounts, reopenedAt: null, updatedAt: now, updatedBy: actor.userId };
    const id = existing?.id ?? randomUUID();
    if (existing) await repo.updateClosing(w.tx, id, fields);
    else await repo.insertClosing(w.tx, { id, period: input.period, regionCode: village, createdBy: actor.userId, ...fields });
    await w.record({ action: 'books.period.close', entityType: 'ledger_closing', entityId: id, regionCode: village, after: { period: input.period, incomeFen: b.incomeFen, expenseFen: b.expenseFen, balances: b.accounts } });
    return presentClosing((await repo.getClosing(w.tx, village, input.period))!, (await getRegionInScope(w.tx, village, null))?.name ?? null);
  });
}

/** Reopens a closed month (反结账): district administrators only, with a reason, audited. */
export async function reopenPeriod(db: Db, actor: Actor, input: TReopenPeriodRequest): Promise<TLedgerClosing> {
  return audited(db, actor, async (w) => {
    const village = await villageOf(w.tx, actor, input.regionCode);
    if (!canReopenPeriod(actor)) throw new AppError(ErrorCode.FORBIDDEN, { message: '只有区管理员可以反结账' });
    await repo.lockPeriod(w.tx, village, input.period);
    const closing = await repo.getClosing(w.tx, village, input.period);
    if (!closing || closing.reopenedAt !== null) throw conflict(`${periodLabel(input.period)}尚未结账`, 'period');
    const now = new Date();
    await repo.updateClosing(w.tx, closing.id, { reopenedAt: now, updatedAt: now, updatedBy: actor.userId });
    await w.record({ action: 'books.period.reopen', entityType: 'ledger_closing', entityId: closing.id, regionCode: village, before: { period: input.period, closedAt: closing.closedAt.toISOString() }, after: { period: input.period, reopenedAt: now.toISOString(), reason: input.reason } });
    return presentClosing((await repo.getClosing(w.tx, village, input.period))!, (await getRegionInScope(w.tx, village, null))?.name ?? null);
  });
}

export async function findClosings(db: Db, actor: Actor, q: { regionCode?: string; period?: string; current: number; pageSize: number }) {
  const { rows, total } = await repo.findClosings(db, { scopeCode: actor.regionCode, regionCode: q.regionCode, period: q.period }, { offset: (q.current - 1) * q.pageSize, limit: q.pageSize });
  return { data: rows.map((r) => presentClosing(r.closing, r.regionName)), total };
}

/** Totals by villager-facing category of a set of final entries in one direction. */
function byCategory(rows: repo.EntryRow[], direction: 'income' | 'expense'): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    const c = contribution(r);
    if (c.direction !== direction) continue;
    const name = plainCategoryOf(r.accountCode, r.category);
    out.set(name, (out.get(name) ?? 0) + c.fen);
  }
  return out;
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/**
 * The portal's monthly statement of a village in plain words: income and expense by category,
 * this month against last month and the same month last year, and every large item one by one.
 * Final (reviewed) entries only.
 */
export async function getPublicSummary(db: Db, q: { village: string; period: string }): Promise<TPublicBooksSummary> {
  const village = await getPublicVillage(db, q.village);
  if (!village) throw notFound('村庄');
  const lastMonth = shiftPeriod(q.period, -1);
  const lastYear = shiftPeriod(q.period, -12);
  const rows = await repo.finalEntries(db, q.village, [q.period, lastMonth, lastYear]);
  const of = (p: string) => rows.filter((r) => r.period === p);
  const side = (direction: 'income' | 'expense') => {
    const [now, prev, year] = [q.period, lastMonth, lastYear].map((p) => byCategory(of(p), direction)) as [Map<string, number>, Map<string, number>, Map<string, number>];
    const names = [...new Set([...now.keys(), ...prev.keys(), ...year.keys()])];
    return {
      totalFen: sum(now),
      lastMonthFen: sum(prev),
      sameMonthLastYearFen: sum(year),
      categories: names
        .map((category) => ({ category, amountFen: now.get(category) ?? 0, lastMonthFen: prev.get(category) ?? 0, sameMonthLastYearFen: year.get(category) ?? 0 }))
        .sort((a, b) => b.amountFen - a.amountFen || a.category.localeCompare(b.category)),
    };
  };
  const largeItemFen = await getSetting(db, LARGE_ITEM_FEN, q.village);
  return {
    village: { code: village.code, name: village.name },
    period: q.period,
    lastMonth,
    sameMonthLastYear: lastYear,
    income: side('income'),
    expense: side('expense'),
    largeItemFen,
    largeItems: of(q.period).filter((r) => r.amountFen >= largeItemFen).map(presentPublicEntry),
  };
}

/** The final entries behind a number of the summary; `category` is the plain name, the account code or the category as written. */
export async function findPublicEntries(db: Db, q: { village: string; period: string; category?: string }): Promise<{ data: TPublicLedgerEntry[]; total: number }> {
  if (!(await getPublicVillage(db, q.village))) throw notFound('村庄');
  const rows = (await repo.finalEntries(db, q.village, [q.period])).filter(
    (r) => !q.category || plainCategoryOf(r.accountCode, r.category) === q.category || r.accountCode === q.category || r.category === q.category,
  );
  return { data: rows.map(presentPublicEntry), total: rows.length };
}
