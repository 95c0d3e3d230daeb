import type { Db } from '@mpw/db';
import { CONTRACT_TYPES, isCalendarDate, isWithinRegion, PROCUREMENT_METHODS, regionLevelOf, type TContractImportReport, type TContractType, type TProcurementMethod } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode } from '../../lib/errors.js';
import { normalizeHeader, parseCsv, type ColumnSpec } from '../../lib/csv.js';
import { audited } from '../audit/audit.log.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import * as repo from './assets.repository.js';
import { writeContract, type ContractFields } from './assets.service.js';

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
 * Imports contracts.csv in one audited transaction: upsert by contract_id (a re-import updates,
 * never duplicates), provenance {file, line, importedBy, importedAt}, every rejected row reported
 * with its line and reason; with `strict`, nothing is imported if any row is rejected. The
 * ASSET_NO_AUCTION rule applies as on the form: such rows are recorded, flagged, and alerted.
 */
export async function importContracts(db: Db, actor: Actor, file: Buffer | string, opts: { strict?: boolean; fileName?: string } = {}): Promise<TContractImportReport> {
  const { rows, missingColumns } = parseCsv(file, CONTRACT_COLUMNS);
  if (missingColumns.length) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, { message: `文件缺少列：${missingColumns.join('、')}`, details: missingColumns.map((c) => ({ path: c, message: '缺少此列' })) });
  }
  const report: TContractImportReport = { read: rows.length, created: 0, updated: 0, unchanged: 0, flagged: 0, aborted: false, rejected: [] };
  const good: Parsed[] = [];
  const firstLine = new Map<string, number>();
  for (const r of rows) {
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
    good.push({ line: r.line, regionCode: p.regionCode, fields: p.fields, hasTerm: { start: !!r.values.start_date?.trim(), end: !!r.values.end_date?.trim() }, extra: r.extra });
  }

  const importedAt = new Date().toISOString();
  const villages = new Map<string, boolean>();
  await audited(db, actor, async (w) => {
    for (const g of good) {
      if (!villages.has(g.regionCode)) {
        const region = actor.regionCode && !isWithinRegion(g.regionCode, actor.regionCode) ? null : await getRegionInScope(w.tx, g.regionCode, actor.regionCode);
        villages.set(g.regionCode, !!region && region.level === 'village');
      }
      if (!villages.get(g.regionCode)) {
        report.rejected.push({ line: g.line, reason: `村代码 ${g.regionCode} 不存在或不在本账号管辖范围内` });
        continue;
      }
      const existing = await repo.lockContractByNo(w.tx, g.fields.contractNo);
      if (existing && (existing.deletedAt || existing.regionCode !== g.regionCode)) {
        report.rejected.push({ line: g.line, reason: `合同编号 ${g.fields.contractNo} 已属于其他村` });
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
      const provenance = { file: opts.fileName ?? 'contracts.csv', line: g.line, importedBy: actor.username ?? actor.kind, importedAt };
      // Extra columns are kept; a later file without a column (or with the cell empty) leaves its value as it was.
      const merged = { ...((existing?.extra as Record<string, string> | null) ?? {}), ...Object.fromEntries(Object.entries(g.extra).filter(([, x]) => x.trim() !== '')) };
      const extra = Object.keys(merged).length ? merged : null;
      const r = await writeContract(w, g.regionCode, fields, existing, { mode: 'import', provenance, extra });
      report[r.outcome]++;
      if (r.isFlagged) report.flagged++;
    }
    if (opts.strict && report.rejected.length) throw new StrictImportAbort();
    await w.record({
      action: 'assets.contract.import', entityType: 'contract_import', entityId: null,
      after: { file: opts.fileName ?? 'contracts.csv', read: report.read, created: report.created, updated: report.updated, unchanged: report.unchanged, flagged: report.flagged, rejected: report.rejected.length },
    });
  }).catch((err) => {
    if (!(err instanceof StrictImportAbort)) throw err;
    report.created = report.updated = report.unchanged = report.flagged = 0;
    report.aborted = true;
  });
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}
