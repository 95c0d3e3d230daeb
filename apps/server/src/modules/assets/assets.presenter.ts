import type { TAsset, TContract, TContractPayment, TPublicAssets } from '@mpw/contracts';
import type { AssetRow, AssetViewRow, ContractRow, ContractViewRow, PaymentRow } from './assets.repository.js';
import { isPersonCounterparty, maskPersonName } from './assets.policy.js';

export function presentAsset(row: AssetViewRow): TAsset {
  return {
    id: row.id,
    regionCode: row.regionCode,
    regionName: row.regionName ?? row.regionCode,
    assetNo: row.assetNo,
    kind: row.kind,
    name: row.name,
    location: row.location,
    quantity: row.quantity,
    unit: row.unit,
    valueFen: row.valueFen,
    status: row.status,
    acquiredOn: row.acquiredOn,
    notes: row.notes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of an asset (before/after of a change). */
export function auditableAsset(a: Pick<AssetRow, 'assetNo' | 'kind' | 'name' | 'location' | 'quantity' | 'unit' | 'valueFen' | 'status' | 'acquiredOn' | 'notes'>) {
  return { assetNo: a.assetNo, kind: a.kind, name: a.name, location: a.location, quantity: a.quantity, unit: a.unit, valueFen: a.valueFen, status: a.status, acquiredOn: a.acquiredOn, notes: a.notes };
}

export function presentContract(row: ContractViewRow): TContract {
  return {
    id: row.id,
    regionCode: row.regionCode,
    regionName: row.regionName ?? row.regionCode,
    contractNo: row.contractNo,
    contractType: row.contractType,
    title: row.title,
    counterpartyName: row.counterpartyName,
    counterpartyId: row.counterpartyId,
    amountFen: row.amountFen,
    signedDate: row.signedDate,
    startDate: row.startDate,
    endDate: row.endDate,
    procurementMethod: row.procurementMethod,
    decisionNo: row.decisionNo,
    decisionId: row.decisionId,
    assetId: row.assetId,
    status: row.status,
    isFlagged: row.flagged,
    flagReason: row.flagReason,
    paidFen: row.paidFen,
    remainingFen: row.amountFen - row.paidFen,
    source: row.source,
    provenance: row.provenance ?? null,
    extra: (row.extra as Record<string, string> | null) ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a contract (identity numbers are masked by the audit log itself). */
export function auditableContract(c: Omit<ContractRow, 'id' | 'regionCode' | 'createdBy' | 'createdAt' | 'updatedBy' | 'updatedAt' | 'deletedAt' | 'provenance' | 'extra' | 'source'>) {
  return {
    contractNo: c.contractNo, contractType: c.contractType, title: c.title, counterpartyName: c.counterpartyName, counterpartyId: c.counterpartyId,
    amountFen: c.amountFen, signedDate: c.signedDate, startDate: c.startDate, endDate: c.endDate, procurementMethod: c.procurementMethod,
    decisionNo: c.decisionNo, decisionId: c.decisionId, assetId: c.assetId, status: c.status, flagged: c.flagged, flagReason: c.flagReason,
  };
}

export function presentPayment(p: PaymentRow): TContractPayment {
  return { id: p.id, contractId: p.contractId, paidOn: p.paidOn, amountFen: p.amountFen, ledgerEntryId: p.ledgerEntryId, note: p.note, createdAt: p.createdAt.toISOString() };
}

/** The portal's view: organisations by name, persons masked; never an identity number or credit code. */
export function presentPublicAssets(village: { code: string; name: string }, assetRows: AssetRow[], contractRows: ContractRow[]): TPublicAssets {
  return {
    village,
    assets: assetRows.map((a) => ({ assetNo: a.assetNo, kind: a.kind, name: a.name, location: a.location, quantity: a.quantity, unit: a.unit, status: a.status, valueFen: a.valueFen })),
    contracts: contractRows.map((c) => ({
      contractNo: c.contractNo,
      contractType: c.contractType,
      title: c.title,
      counterpartyName: isPersonCounterparty(c.counterpartyName, c.counterpartyId) ? maskPersonName(c.counterpartyName) : c.counterpartyName,
      amountFen: c.amountFen,
      signedDate: c.signedDate,
      startDate: c.startDate,
      endDate: c.endDate,
      procurementMethod: c.procurementMethod,
      status: c.status,
      isFlagged: c.flagged,
    })),
  };
}
