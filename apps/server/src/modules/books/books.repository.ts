import { and, count, desc, eq, ilike, inArray, isNull, like, or, sql } from 'drizzle-orm';
import { attachments, decisionStages, decisions, ledgerClosings, ledgerEntries, regions, type DbOrTx, type Tx } from '@mpw/db';
import { inRegionScope, likeEscape } from '../../lib/scope.js';

export type EntryRow = typeof ledgerEntries.$inferSelect;
export type EntryViewRow = EntryRow & { regionName: string | null };
export type ClosingRow = typeof ledgerClosings.$inferSelect;

const live = isNull(ledgerEntries.deletedAt);
const viewColumns = { entry: ledgerEntries, regionName: regions.name };
const toView = (r: { entry: EntryRow; regionName: string | null }): EntryViewRow => ({ ...r.entry, regionName: r.regionName });

/** Key space of this module's advisory locks (two-int form). */
const NUMBERING_LOCK = 7321020;
const PERIOD_LOCK = 7321021;

/** The next `<village>-<YYYYMM>-NNNN`; a transaction-scoped lock per village and month serialises numbering. */
export async function nextEntryNo(tx: Tx, village: string, yyyymm: string): Promise<string> {
  const prefix = `${village}-${yyyymm}-`;
  await tx.execute(sql`select pg_advisory_xact_lock(${NUMBERING_LOCK}, hashtext(${prefix}))`);
  const [row] = await tx
    .select({ no: ledgerEntries.entryNo })
    .from(ledgerEntries)
    .where(and(like(ledgerEntries.entryNo, `${likeEscape(prefix)}%`), sql`${ledgerEntries.entryNo} ~ ${'^' + prefix + '[0-9]{4}$'}`))
    .orderBy(desc(ledgerEntries.entryNo))
    .limit(1);
  const last = row ? Number(row.no.slice(prefix.length)) : 0;
  return `${prefix}${String(last + 1).padStart(4, '0')}`;
}

/**
 * Serialises writes that depend on whether a village's month is closed (a new entry against a
 * closing running at the same time): every such write takes this lock first.
 */
export async function lockPeriod(tx: Tx, village: string, period: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${PERIOD_LOCK}, hashtext(${`${village}/${period}`}))`);
}

export async function insertEntry(tx: Tx, row: typeof ledgerEntries.$inferInsert) {
  await tx.insert(ledgerEntries).values(row);
}

export async function updateEntry(tx: Tx, id: string, patch: Partial<typeof ledgerEntries.$inferInsert>) {
  await tx.update(ledgerEntries).set(patch).where(eq(ledgerEntries.id, id));
}

export async function lockEntryInScope(tx: Tx, id: string, scopeCode: string | null): Promise<EntryRow | null> {
  const [row] = await tx.select().from(ledgerEntries).where(and(eq(ledgerEntries.id, id), live, inRegionScope(ledgerEntries.regionCode, scopeCode))).for('update');
  return row ?? null;
}

export async function getEntryInScope(db: DbOrTx, id: string, scopeCode: string | null): Promise<EntryViewRow | null> {
  const [row] = await db
    .select(viewColumns)
    .from(ledgerEntries)
    .leftJoin(regions, eq(regions.code, ledgerEntries.regionCode))
    .where(and(eq(ledgerEntries.id, id), live, inRegionScope(ledgerEntries.regionCode, scopeCode)));
  return row ? toView(row) : null;
}

/** By entry number, any village (numbers are unique across the deployment), locked for an upsert. */
export async function lockEntryByNo(tx: Tx, entryNo: string): Promise<EntryRow | null> {
  const [row] = await tx.select().from(ledgerEntries).where(eq(ledgerEntries.entryNo, entryNo)).for('update');
  return row ?? null;
}

export async function entryNosByIds(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: ledgerEntries.id, no: ledgerEntries.entryNo }).from(ledgerEntries).where(inArray(ledgerEntries.id, ids));
  return new Map(rows.map((r) => [r.id, r.no]));
}

export async function countVouchers(db: DbOrTx, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: attachments.entityId, n: count() })
    .from(attachments)
    .where(and(eq(attachments.entityType, 'ledger_entry'), inArray(attachments.entityId, ids), isNull(attachments.deletedAt)))
    .groupBy(attachments.entityId);
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

export interface EntryFilter {
  scopeCode: string | null;
  regionCode?: string;
  period?: string;
  status?: EntryRow['status'];
  direction?: EntryRow['direction'];
  accountCode?: string;
  q?: string;
}

export async function findEntries(db: DbOrTx, f: EntryFilter, page: { offset: number; limit: number }) {
  const q = f.q ? `%${likeEscape(f.q)}%` : null;
  const where = and(
    live,
    inRegionScope(ledgerEntries.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(ledgerEntries.regionCode, f.regionCode) : undefined,
    f.period ? eq(ledgerEntries.period, f.period) : undefined,
    f.status ? eq(ledgerEntries.status, f.status) : undefined,
    f.direction ? eq(ledgerEntries.direction, f.direction) : undefined,
    f.accountCode ? eq(ledgerEntries.accountCode, f.accountCode) : undefined,
    q ? or(ilike(ledgerEntries.entryNo, q), ilike(ledgerEntries.description, q), ilike(ledgerEntries.counterpartyName, q), ilike(ledgerEntries.category, q)) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db.select(viewColumns).from(ledgerEntries).leftJoin(regions, eq(regions.code, ledgerEntries.regionCode)).where(where)
      .orderBy(desc(ledgerEntries.entryDate), desc(ledgerEntries.entryNo)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(ledgerEntries).where(where),
  ]);
  return { rows: rows.map(toView), total: Number(total?.n ?? 0) };
}

/** Entries of a village's month that are not yet final (drafts and those awaiting review). */
export async function countUnfinished(db: DbOrTx, village: string, period: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(ledgerEntries)
    .where(and(live, eq(ledgerEntries.regionCode, village), eq(ledgerEntries.period, period), inArray(ledgerEntries.status, ['draft', 'pending_review'])));
  return Number(row?.n ?? 0);
}

/** Final entries of a village in the given months. */
export async function finalEntries(db: DbOrTx, village: string, periods: string[]): Promise<EntryRow[]> {
  return db
    .select()
    .from(ledgerEntries)
    .where(and(live, eq(ledgerEntries.regionCode, village), inArray(ledgerEntries.period, periods), eq(ledgerEntries.status, 'final')))
    .orderBy(ledgerEntries.entryDate, ledgerEntries.entryNo);
}

/**
 * The decision `decisionNo` of this village whose resolution stage (村民(代表)会议决议) did not
 * fail and was held on or before `onOrBefore`; null if there is none.
 */
export async function passedDecisionId(db: DbOrTx, village: string, decisionNo: string, onOrBefore: string): Promise<string | null> {
  const [row] = await db
    .select({ id: decisions.id })
    .from(decisions)
    .innerJoin(decisionStages, eq(decisionStages.decisionId, decisions.id))
    .where(and(
      eq(decisions.decisionNo, decisionNo),
      eq(decisions.regionCode, village),
      isNull(decisions.deletedAt),
      isNull(decisionStages.deletedAt),
      eq(decisionStages.stage, 'resolution'),
      sql`${decisionStages.outcome} is distinct from 'failed'`,
      sql`${decisionStages.heldOn} <= ${onOrBefore}`,
    ))
    .limit(1);
  return row?.id ?? null;
}

export async function decisionIdByNo(db: DbOrTx, village: string, decisionNo: string): Promise<string | null> {
  const [row] = await db.select({ id: decisions.id }).from(decisions).where(and(eq(decisions.decisionNo, decisionNo), eq(decisions.regionCode, village), isNull(decisions.deletedAt)));
  return row?.id ?? null;
}

export async function getClosing(db: DbOrTx, village: string, period: string): Promise<ClosingRow | null> {
  const [row] = await db.select().from(ledgerClosings).where(and(eq(ledgerClosings.regionCode, village), eq(ledgerClosings.period, period), isNull(ledgerClosings.deletedAt)));
  return row ?? null;
}

export async function insertClosing(tx: Tx, row: typeof ledgerClosings.$inferInsert) {
  await tx.insert(ledgerClosings).values(row);
}

export async function updateClosing(tx: Tx, id: string, patch: Partial<typeof ledgerClosings.$inferInsert>) {
  await tx.update(ledgerClosings).set(patch).where(eq(ledgerClosings.id, id));
}

export async function findClosings(db: DbOrTx, f: { scopeCode: string | null; regionCode?: string; period?: string }, page: { offset: number; limit: number }) {
  const where = and(
    isNull(ledgerClosings.deletedAt),
    inRegionScope(ledgerClosings.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(ledgerClosings.regionCode, f.regionCode) : undefined,
    f.period ? eq(ledgerClosings.period, f.period) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db.select({ closing: ledgerClosings, regionName: regions.name }).from(ledgerClosings).leftJoin(regions, eq(regions.code, ledgerClosings.regionCode)).where(where)
      .orderBy(desc(ledgerClosings.period), ledgerClosings.regionCode).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(ledgerClosings).where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

/** Every live entry in the filter, for ledger.csv (drafts and rejected entries are not books yet: final only). */
export async function entriesForExport(db: DbOrTx, f: { scopeCode: string | null; regionCode?: string }): Promise<EntryRow[]> {
  return db
    .select()
    .from(ledgerEntries)
    .where(and(live, eq(ledgerEntries.status, 'final'), inRegionScope(ledgerEntries.regionCode, f.scopeCode), f.regionCode ? inRegionScope(ledgerEntries.regionCode, f.regionCode) : undefined))
    .orderBy(ledgerEntries.regionCode, ledgerEntries.entryDate, ledgerEntries.entryNo);
}

/** The region of a live entry in scope (the attachments module asks before storing a voucher). */
export async function entryRegionInScope(db: DbOrTx, id: string, scopeCode: string | null): Promise<string | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.select({ regionCode: ledgerEntries.regionCode }).from(ledgerEntries).where(and(eq(ledgerEntries.id, id), live, inRegionScope(ledgerEntries.regionCode, scopeCode)));
  return row?.regionCode ?? null;
}

