import { and, count, desc, eq, gte, ilike, inArray, isNull, like, lte, or, sql } from 'drizzle-orm';
import { attachments, decisionStages, decisions, ledgerClosings, ledgerEntries, queryRows, regions, type DbOrTx, type Tx } from '@mpw/db';
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
  /** Entry date on or after / on or before. */
  entryFrom?: string;
  entryTo?: string;
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
    f.entryFrom ? gte(ledgerEntries.entryDate, f.entryFrom) : undefined,
    f.entryTo ? lte(ledgerEntries.entryDate, f.entryTo) : undefined,
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


// ---------------------------------------------------------------- ledger.csv import, a batch at a time

/** Entries holding these numbers (any village; numbers are unique across the deployment), locked for an import's upsert. */
export async function lockEntriesByNos(tx: Tx, entryNos: string[]): Promise<EntryRow[]> {
  if (entryNos.length === 0) return [];
  return tx
    .select()
    .from(ledgerEntries)
    .where(sql`${ledgerEntries.entryNo} in (select jsonb_array_elements_text(${JSON.stringify(entryNos)}::jsonb))`)
    .for('update');
}

const periodKey = (village: string, period: string) => `${village}/${period}`;

/**
 * Takes the month locks of lockPeriod for many village months at once, in a fixed order (so two
 * imports never wait on each other crosswise), and returns those that are closed (not reopened),
 * as `village/period`.
 */
export async function lockClosedPeriods(tx: Tx, months: { village: string; period: string }[]): Promise<Set<string>> {
  const keys = [...new Set(months.map((m) => periodKey(m.village, m.period)))].sort();
  if (keys.length === 0) return new Set();
  await tx.execute(sql`select pg_advisory_xact_lock(${PERIOD_LOCK}, hashtext(s.k)) from (select k from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as k order by k) s`);
  const rows = await queryRows<{ k: string }>(
    tx,
    sql`select c.region_code || '/' || c.period as k
        from ${ledgerClosings} c
        join (select split_part(k, '/', 1) as v, split_part(k, '/', 2) as p from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as k) x
          on c.region_code = x.v and c.period = x.p
        where c.deleted_at is null and c.reopened_at is null`,
  );
  return new Set(rows.map((r) => r.k));
}

export interface EntryDecision {
  id: string;
  /** The date of its resolution stage (村民(代表)会议决议) when that did not fail; null if there is none. */
  passedOn: string | null;
}

/**
 * The decisions of (village, number) pairs, with the day their resolution passed: the batch form
 * of decisionIdByNo and passedDecisionId. Keyed `village/number`.
 */
export async function decisionsByNos(db: DbOrTx, pairs: { village: string; decisionNo: string }[]): Promise<Map<string, EntryDecision>> {
  if (pairs.length === 0) return new Map();
  const rows = await queryRows<{ region_code: string; decision_no: string; id: string; passed_on: string | null }>(
    db,
    sql`select d.region_code, d.decision_no, d.id,
          (select min(s.held_on)::text from ${decisionStages} s
            where s.decision_id = d.id and s.deleted_at is null and s.stage = 'resolution' and s.outcome is distinct from 'failed') as passed_on
        from ${decisions} d
        join jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as x("village" text, "decisionNo" text)
          on d.decision_no = x."decisionNo" and d.region_code = x."village"
        where d.deleted_at is null`,
  );
  return new Map(rows.map((r) => [`${r.region_code}/${r.decision_no}`, { id: r.id, passedOn: r.passed_on }]));
}

/** What an import writes of an entry. */
export interface ImportedEntry {
  id: string;
  entryNo: string;
  entryDate: string;
  period: string;
  direction: 'income' | 'expense';
  amountFen: number;
  accountCode: string | null;
  category: string;
  counterpartyName: string | null;
  counterpartyId: string | null;
  description: string | null;
  decisionNo: string | null;
  decisionId: string | null;
  flagged: boolean;
  flagReason: string | null;
  provenance: unknown;
  extra: Record<string, string> | null;
  regionCode: string;
}

const IMPORTED_COLUMNS: [keyof ImportedEntry, string, string][] = [
  ['id', 'id', 'uuid'],
  ['entryNo', 'entry_no', 'text'],
  ['entryDate', 'entry_date', 'date'],
  ['period', 'period', 'text'],
  ['direction', 'direction', 'text'],
  ['amountFen', 'amount_fen', 'bigint'],
  ['accountCode', 'account_code', 'text'],
  ['category', 'category', 'text'],
  ['counterpartyName', 'counterparty_name', 'text'],
  ['counterpartyId', 'counterparty_id', 'text'],
  ['description', 'description', 'text'],
  ['decisionNo', 'decision_no', 'text'],
  ['decisionId', 'decision_id', 'uuid'],
  ['flagged', 'flagged', 'boolean'],
  ['flagReason', 'flag_reason', 'text'],
  ['provenance', 'provenance', 'jsonb'],
  ['extra', 'extra', 'jsonb'],
  ['regionCode', 'region_code', 'text'],
];
const recordType = sql.raw(IMPORTED_COLUMNS.map(([k, , t]) => `"${k}" ${t}`).join(', ') + ', "userId" uuid');
const asJson = (rows: ImportedEntry[], userId: string | null) => JSON.stringify(rows.map((r) => ({ ...r, userId })));

/**
 * Inserts and updates a batch of imported entries, each set travelling as one JSON parameter
 * unpacked by jsonb_to_recordset. Imported entries are final and marked source 'import'.
 */
export async function writeImportedEntries(tx: Tx, inserts: ImportedEntry[], updates: ImportedEntry[], userId: string | null): Promise<void> {
  const cols = sql.raw(IMPORTED_COLUMNS.map(([, c]) => c).join(', '));
  const xs = sql.raw(IMPORTED_COLUMNS.map(([k]) => `x."${k}"`).join(', '));
  if (inserts.length) {
    await tx.execute(sql`insert into ${ledgerEntries} (${cols}, status, source, created_by, updated_by)
      select ${xs}, 'final', 'import', x."userId", x."userId" from jsonb_to_recordset(${asJson(inserts, userId)}::jsonb) as x(${recordType})`);
  }
  if (updates.length) {
    const set = sql.raw(IMPORTED_COLUMNS.filter(([k]) => k !== 'id' && k !== 'entryNo').map(([k, c]) => `${c} = x."${k}"`).join(', '));
    await tx.execute(sql`update ${ledgerEntries} t set ${set}, status = 'final', source = 'import', updated_by = x."userId", updated_at = now()
      from jsonb_to_recordset(${asJson(updates, userId)}::jsonb) as x(${recordType}) where t.id = x."id"`);
  }
}
