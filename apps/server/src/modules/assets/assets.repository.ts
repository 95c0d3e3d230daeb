import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, isNull, like, lte, ne, or, sql, sum } from 'drizzle-orm';
import { assets, contractPayments, contracts, decisions, ledgerEntries, queryRows, regions, type DbOrTx, type Tx } from '@mpw/db';
import type { TAssetKind, TAssetStatus, TContractStatus, TContractType } from '@mpw/contracts';
import { inRegionScope, likeEscape } from '../../lib/scope.js';

export type AssetRow = typeof assets.$inferSelect;
export type AssetViewRow = AssetRow & { regionName: string | null };
export type ContractRow = typeof contracts.$inferSelect;
export type ContractViewRow = ContractRow & { regionName: string | null; paidFen: number };
export type PaymentRow = typeof contractPayments.$inferSelect;

type Page = { offset: number; limit: number };
const liveAsset = isNull(assets.deletedAt);
const liveContract = isNull(contracts.deletedAt);
const livePayment = isNull(contractPayments.deletedAt);

// ---------------------------------------------------------------- assets

const assetView = { asset: assets, regionName: regions.name };
const toAssetView = (r: { asset: AssetRow; regionName: string | null }): AssetViewRow => ({ ...r.asset, regionName: r.regionName });

export async function insertAsset(tx: Tx, row: typeof assets.$inferInsert) {
  await tx.insert(assets).values(row);
}

export async function updateAsset(tx: Tx, id: string, patch: Partial<typeof assets.$inferInsert>) {
  await tx.update(assets).set(patch).where(eq(assets.id, id));
}

/** Any asset (deleted too) holding this number in the village: the unique index covers deleted rows. */
export async function findAssetByNo(db: DbOrTx, regionCode: string, assetNo: string): Promise<AssetRow | null> {
  const [row] = await db.select().from(assets).where(and(eq(assets.regionCode, regionCode), eq(assets.assetNo, assetNo)));
  return row ?? null;
}

export async function getAssetInScope(db: DbOrTx, id: string, scopeCode: string | null): Promise<AssetViewRow | null> {
  const [row] = await db.select(assetView).from(assets).leftJoin(regions, eq(regions.code, assets.regionCode))
    .where(and(eq(assets.id, id), liveAsset, inRegionScope(assets.regionCode, scopeCode)));
  return row ? toAssetView(row) : null;
}

/** The asset, locked until the transaction ends (updates of one asset go one at a time). */
export async function lockAssetInScope(tx: Tx, id: string, scopeCode: string | null): Promise<AssetRow | null> {
  const [row] = await tx.select().from(assets).where(and(eq(assets.id, id), liveAsset, inRegionScope(assets.regionCode, scopeCode))).for('update');
  return row ?? null;
}

export interface AssetFilter {
  scopeCode: string | null;
  regionCode?: string;
  kind?: TAssetKind;
  status?: TAssetStatus;
  q?: string;
}

function assetWhere(f: AssetFilter) {
  return and(
    liveAsset,
    inRegionScope(assets.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(assets.regionCode, f.regionCode) : undefined,
    f.kind ? eq(assets.kind, f.kind) : undefined,
    f.status ? eq(assets.status, f.status) : undefined,
    f.q ? or(ilike(assets.name, `%${likeEscape(f.q)}%`), ilike(assets.assetNo, `%${likeEscape(f.q)}%`), ilike(assets.location, `%${likeEscape(f.q)}%`)) : undefined,
  );
}

export async function findAssets(db: DbOrTx, f: AssetFilter, page: Page) {
  const where = assetWhere(f);
  const [rows, [total]] = await Promise.all([
    db.select(assetView).from(assets).leftJoin(regions, eq(regions.code, assets.regionCode)).where(where)
      .orderBy(asc(assets.regionCode), asc(assets.assetNo)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(assets).where(where),
  ]);
  return { rows: rows.map(toAssetView), total: Number(total?.n ?? 0) };
}

/** Count and value of the filtered assets by kind and status. */
export async function assetTotals(db: DbOrTx, f: AssetFilter) {
  const rows = await db
    .select({ kind: assets.kind, status: assets.status, n: count(), value: sum(assets.valueFen) })
    .from(assets)
    .where(assetWhere(f))
    .groupBy(assets.kind, assets.status);
  return rows.map((r) => ({ kind: r.kind, status: r.status, count: Number(r.n), valueFen: Number(r.value ?? 0) }));
}

/** Live assets of a village, for the portal. */
export async function listVillageAssets(db: DbOrTx, village: string): Promise<AssetRow[]> {
  return db.select().from(assets).where(and(liveAsset, eq(assets.regionCode, village))).orderBy(asc(assets.assetNo));
}

// ---------------------------------------------------------------- contracts

const paidFen = sql<string>`coalesce((select sum(${contractPayments.amountFen}) from ${contractPayments}
  where ${contractPayments.contractId} = ${contracts.id} and ${contractPayments.deletedAt} is null), 0)`;
const contractView = { contract: contracts, regionName: regions.name, paidFen };
const toContractView = (r: { contract: ContractRow; regionName: string | null; paidFen: string | number }): ContractViewRow => ({
  ...r.contract,
  regionName: r.regionName,
  paidFen: Number(r.paidFen),
});

/** Key space of this module's advisory locks (two-int form, apart from the audit log's and decisions' keys). */
const NUMBERING_LOCK = 7321020;

/**
 * The next `<village>-HT-<year>-NNNN` for a contract entered without a number. A transaction-scoped
 * lock per village and year serialises numbering, so two contracts entered at once never draw the same one.
 */
export async function nextContractNo(tx: Tx, village: string, year: string): Promise<string> {
  const prefix = `${village}-HT-${year}-`;
  await tx.execute(sql`select pg_advisory_xact_lock(${NUMBERING_LOCK}, hashtext(${prefix}))`);
  const [row] = await tx.select({ no: contracts.contractNo }).from(contracts)
    .where(like(contracts.contractNo, `${likeEscape(prefix)}%`)).orderBy(desc(contracts.contractNo)).limit(1);
  const last = row ? Number(row.no.slice(prefix.length)) || 0 : 0;
  return `${prefix}${String(last + 1).padStart(4, '0')}`;
}

export async function insertContract(tx: Tx, row: typeof contracts.$inferInsert) {
  await tx.insert(contracts).values(row);
}

export async function updateContract(tx: Tx, id: string, patch: Partial<typeof contracts.$inferInsert>) {
  await tx.update(contracts).set(patch).where(eq(contracts.id, id));
}

/** The contract holding this number anywhere (numbers are unique across the platform), locked for an upsert. */
export async function lockContractByNo(tx: Tx, contractNo: string): Promise<ContractRow | null> {
  const [row] = await tx.select().from(contracts).where(eq(contracts.contractNo, contractNo)).for('update');
  return row ?? null;
}

export async function getContractInScope(db: DbOrTx, id: string, scopeCode: string | null): Promise<ContractViewRow | null> {
  const [row] = await db.select(contractView).from(contracts).leftJoin(regions, eq(regions.code, contracts.regionCode))
    .where(and(eq(contracts.id, id), liveContract, inRegionScope(contracts.regionCode, scopeCode)));
  return row ? toContractView(row) : null;
}

/** The contract, locked: payments against one contract are checked against its amount one at a time. */
export async function lockContractInScope(tx: Tx, id: string, scopeCode: string | null): Promise<ContractRow | null> {
  const [row] = await tx.select().from(contracts).where(and(eq(contracts.id, id), liveContract, inRegionScope(contracts.regionCode, scopeCode))).for('update');
  return row ?? null;
}

export interface ContractFilter {
  scopeCode: string | null;
  regionCode?: string;
  contractType?: TContractType;
  status?: TContractStatus;
  flagged?: boolean;
  q?: string;
}

function contractWhere(f: ContractFilter) {
  return and(
    liveContract,
    inRegionScope(contracts.regionCode, f.scopeCode),
    f.regionCode ? inRegionScope(contracts.regionCode, f.regionCode) : undefined,
    f.contractType ? eq(contracts.contractType, f.contractType) : undefined,
    f.status ? eq(contracts.status, f.status) : undefined,
    f.flagged !== undefined ? eq(contracts.flagged, f.flagged) : undefined,
    f.q
      ? or(ilike(contracts.title, `%${likeEscape(f.q)}%`), ilike(contracts.contractNo, `%${likeEscape(f.q)}%`), ilike(contracts.counterpartyName, `%${likeEscape(f.q)}%`))
      : undefined,
  );
}

export async function findContracts(db: DbOrTx, f: ContractFilter, page: Page) {
  const where = contractWhere(f);
  const [rows, [total]] = await Promise.all([
    db.select(contractView).from(contracts).leftJoin(regions, eq(regions.code, contracts.regionCode)).where(where)
      .orderBy(desc(contracts.signedDate), asc(contracts.contractNo)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(contracts).where(where),
  ]);
  return { rows: rows.map(toContractView), total: Number(total?.n ?? 0) };
}

/** Active contracts in scope whose end date is on or before `until` (overdue ones included), soonest first. */
export async function findContractsEndingBy(db: DbOrTx, f: { scopeCode: string | null; regionCode?: string }, until: string) {
  const rows = await db.select(contractView).from(contracts).leftJoin(regions, eq(regions.code, contracts.regionCode))
    .where(and(
      liveContract,
      inRegionScope(contracts.regionCode, f.scopeCode),
      f.regionCode ? inRegionScope(contracts.regionCode, f.regionCode) : undefined,
      eq(contracts.status, 'active'),
      isNotNull(contracts.endDate),
      lte(contracts.endDate, until),
    ))
    .orderBy(asc(contracts.endDate), asc(contracts.contractNo));
  return rows.map(toContractView);
}

/** Every live contract in the filter, by number (contracts.csv export). */
export async function listContractsForExport(db: DbOrTx, f: { scopeCode: string | null; regionCode?: string }): Promise<ContractRow[]> {
  return db.select().from(contracts)
    .where(and(liveContract, inRegionScope(contracts.regionCode, f.scopeCode), f.regionCode ? inRegionScope(contracts.regionCode, f.regionCode) : undefined))
    .orderBy(asc(contracts.contractNo));
}

/** Live contracts of a village, for the portal. */
export async function listVillageContracts(db: DbOrTx, village: string): Promise<ContractRow[]> {
  return db.select().from(contracts).where(and(liveContract, eq(contracts.regionCode, village))).orderBy(desc(contracts.signedDate), asc(contracts.contractNo));
}

/** Whether a live, active contract names the asset (such an asset is not deleted). */
export async function hasActiveContractForAsset(db: DbOrTx, assetId: string): Promise<boolean> {
  const [row] = await db.select({ id: contracts.id }).from(contracts).where(and(liveContract, eq(contracts.assetId, assetId), eq(contracts.status, 'active'))).limit(1);
  return !!row;
}

const LEASE_TYPES = ['资产租赁', '土地承包'] as const;

/** Whether another live lease of the asset is in force on `today` (active, not past its end date). */
export async function hasCurrentLease(db: DbOrTx, assetId: string, today: string, exceptContractId?: string): Promise<boolean> {
  const [row] = await db.select({ id: contracts.id }).from(contracts).where(and(
    liveContract, eq(contracts.assetId, assetId), eq(contracts.status, 'active'), inArray(contracts.contractType, [...LEASE_TYPES]),
    or(isNull(contracts.endDate), gte(contracts.endDate, today)),
    exceptContractId ? ne(contracts.id, exceptContractId) : undefined,
  )).limit(1);
  return !!row;
}

/**
 * Assets marked leased whose every lease recorded on the platform has ended (terminated,
 * completed or past its end date) on `today`. An asset marked leased without a lease on the
 * platform is left as it is: the platform cannot know when that lease ends.
 */
export async function findAssetsWithEndedLeases(db: DbOrTx, today: string): Promise<AssetRow[]> {
  return db.select().from(assets).where(and(
    isNull(assets.deletedAt), eq(assets.status, 'leased'),
    sql`exists (select 1 from ${contracts} c where c.asset_id = ${assets.id} and c.deleted_at is null and c.contract_type in ('资产租赁', '土地承包'))`,
    sql`not exists (select 1 from ${contracts} c where c.asset_id = ${assets.id} and c.deleted_at is null and c.contract_type in ('资产租赁', '土地承包')
      and c.status = 'active' and (c.end_date is null or c.end_date >= ${today}::date))`,
  )).orderBy(asc(assets.regionCode), asc(assets.assetNo));
}

/** The number of the asset's lease that ended last (for the audit record). */
export async function lastLeaseOf(db: DbOrTx, assetId: string): Promise<string | null> {
  const [row] = await db.select({ no: contracts.contractNo }).from(contracts)
    .where(and(liveContract, eq(contracts.assetId, assetId), inArray(contracts.contractType, [...LEASE_TYPES])))
    .orderBy(sql`${contracts.endDate} desc nulls last`, desc(contracts.signedDate)).limit(1);
  return row?.no ?? null;
}

/** The decision with this number in this village, if any. */
export async function findVillageDecision(db: DbOrTx, regionCode: string, decisionNo: string): Promise<{ id: string } | null> {
  const [row] = await db.select({ id: decisions.id }).from(decisions)
    .where(and(eq(decisions.decisionNo, decisionNo), eq(decisions.regionCode, regionCode), isNull(decisions.deletedAt)));
  return row ?? null;
}

// ---------------------------------------------------------------- payments

export async function insertPayment(tx: Tx, row: typeof contractPayments.$inferInsert) {
  await tx.insert(contractPayments).values(row);
}

export async function listPayments(db: DbOrTx, contractIds: string[]): Promise<PaymentRow[]> {
  if (contractIds.length === 0) return [];
  return db.select().from(contractPayments).where(and(inArray(contractPayments.contractId, contractIds), livePayment))
    .orderBy(asc(contractPayments.paidOn), asc(contractPayments.createdAt));
}

export async function paidFenOf(db: DbOrTx, contractId: string): Promise<number> {
  const [row] = await db.select({ s: sum(contractPayments.amountFen) }).from(contractPayments).where(and(eq(contractPayments.contractId, contractId), livePayment));
  return Number(row?.s ?? 0);
}

/** Whether a live ledger entry with this id belongs to the village (a payment may name the voucher that records it). */
export async function ledgerEntryInVillage(db: DbOrTx, id: string, regionCode: string): Promise<boolean> {
  const [row] = await db.select({ id: ledgerEntries.id }).from(ledgerEntries)
    .where(and(eq(ledgerEntries.id, id), eq(ledgerEntries.regionCode, regionCode), isNull(ledgerEntries.deletedAt)));
  return !!row;
}

// ---------------------------------------------------------------- contracts.csv import, a batch at a time

/** Contracts holding these numbers (any village), locked for an import's upsert. */
export async function lockContractsByNos(tx: Tx, contractNos: string[]): Promise<ContractRow[]> {
  if (contractNos.length === 0) return [];
  return tx
    .select()
    .from(contracts)
    .where(sql`${contracts.contractNo} in (select jsonb_array_elements_text(${JSON.stringify(contractNos)}::jsonb))`)
    .for('update');
}

/** The batch form of findVillageDecision: decision ids of (village, number) pairs, keyed `village/number`. */
export async function findVillageDecisions(db: DbOrTx, pairs: { village: string; decisionNo: string }[]): Promise<Map<string, string>> {
  if (pairs.length === 0) return new Map();
  const rows = await queryRows<{ region_code: string; decision_no: string; id: string }>(
    db,
    sql`select d.region_code, d.decision_no, d.id from ${decisions} d
        join jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as x("village" text, "decisionNo" text)
          on d.decision_no = x."decisionNo" and d.region_code = x."village"
        where d.deleted_at is null`,
  );
  return new Map(rows.map((r) => [`${r.region_code}/${r.decision_no}`, r.id]));
}

/** What an import writes of a contract (its business fields, flags, provenance, extra columns). */
export interface ImportedContract {
  id: string;
  contractNo: string;
  contractType: TContractType;
  title: string;
  counterpartyName: string;
  counterpartyId: string | null;
  amountFen: number;
  signedDate: string;
  startDate: string | null;
  endDate: string | null;
  procurementMethod: string | null;
  decisionNo: string | null;
  decisionId: string | null;
  assetId: string | null;
  status: TContractStatus;
  flagged: boolean;
  flagReason: string | null;
  provenance: unknown;
  extra: Record<string, string> | null;
  regionCode: string;
}

const IMPORTED_CONTRACT_COLUMNS: [keyof ImportedContract, string, string][] = [
  ['id', 'id', 'uuid'],
  ['contractNo', 'contract_no', 'text'],
  ['contractType', 'contract_type', 'text'],
  ['title', 'title', 'text'],
  ['counterpartyName', 'counterparty_name', 'text'],
  ['counterpartyId', 'counterparty_id', 'text'],
  ['amountFen', 'amount_fen', 'bigint'],
  ['signedDate', 'signed_date', 'date'],
  ['startDate', 'start_date', 'date'],
  ['endDate', 'end_date', 'date'],
  ['procurementMethod', 'procurement_method', 'text'],
  ['decisionNo', 'decision_no', 'text'],
  ['decisionId', 'decision_id', 'uuid'],
  ['assetId', 'asset_id', 'uuid'],
  ['status', 'status', 'text'],
  ['flagged', 'flagged', 'boolean'],
  ['flagReason', 'flag_reason', 'text'],
  ['provenance', 'provenance', 'jsonb'],
  ['extra', 'extra', 'jsonb'],
  ['regionCode', 'region_code', 'text'],
];
const contractRecordType = sql.raw(IMPORTED_CONTRACT_COLUMNS.map(([k, , t]) => `"${k}" ${t}`).join(', ') + ', "userId" uuid');
const contractsJson = (rows: ImportedContract[], userId: string | null) => JSON.stringify(rows.map((r) => ({ ...r, userId })));

/** Inserts and updates a batch of imported contracts (source 'import'), each set as one JSON parameter. */
export async function writeImportedContracts(tx: Tx, inserts: ImportedContract[], updates: ImportedContract[], userId: string | null): Promise<void> {
  if (inserts.length) {
    const cols = sql.raw(IMPORTED_CONTRACT_COLUMNS.map(([, c]) => c).join(', '));
    const xs = sql.raw(IMPORTED_CONTRACT_COLUMNS.map(([k]) => `x."${k}"`).join(', '));
    await tx.execute(sql`insert into ${contracts} (${cols}, source, created_by, updated_by)
      select ${xs}, 'import', x."userId", x."userId" from jsonb_to_recordset(${contractsJson(inserts, userId)}::jsonb) as x(${contractRecordType})`);
  }
  if (updates.length) {
    const set = sql.raw(IMPORTED_CONTRACT_COLUMNS.filter(([k]) => k !== 'id' && k !== 'contractNo' && k !== 'regionCode').map(([k, c]) => `${c} = x."${k}"`).join(', '));
    await tx.execute(sql`update ${contracts} t set ${set}, source = 'import', updated_by = x."userId", updated_at = now()
      from jsonb_to_recordset(${contractsJson(updates, userId)}::jsonb) as x(${contractRecordType}) where t.id = x."id"`);
  }
}
