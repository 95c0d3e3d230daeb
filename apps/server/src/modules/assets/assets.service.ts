import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@mpw/db';
import {
  ASSET_KINDS,
  ASSET_STATUSES,
  regionLevelOf,
  type TAsset,
  type TAssetList,
  type TAssetListQuery,
  type TContract,
  type TContractListQuery,
  type TContractPayments,
  type TContractStatus,
  type TContractType,
  type TCreateAssetRequest,
  type TCreateContractPaymentRequest,
  type TCreateContractRequest,
  type TExpiringContracts,
  type TExpiringContractsQuery,
  type TProcurementMethod,
  type TPublicAssets,
  type TUpdateAssetRequest,
  type TUpdateContractRequest,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound, validationError } from '../../lib/errors.js';
import { chinaDate } from '../../lib/time.js';
import { addCalendarDays, dayNumber } from '../../lib/calendar/dates.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import { raiseAlert } from '../alerts/alerts.service.js';
import { assetNoAuctionSummary } from '../alerts/rules/books.js';
import { getPublicVillage, getRegionInScope } from '../regions/regions.repository.js';
import { getSetting } from '../settings/settings.service.js';
import * as repo from './assets.repository.js';
import { ASSET_DISPOSAL_THRESHOLD_FEN, CONTRACT_EXPIRY_WARNING_DAYS } from './assets.settings.js';
import { assetStatusAfter, counterpartyIdProblem, disposalFlagReason } from './assets.policy.js';
import { auditableAsset, auditableContract, presentAsset, presentContract, presentPayment, presentPublicAssets } from './assets.presenter.js';

const conflict = (message: string, path?: string) => new AppError(ErrorCode.CONFLICT, { message, details: path ? [{ path, message }] : undefined });

/** The village a record goes to: the one named, or a village account's own; it must exist in the actor's scope. */
async function villageFor(db: DbOrTx, actor: Actor, regionCode: string | undefined): Promise<string> {
  const code = regionCode ?? (actor.regionCode && regionLevelOf(actor.regionCode) === 'village' ? actor.regionCode : null);
  if (!code) throw validationError('regionCode', '请选择所属的村');
  if (regionLevelOf(code) !== 'village') throw validationError('regionCode', '只能登记到一个村（12位村级区划代码）');
  const village = await getRegionInScope(db, code, actor.regionCode);
  if (!village || village.level !== 'village') throw notFound('村庄');
  return code;
}

// ---------------------------------------------------------------- assets

async function loadAsset(db: DbOrTx, actor: Actor, id: string): Promise<TAsset> {
  const row = await repo.getAssetInScope(db, id, actor.regionCode);
  if (!row) throw notFound('资产');
  return presentAsset(row);
}

export async function getAssetById(db: DbOrTx, actor: Actor, id: string): Promise<TAsset> {
  return loadAsset(db, actor, id);
}

export async function findAssets(db: Db, actor: Actor, q: TAssetListQuery): Promise<TAssetList> {
  const filter = { scopeCode: actor.regionCode, regionCode: q.regionCode, kind: q.kind, status: q.status, q: q.q };
  const [{ rows, total }, groups] = await Promise.all([
    repo.findAssets(db, filter, { offset: (q.current - 1) * q.pageSize, limit: q.pageSize }),
    repo.assetTotals(db, filter),
  ]);
  const add = (gs: typeof groups) => ({ count: gs.reduce((n, g) => n + g.count, 0), valueFen: gs.reduce((n, g) => n + g.valueFen, 0) });
  return {
    data: rows.map(presentAsset),
    total,
    totals: {
      valueFen: add(groups).valueFen,
      byKind: ASSET_KINDS.map((kind) => ({ kind, ...add(groups.filter((g) => g.kind === kind)) })).filter((t) => t.count > 0),
      byStatus: ASSET_STATUSES.map((status) => ({ status, ...add(groups.filter((g) => g.status === status)) })).filter((t) => t.count > 0),
    },
  };
}

/** Registers an asset of a village; its number is unique in the village (409 otherwise, deleted ones included). */
export async function createAsset(db: Db, actor: Actor, input: TCreateAssetRequest): Promise<TAsset> {
  return audited(db, actor, async (w) => {
    const regionCode = await villageFor(w.tx, actor, input.regionCode);
    if (await repo.findAssetByNo(w.tx, regionCode, input.assetNo)) throw conflict(`本村已有编号为 ${input.assetNo} 的资产（含已删除的），请换一个编号`, 'assetNo');
    const id = randomUUID();
    const row = {
      id,
      assetNo: input.assetNo,
      kind: input.kind,
      name: input.name,
      location: input.location || null,
      quantity: input.quantity || null,
      unit: input.unit || null,
      valueFen: input.valueFen ?? null,
      status: input.status,
      acquiredOn: input.acquiredOn ?? null,
      notes: input.notes || null,
      regionCode,
      createdBy: actor.userId,
      updatedBy: actor.userId,
    };
    await repo.insertAsset(w.tx, row);
    await w.record({ action: 'assets.asset.create', entityType: 'asset', entityId: id, regionCode, after: auditableAsset(row) });
    return loadAsset(w.tx, actor, id);
  });
}

/** Changes an asset; the audit event keeps the fields before and after. */
export async function updateAsset(db: Db, actor: Actor, id: string, input: TUpdateAssetRequest): Promise<TAsset> {
  return audited(db, actor, async (w) => {
    const before = await repo.lockAssetInScope(w.tx, id, actor.regionCode);
    if (!before) throw notFound('资产');
    if (input.assetNo !== undefined && input.assetNo !== before.assetNo) {
      if (await repo.findAssetByNo(w.tx, before.regionCode, input.assetNo)) throw conflict(`本村已有编号为 ${input.assetNo} 的资产（含已删除的），请换一个编号`, 'assetNo');
    }
    const blank = (v: string | null | undefined) => (v === undefined ? undefined : v || null);
    const patch = {
      assetNo: input.assetNo,
      kind: input.kind,
      name: input.name,
      location: blank(input.location),
      quantity: blank(input.quantity),
      unit: blank(input.unit),
      valueFen: input.valueFen,
      status: input.status,
      acquiredOn: input.acquiredOn,
      notes: blank(input.notes),
    };
    const after = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as repo.AssetRow;
    const b = auditableAsset(before);
    const a = auditableAsset(after);
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      await repo.updateAsset(w.tx, id, { ...a, updatedAt: new Date(), updatedBy: actor.userId });
      await w.record({ action: 'assets.asset.update', entityType: 'asset', entityId: id, regionCode: before.regionCode, before: b, after: a });
    }
    return loadAsset(w.tx, actor, id);
  });
}

/** Soft-deletes an asset; refused (409) while an active contract leases or sells it. */
export async function deleteAsset(db: Db, actor: Actor, id: string): Promise<void> {
  await audited(db, actor, async (w) => {
    const before = await repo.lockAssetInScope(w.tx, id, actor.regionCode);
    if (!before) throw notFound('资产');
    if (await repo.hasActiveContractForAsset(w.tx, id)) throw conflict('该资产仍有履行中的合同，不能删除');
    await repo.updateAsset(w.tx, id, { deletedAt: new Date(), updatedAt: new Date(), updatedBy: actor.userId });
    await w.record({ action: 'assets.asset.delete', entityType: 'asset', entityId: id, regionCode: before.regionCode, before: auditableAsset(before) });
  });
}

// ---------------------------------------------------------------- contracts

async function loadContract(db: DbOrTx, actor: Actor, id: string): Promise<TContract> {
  const row = await repo.getContractInScope(db, id, actor.regionCode);
  if (!row) throw notFound('合同');
  return presentContract(row);
}

export async function getContractById(db: DbOrTx, actor: Actor, id: string): Promise<TContract> {
  return loadContract(db, actor, id);
}

export async function findContracts(db: Db, actor: Actor, q: TContractListQuery): Promise<{ data: TContract[]; total: number }> {
  const { rows, total } = await repo.findContracts(
    db,
    { scopeCode: actor.regionCode, regionCode: q.regionCode, contractType: q.contractType, status: q.status, flagged: q.flagged === undefined ? undefined : q.flagged === 'true', q: q.q },
    { offset: (q.current - 1) * q.pageSize, limit: q.pageSize },
  );
  return { data: rows.map(presentContract), total };
}

/** The business fields of a contract as written by a person or a contracts.csv row. */
export interface ContractFields {
  contractNo: string;
  contractType: TContractType;
  title: string;
  counterpartyName: string;
  counterpartyId: string | null;
  amountFen: number;
  signedDate: string;
  startDate: string | null;
  endDate: string | null;
  procurementMethod: TProcurementMethod | null;
  decisionNo: string | null;
  assetId: string | null;
  status: TContractStatus;
}

export interface ContractWriteOptions {
  /** Manual entry refuses what an import records with a flag (an unknown decision, a bad identity number). */
  mode: 'manual' | 'import';
  provenance?: unknown;
  extra?: Record<string, string> | null;
}

export type ContractWriteOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Creates or updates one contract inside an audited transaction: links the decision of the same
 * village, marks a leased or sold asset, applies ASSET_NO_AUCTION (recorded, flagged, alert raised).
 * Shared by the form and the contracts.csv import so both apply the same rules.
 */
export async function writeContract(
  w: AuditedTx,
  regionCode: string,
  fields: ContractFields,
  existing: repo.ContractRow | null,
  opts: ContractWriteOptions,
): Promise<{ id: string; outcome: ContractWriteOutcome; isFlagged: boolean }> {
  const reasons: string[] = [];
  if (fields.counterpartyId) {
    const problem = counterpartyIdProblem(fields.counterpartyId);
    // A person refuses a bad id as they type it; an import (or a value kept from one) records it, flagged.
    if (problem && opts.mode === 'manual' && fields.counterpartyId !== existing?.counterpartyId) throw validationError('counterpartyId', problem);
    if (problem) reasons.push(problem);
  }
  if (fields.startDate && fields.endDate && fields.endDate < fields.startDate) throw validationError('endDate', '结束日期不能早于开始日期');

  let decisionId: string | null = null;
  if (fields.decisionNo) {
    decisionId = (await repo.findVillageDecision(w.tx, regionCode, fields.decisionNo))?.id ?? null;
    // An import keeps the number as evidence: the decision may be imported later, or be missing (a finding in itself).
    if (!decisionId && opts.mode === 'manual' && fields.decisionNo !== existing?.decisionNo) throw validationError('decisionNo', `本村没有编号为 ${fields.decisionNo} 的决策`);
  }

  const asset = fields.assetId ? await repo.lockAssetInScope(w.tx, fields.assetId, regionCode) : null;
  if (fields.assetId && (!asset || asset.regionCode !== regionCode)) throw validationError('assetId', '资产不存在或不属于本村');

  const threshold = await getSetting(w.tx, ASSET_DISPOSAL_THRESHOLD_FEN, regionCode, fields.signedDate);
  const disposal = disposalFlagReason(fields, threshold);
  if (disposal) reasons.unshift(disposal);

  const values = { ...fields, decisionId, flagged: reasons.length > 0, flagReason: reasons.length ? reasons.join('；') : null };
  const id = existing?.id ?? randomUUID();
  const now = new Date();
  let outcome: ContractWriteOutcome;
  if (!existing) {
    await repo.insertContract(w.tx, {
      id, ...values, source: opts.mode, provenance: opts.provenance ?? null, extra: opts.extra ?? null,
      regionCode, createdBy: w.actor.userId, updatedBy: w.actor.userId,
    });
    await w.record({ action: 'assets.contract.create', entityType: 'contract', entityId: id, regionCode, after: { ...auditableContract(values), provenance: opts.provenance ?? null } });
    outcome = 'created';
  } else {
    const before = auditableContract(existing);
    const after = auditableContract(values);
    const extraChanged = opts.extra !== undefined && JSON.stringify(opts.extra ?? null) !== JSON.stringify(existing.extra ?? null);
    if (JSON.stringify(before) === JSON.stringify(after) && !extraChanged) {
      outcome = 'unchanged';
    } else {
      await repo.updateContract(w.tx, id, {
        ...values,
        ...(opts.mode === 'import' ? { source: 'import' as const, provenance: opts.provenance ?? null } : {}),
        ...(opts.extra !== undefined ? { extra: opts.extra } : {}),
        updatedAt: now,
        updatedBy: w.actor.userId,
      });
      await w.record({ action: 'assets.contract.update', entityType: 'contract', entityId: id, regionCode, before, after: { ...after, ...(opts.mode === 'import' ? { provenance: opts.provenance } : {}) } });
      outcome = 'updated';
    }
  }

  const assetStatus = assetStatusAfter(fields.contractType);
  const today = chinaDate();
  const inForce = fields.status === 'active' && (assetStatus !== 'leased' || !fields.endDate || fields.endDate >= today);
  if (asset && assetStatus && inForce && asset.status !== assetStatus && outcome !== 'unchanged') {
    await repo.updateAsset(w.tx, asset.id, { status: assetStatus, updatedAt: now, updatedBy: w.actor.userId });
    await w.record({
      action: 'assets.asset.update', entityType: 'asset', entityId: asset.id, regionCode,
      before: { status: asset.status }, after: { status: assetStatus, byContract: fields.contractNo },
    });
  }

  // A lease that ended (terminated, completed, or past its end date) gives the asset back: idle,
  // unless another lease of it is still in force.
  if (asset && assetStatus === 'leased' && !inForce && asset.status === 'leased' && outcome !== 'unchanged' && !(await repo.hasCurrentLease(w.tx, asset.id, today, id))) {
    await releaseAsset(w, asset, fields.contractNo);
  }

  if (disposal && outcome !== 'unchanged') {
    await raiseAlert(w, {
      rule: 'ASSET_NO_AUCTION',
      subjectType: 'contract',
      subjectId: fields.contractNo,
      regionCode,
      // The rule has no settled grade in ALERT_RULE_SEVERITY: bypassing the mandatory public trading of collective assets is a breach of procedure, graded like DECISION_ORDER.
      severity: 'red',
      // The sweep's wording for the same contract (the flag reason on the contract keeps the threshold).
      summary: assetNoAuctionSummary(fields),
      evidence: `contracts:${fields.contractNo}`,
    });
  }
  return { id, outcome, isFlagged: values.flagged };
}

/** Sets a leased asset back to idle when its lease ended (audited). */
async function releaseAsset(w: AuditedTx, asset: repo.AssetRow, contractNo: string) {
  await repo.updateAsset(w.tx, asset.id, { status: 'idle', updatedAt: new Date(), updatedBy: w.actor.userId });
  await w.record({
    action: 'assets.asset.update', entityType: 'asset', entityId: asset.id, regionCode: asset.regionCode,
    before: { status: asset.status }, after: { status: 'idle', leaseEndedBy: contractNo },
  });
}

/**
 * The daily pass over leases that ran out: every asset marked leased whose leases on the platform
 * have all ended by `today` (past their end date, terminated or completed) goes back to idle.
 * Returns how many assets were released.
 */
export async function releaseEndedLeases(db: Db, actor: Actor, today = chinaDate()): Promise<number> {
  let released = 0;
  for (const asset of await repo.findAssetsWithEndedLeases(db, today)) {
    await audited(db, actor, async (w) => {
      const locked = await repo.lockAssetInScope(w.tx, asset.id, null);
      if (!locked || locked.status !== 'leased' || (await repo.hasCurrentLease(w.tx, asset.id, today))) return;
      const ended = await repo.lastLeaseOf(w.tx, asset.id);
      await releaseAsset(w, locked, ended ?? '');
      released++;
    });
  }
  return released;
}

/** Records a contract of a village; its number is unique across the platform (409 otherwise), or given by the platform when left out. */
export async function createContract(db: Db, actor: Actor, input: TCreateContractRequest): Promise<TContract> {
  return audited(db, actor, async (w) => {
    const regionCode = await villageFor(w.tx, actor, input.regionCode);
    const contractNo = input.contractNo ?? (await repo.nextContractNo(w.tx, regionCode, input.signedDate.slice(0, 4)));
    if (await repo.lockContractByNo(w.tx, contractNo)) throw conflict(`合同编号 ${contractNo} 已存在`, 'contractNo');
    const { id } = await writeContract(w, regionCode, {
      contractNo,
      contractType: input.contractType,
      title: input.title,
      counterpartyName: input.counterpartyName,
      counterpartyId: input.counterpartyId ? input.counterpartyId.toUpperCase() : null,
      amountFen: input.amountFen,
      signedDate: input.signedDate,
      startDate: input.startDate ?? null,
      endDate: input.endDate ?? null,
      procurementMethod: input.procurementMethod ?? null,
      decisionNo: input.decisionNo || null,
      assetId: input.assetId ?? null,
      status: input.status,
    }, null, { mode: 'manual' });
    return loadContract(w.tx, actor, id);
  });
}

/** Changes a contract; the rules are applied again to the new values (a change may flag it). */
export async function updateContract(db: Db, actor: Actor, id: string, input: TUpdateContractRequest): Promise<TContract> {
  return audited(db, actor, async (w) => {
    const existing = await repo.lockContractInScope(w.tx, id, actor.regionCode);
    if (!existing) throw notFound('合同');
    const pick = <K extends keyof TUpdateContractRequest>(k: K, current: unknown) => (input[k] === undefined ? current : input[k]);
    const fields = {
      contractNo: existing.contractNo,
      contractType: pick('contractType', existing.contractType),
      title: pick('title', existing.title),
      counterpartyName: pick('counterpartyName', existing.counterpartyName),
      counterpartyId: input.counterpartyId === undefined ? existing.counterpartyId : input.counterpartyId ? input.counterpartyId.toUpperCase() : null,
      amountFen: pick('amountFen', existing.amountFen),
      signedDate: pick('signedDate', existing.signedDate),
      startDate: pick('startDate', existing.startDate) ?? null,
      endDate: pick('endDate', existing.endDate) ?? null,
      procurementMethod: pick('procurementMethod', existing.procurementMethod) ?? null,
      decisionNo: input.decisionNo === undefined ? existing.decisionNo : input.decisionNo || null,
      assetId: pick('assetId', existing.assetId) ?? null,
      status: pick('status', existing.status),
    } as ContractFields;
    const paid = await repo.paidFenOf(w.tx, id);
    if (fields.amountFen < paid) throw conflict(`合同金额不能低于已支付金额（已付${paid}分）`, 'amountFen');
    await writeContract(w, existing.regionCode, fields, existing, { mode: 'manual' });
    return loadContract(w.tx, actor, id);
  });
}

// ---------------------------------------------------------------- payments

export async function findContractPayments(db: DbOrTx, actor: Actor, contractId: string): Promise<TContractPayments> {
  const contract = await repo.getContractInScope(db, contractId, actor.regionCode);
  if (!contract) throw notFound('合同');
  const rows = await repo.listPayments(db, [contractId]);
  return { data: rows.map(presentPayment), total: rows.length, amountFen: contract.amountFen, paidFen: contract.paidFen, remainingFen: contract.amountFen - contract.paidFen };
}

/** Records a payment against a contract; refused (409) when the total paid would exceed the contract amount. */
export async function addContractPayment(db: Db, actor: Actor, contractId: string, input: TCreateContractPaymentRequest): Promise<TContractPayments> {
  return audited(db, actor, async (w) => {
    // The lock makes concurrent payments against one contract check the limit one after another.
    const contract = await repo.lockContractInScope(w.tx, contractId, actor.regionCode);
    if (!contract) throw notFound('合同');
    if (input.ledgerEntryId && !(await repo.ledgerEntryInVillage(w.tx, input.ledgerEntryId, contract.regionCode))) {
      throw validationError('ledgerEntryId', '记账凭证不存在或不属于本村');
    }
    const paid = await repo.paidFenOf(w.tx, contractId);
    if (paid + input.amountFen > contract.amountFen) {
      throw conflict(`本次支付后累计支付将超过合同金额：合同金额${contract.amountFen}分，已付${paid}分，最多还可支付${contract.amountFen - paid}分`, 'amountFen');
    }
    const id = randomUUID();
    const row = {
      id, contractId, paidOn: input.paidOn, amountFen: input.amountFen, ledgerEntryId: input.ledgerEntryId ?? null, note: input.note || null,
      regionCode: contract.regionCode, createdBy: actor.userId, updatedBy: actor.userId,
    };
    await repo.insertPayment(w.tx, row);
    await w.record({
      action: 'assets.payment.create', entityType: 'contract_payment', entityId: id, regionCode: contract.regionCode,
      after: { contractNo: contract.contractNo, paidOn: row.paidOn, amountFen: row.amountFen, ledgerEntryId: row.ledgerEntryId, note: row.note, paidFenAfter: paid + row.amountFen },
    });
    return findContractPayments(w.tx, actor, contractId);
  });
}

// ---------------------------------------------------------------- expiring

/**
 * Active contracts whose end date falls within `days` from today (China time), and those already
 * past their end date. `days` defaults to the setting `assets.expiryWarningDays` of the account's district.
 */
export async function findExpiringContracts(db: Db, actor: Actor, q: TExpiringContractsQuery): Promise<TExpiringContracts> {
  const today = chinaDate();
  const settingRegion = q.regionCode ?? actor.regionCode;
  const days = q.days ?? (settingRegion ? await getSetting(db, CONTRACT_EXPIRY_WARNING_DAYS, settingRegion, today) : CONTRACT_EXPIRY_WARNING_DAYS.defaultValue);
  const rows = await repo.findContractsEndingBy(db, { scopeCode: actor.regionCode, regionCode: q.regionCode }, addCalendarDays(today, days));
  const data = rows.map((r) => {
    const daysLeft = dayNumber(r.endDate!) - dayNumber(today);
    return { ...presentContract(r), daysLeft, isOverdue: daysLeft < 0 };
  });
  return { data, total: data.length, days };
}

// ---------------------------------------------------------------- portal

/** The register and contracts of a village as villagers see them (no identity numbers; persons masked). */
export async function getPublicAssets(db: Db, village: string): Promise<TPublicAssets> {
  const v = await getPublicVillage(db, village);
  if (!v) throw notFound('村庄');
  const [assetRows, contractRows] = await Promise.all([repo.listVillageAssets(db, village), repo.listVillageContracts(db, village)]);
  return presentPublicAssets({ code: v.code, name: v.name }, assetRows, contractRows);
}
