import { randomUUID } from 'node:crypto';
import type { Db } from '@mpw/db';
import { CONTRACT_TYPES, isCalendarDate, isWithinRegion, PROCUREMENT_METHODS, regionLevelOf, type TContractImportReport, type TContractType, type TProcurementMethod } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { normalizeHeader, type ColumnSpec } from '../../lib/csv.js';
import { audited, type AuditEntry, type AuditedTx } from '../audit/audit.log.js';
import { raiseAlert } from '../alerts/alerts.service.js';
import { assetNoAuctionSummary } from '../alerts/rules/books.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { once, readRowBatches, SettingOnDates, type ImportInput, type ModuleImportOptions } from '../books/books.import-rows.js';
import * as repo from './assets.repository.js';
import { writeContract, type ContractFields, type ContractWriteOutcome } from './assets.service.js';
import { ASSET_DISPOSAL_THRESHOLD_FEN } from './assets.settings.js';
import { counterpartyIdProblem, disposalFlagReason } from './assets.policy.js';
import { auditableContract } from './assets.presenter.js';

/**
 * contracts.csv (shared/spec/data-exchange.md). `start_date` and `end_date` are optional columns
 * this platform adds (the spec allows optional columns): without them, the term stays as it was.
 */
export const CONTRACT_COLUMNS: ColumnSpec[] = [
  { key: 'contract_id', zh: '合同编号' },
  { key: 'village_code', zh: '村代码' },
  { key: 'contract_type', zh: '合同类型' },
  { key: 'title', zh: '合同名称' },
  { key: 'counterparty_name', zh: '相对方' },
  { key: 'counterparty_id', zh: '相对方证件号', required: false },
  { key: 'amount', zh: '合同金额' },
  { key: 'signed_date', zh: '签订日期' },
  { key: 'procurement_method', zh: '交易方式', required: false },
  { key: 'decision_id', zh: '决策编号', required: false },
  { key: 'start_date', zh: '开始日期', required: false },
  { key: 'end_date', zh: '结束日期', required: false },
];

/** `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYYMMDD` (one-digit month and day accepted with separators) → YYYY-MM-DD, or null. */
export function parseDate(text: string): string | null {
  const t = text.trim();
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isCalendarDate(iso) ? iso : null;
}

/** Yuan with up to two decimals → integer fen, exactly (no floating point); thousands separators allowed. */
export function parseYuan(text: string): number | null {
  const t = text.normalize('NFKC').replace(/,/g, '').trim();
  const m = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const oneOf = <T extends string>(list: readonly T[], text: string): T | null => {
  const t = normalizeHeader(text);
  return list.find((x) => normalizeHeader(x) === t) ?? null;
};

type Parsed = { line: number; regionCode: string; fields: Omit<ContractFields, 'assetId' | 'status'>; hasTerm: { start: boolean; end: boolean }; extra: Record<string, string> };

/** One row → the contract's fields, or why the row is rejected. Village existence and scope are checked later. */
function parseRow(values: Record<string, string>): { fields: Parsed['fields']; regionCode: string } | { reason: string } {
  const v = (k: string) => (values[k] ?? '').normalize('NFKC').trim();
  const contractNo = v('contract_id');
  if (!contractNo) return { reason: '合同编号（contract_id）不能为空' };
  if (contractNo.length > 60) return { reason: '合同编号不能超过60个字符' };
  const regionCode = v('village_code');
  if (!/^\d{12}$/.test(regionCode) || regionLevelOf(regionCode) !== 'village') return { reason: `村代码“${regionCode}”应为12位村级区划代码` };
  const contractType = oneOf<TContractType>(CONTRACT_TYPES, v('contract_type'));
  if (!contractType) return { reason: `合同类型“${v('contract_type')}”无法识别（应为 ${CONTRACT_TYPES.join('、')}）` };
  const title = (values.title ?? '').trim();
  if (!title) return { reason: '合同名称不能为空' };
  if (title.length > 200) return { reason: '合同名称不能超过200个字' };
  const counterpartyName = (values.counterparty_name ?? '').trim();
  if (!counterpartyName) return { reason: '相对方不能为空' };
  if (counterpartyName.length > 100) return { reason: '相对方不能超过100个字' };
  const counterpartyId = v('counterparty_id').toUpperCase() || null;
  if (counterpartyId && counterpartyId.length > 40) return { reason: '相对方证件号过长' };
  const amountFen = parseYuan(v('amount'));
  if (amountFen === null) return { reason: `合同金额“${v('amount')}”应为不超过两位小数的元金额` };
  const signedDate = parseDate(v('signed_date'));
  if (!signedDate) return { reason: `签订日期“${v('signed_date')}”不是有效日期（YYYY-MM-DD、YYYY/MM/DD 或 YYYYMMDD）` };
  let procurementMethod: TProcurementMethod | null = null;
  if (v('procurement_method')) {
    procurementMethod = oneOf<TProcurementMethod>(PROCUREMENT_METHODS, v('procurement_method'));
    if (!procurementMethod) return { reason: `交易方式“${v('procurement_method')}”无法识别（应为 ${PROCUREMENT_METHODS.join('、')}）` };
  }
  const startDate = v('start_date') ? parseDate(v('start_date')) : null;
  if (v('start_date') && !startDate) return { reason: `开始日期“${v('start_date')}”不是有效日期` };
  const endDate = v('end_date') ? parseDate(v('end_date')) : null;
  if (v('end_date') && !endDate) return { reason: `结束日期“${v('end_date')}”不是有效日期` };
  if (startDate && endDate && endDate < startDate) return { reason: '结束日期不能早于开始日期' };
  const decisionNo = v('decision_id') || null;
  return { regionCode, fields: { contractNo, contractType, title, counterpartyName, counterpartyId, amountFen, signedDate, procurementMethod, decisionNo, startDate, endDate } };
}

class StrictImportAbort extends Error {}

/**
 * Imports contracts.csv (or the same dataset as XLSX or JSON) in one audited transaction: upsert
 * by contract_id (a re-import updates, never duplicates), provenance {importId, file, line,
 * importedBy, importedAt}, every rejected row reported with its line and reason; with `strict`,
 * nothing is imported if any row is rejected. The ASSET_NO_AUCTION rule applies as on the form:
 * such rows are recorded, flagged, and alerted.
 *
 * The file is read as a stream, IMPORT_BATCH_ROWS rows at a time: a batch's contracts are locked
 * and read with one query, its decisions looked up with another, and it is written with one
 * INSERT, one UPDATE and one append of audit events. A contract linked to an asset (on the form)
 * goes through writeContract one by one, since the asset's status may follow it.
 */
export async function importContracts(db: Db, actor: Actor, file: ImportInput, opts: ModuleImportOptions = {}): Promise<TContractImportReport> {
  const report: TContractImportReport = { read: 0, created: 0, updated: 0, unchanged: 0, flagged: 0, aborted: false, rejected: [] };
  const ctx: ContractWriteContext = {
    file: opts.fileName ?? 'contracts.csv',
    importId: opts.importId ?? randomUUID(),
    importedAt: new Date().toISOString(),
    threshold: new SettingOnDates(ASSET_DISPOSAL_THRESHOLD_FEN),
    villages: opts.villages,
  };
  await audited(
    db,
    actor,
    once(async (w) => {
      const firstLine = new Map<string, number>();
      const villages = new Map<string, boolean>();
      for await (const rows of readRowBatches(file, CONTRACT_COLUMNS, { format: opts.format, batchRows: opts.batchRows })) {
        const good: Parsed[] = [];
        for (const r of rows) {
          report.read++;
          const p = parseRow(r.values);
          if ('reason' in p) {
            report.rejected.push({ line: r.line, reason: p.reason });
            continue;
          }
          const earlier = firstLine.get(p.fields.contractNo);
          if (earlier !== undefined) {
            report.rejected.push({ line: r.line, reason: `合同编号 ${p.fields.contractNo} 与第${earlier}行重复` });
            continue;
          }
          firstLine.set(p.fields.contractNo, r.line);
          if (!villages.has(p.regionCode)) {
            const region = actor.regionCode && !isWithinRegion(p.regionCode, actor.regionCode) ? null : await getRegionInScope(w.tx, p.regionCode, actor.regionCode);
            villages.set(p.regionCode, !!region && region.level === 'village');
          }
          if (!villages.get(p.regionCode)) {
            report.rejected.push({ line: r.line, reason: `村代码 ${p.regionCode} 不存在或不在本账号管辖范围内` });
            continue;
          }
          good.push({ line: r.line, regionCode: p.regionCode, fields: p.fields, hasTerm: { start: !!r.values.start_date?.trim(), end: !!r.values.end_date?.trim() }, extra: r.extra });
        }
        // Strict mode writes on (so that the checks against stored rows report every bad row) and rolls back at the end.
        for (const [i, o] of (await writeBatch(w, good, ctx)).entries()) {
          if ('reason' in o) report.rejected.push({ line: good[i]!.line, reason: o.reason });
          else {
            report[o.outcome]++;
            if (o.isFlagged) report.flagged++;
          }
        }
      }
      if (opts.strict && report.rejected.length) throw new StrictImportAbort();
      await w.record({
        action: 'assets.contract.import', entityType: 'contract_import', entityId: ctx.importId,
        after: { file: ctx.file, read: report.read, created: report.created, updated: report.updated, unchanged: report.unchanged, flagged: report.flagged, rejected: report.rejected.length },
      });
    }),
  ).catch((err) => {
    if (!(err instanceof StrictImportAbort)) throw err;
    report.created = report.updated = report.unchanged = report.flagged = 0;
    report.aborted = true;
    opts.villages?.clear();
  });
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}

interface ContractWriteContext {
  file: string;
  importId: string;
  importedAt: string;
  /** The asset-disposal threshold in force on a date (writeContract's). */
  threshold: SettingOnDates<number>;
  villages?: Set<string>;
}

type RowOutcome = { outcome: ContractWriteOutcome; isFlagged: boolean } | { reason: string };

/**
 * One batch of checked rows, with writeContract's rules in import mode (a bad counterparty id and
 * an unknown decision are kept as evidence; ASSET_NO_AUCTION flags and alerts); each row's outcome, in order.
 */
async function writeBatch(w: AuditedTx, good: Parsed[], ctx: ContractWriteContext): Promise<RowOutcome[]> {
  if (good.length === 0) return [];
  const existingByNo = new Map((await repo.lockContractsByNos(w.tx, good.map((g) => g.fields.contractNo))).map((c) => [c.contractNo, c]));
  const decisionIds = await repo.findVillageDecisions(
    w.tx,
    [...new Map(good.filter((g) => g.fields.decisionNo).map((g) => [`${g.regionCode}/${g.fields.decisionNo}`, { village: g.regionCode, decisionNo: g.fields.decisionNo! }])).values()],
  );
  const outcomes: RowOutcome[] = new Array(good.length);
  const inserts: repo.ImportedContract[] = [];
  const updates: repo.ImportedContract[] = [];
  const events: AuditEntry[] = [];
  const alerts: { regionCode: string; fields: ContractFields }[] = [];
  for (const [i, g] of good.entries()) {
    const existing = existingByNo.get(g.fields.contractNo);
    if (existing && (existing.deletedAt || existing.regionCode !== g.regionCode)) {
      outcomes[i] = { reason: `合同编号 ${g.fields.contractNo} 已属于其他村` };
      continue;
    }
    const fields: ContractFields = {
      ...g.fields,
      // A file without the term columns leaves the term recorded on the form as it was.
      startDate: g.hasTerm.start ? g.fields.startDate : (existing?.startDate ?? null),
      endDate: g.hasTerm.end ? g.fields.endDate : (existing?.endDate ?? null),
      assetId: existing?.assetId ?? null,
      status: existing?.status ?? 'active',
    };
    if (fields.startDate && fields.endDate && fields.endDate < fields.startDate) {
      outcomes[i] = { reason: '结束日期不能早于开始日期' };
      continue;
    }
    const provenance = { importId: ctx.importId, file: ctx.file, line: g.line, importedBy: w.actor.username ?? w.actor.kind, importedAt: ctx.importedAt };
    // Extra columns are kept; a later file without a column (or with the cell empty) leaves its value as it was.
    const merged = { ...((existing?.extra as Record<string, string> | null) ?? {}), ...Object.fromEntries(Object.entries(g.extra).filter(([, x]) => x.trim() !== '')) };
    const extra = Object.keys(merged).length ? merged : null;
    if (existing?.assetId) {
      // The asset's status may follow the contract: the form's path, one contract at a time.
      const r = await writeContract(w, g.regionCode, fields, existing, { mode: 'import', provenance, extra });
      if (r.outcome !== 'unchanged') ctx.villages?.add(g.regionCode);
      outcomes[i] = { outcome: r.outcome, isFlagged: r.isFlagged };
      continue;
    }
    const reasons: string[] = [];
    const idProblem = fields.counterpartyId ? counterpartyIdProblem(fields.counterpartyId) : null;
    if (idProblem) reasons.push(idProblem);
    const disposal = disposalFlagReason(fields, await ctx.threshold.get(w.tx, g.regionCode, fields.signedDate));
    if (disposal) reasons.unshift(disposal);
    const values = {
      ...fields,
      decisionId: fields.decisionNo ? (decisionIds.get(`${g.regionCode}/${fields.decisionNo}`) ?? null) : null,
      flagged: reasons.length > 0,
      flagReason: reasons.length ? reasons.join('；') : null,
    };
    const row: repo.ImportedContract = { id: existing?.id ?? randomUUID(), ...values, provenance, extra, regionCode: g.regionCode };
    if (!existing) {
      inserts.push(row);
      events.push({ action: 'assets.contract.create', entityType: 'contract', entityId: row.id, regionCode: g.regionCode, after: { ...auditableContract(values), provenance } });
      outcomes[i] = { outcome: 'created', isFlagged: values.flagged };
    } else {
      const before = auditableContract(existing);
      const after = auditableContract(values);
      if (JSON.stringify(before) === JSON.stringify(after) && JSON.stringify(extra) === JSON.stringify(existing.extra ?? null)) {
        outcomes[i] = { outcome: 'unchanged', isFlagged: values.flagged };
        continue;
      }
      updates.push(row);
      events.push({ action: 'assets.contract.update', entityType: 'contract', entityId: row.id, regionCode: g.regionCode, before, after: { ...after, provenance } });
      outcomes[i] = { outcome: 'updated', isFlagged: values.flagged };
    }
    ctx.villages?.add(g.regionCode);
    if (disposal) alerts.push({ regionCode: g.regionCode, fields });
  }
  await repo.writeImportedContracts(w.tx, inserts, updates, w.actor.userId);
  await w.recordMany(events);
  for (const a of alerts) await raiseAssetNoAuction(w, a.regionCode, a.fields);
  return outcomes;
}

/** ASSET_NO_AUCTION for an imported contract, worded and graded as writeContract raises it. */
async function raiseAssetNoAuction(w: AuditedTx, regionCode: string, fields: ContractFields) {
  await raiseAlert(w, {
    rule: 'ASSET_NO_AUCTION',
    subjectType: 'contract',
    subjectId: fields.contractNo,
    regionCode,
    severity: 'red',
    summary: assetNoAuctionSummary(fields),
    evidence: `contracts:${fields.contractNo}`,
  });
}
