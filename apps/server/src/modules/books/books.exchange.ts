import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@mpw/db';
import { accountForCategory, isCalendarDate, isWithinRegion, type TLedgerImportReport } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound } from '../../lib/errors.js';
import { parseCsv, type ColumnSpec } from '../../lib/csv.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import { formatCsv } from '../../lib/csv.js';
import { fenToYuan } from '../decisions/decisions.export.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import * as repo from './books.repository.js';
import { checkCounterpartyId, periodOf } from './books.policy.js';
import { auditableEntry } from './books.presenter.js';
import { checkLargeExpense, raiseLargeExpenseAlert } from './books.service.js';

/** ledger.csv (shared/spec/data-exchange.md): columns in order, with their Chinese headers. */
export const LEDGER_COLUMNS: ColumnSpec[] = [
  { key: 'entry_id', zh: '凭证流水号' },
  { key: 'village_code', zh: '村代码' },
  { key: 'entry_date', zh: '记账日期' },
  { key: 'direction', zh: '收支' },
  { key: 'amount', zh: '金额' },
  { key: 'category', zh: '科目' },
  { key: 'counterparty_name', zh: '对方单位或个人', required: false },
  { key: 'counterparty_id', zh: '对方证件号', required: false },
  { key: 'description', zh: '摘要', required: false },
  { key: 'decision_id', zh: '决策编号', required: false },
];
export const LEDGER_CSV_COLUMNS = LEDGER_COLUMNS.map((c) => c.key);

const DIRECTION_WORDS: Record<string, 'income' | 'expense'> = { income: 'income', expense: 'expense', 收入: 'income', 支出: 'expense', 收: 'income', 支: 'expense' };

/** `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYYMMDD` → ISO date, or null. */
export function parseDate(s: string): string | null {
  const m = /^(\d{4})[-/]?(\d{1,2})[-/]?(\d{1,2})$/.exec(s.trim());
  if (!m) return null;
  if (!/[-/]/.test(s) && s.trim().length !== 8) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isCalendarDate(iso) ? iso : null;
}

/** Yuan with up to two decimals → integer fen, exactly; thousands separators allowed. */
export function yuanToFen(s: string): number | null {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s.trim().replace(/[,，]/g, ''));
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

interface GoodRow {
  line: number;
  entryNo: string;
  regionCode: string;
  entryDate: string;
  direction: 'income' | 'expense';
  amountFen: number;
  category: string;
  accountCode: string | null;
  counterpartyName: string | null;
  counterpartyId: string | null;
  idProblem: string | null;
  description: string | null;
  decisionNo: string | null;
  extra: Record<string, string> | null;
}

class StrictImportAbort extends Error {}

/**
 * Imports ledger.csv: rows are upserted by entry_id (凭证流水号) as final entries with source
 * 'import' and their provenance; every bad row is reported with its line and reason; all good
 * rows commit in one transaction, or with `strict` nothing does if any row is bad. A bad
 * counterparty id is kept (evidence) but flagged; a large expense without a passed decision is
 * kept, flagged, and raises UNAPPROVED_LARGE_EXPENSE. Rows of a closed month, of another
 * village or of a manually kept entry are rejected unless they change nothing.
 */
export async function importLedgerCsv(db: Db, actor: Actor, file: Buffer | string, opts: { strict?: boolean; fileName?: string } = {}): Promise<TLedgerImportReport> {
  const { rows, missingColumns } = parseCsv(file, LEDGER_COLUMNS);
  if (missingColumns.length) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, { message: `文件缺少列：${missingColumns.join('、')}`, details: missingColumns.map((c) => ({ path: c, message: '缺少此列' })) });
  }
  const report: TLedgerImportReport = { read: rows.length, created: 0, updated: 0, unchanged: 0, rejected: [] };
  const reject = (line: number, reason: string) => report.rejected.push({ line, reason });
  const villages = new Map<string, boolean>();
  const seen = new Map<string, number>();
  const good: GoodRow[] = [];
  for (const r of rows) {
    const v = r.values;
    const entryNo = v.entry_id ?? '';
    const regionCode = v.village_code ?? '';
    const entryDate = parseDate(v.entry_date ?? '');
    const direction = DIRECTION_WORDS[(v.direction ?? '').toLowerCase()];
    const amountFen = yuanToFen(v.amount ?? '');
    const category = v.category ?? '';
    let problem =
      (!entryNo ? '凭证流水号不能为空' : entryNo.length > 64 ? '凭证流水号不能超过64个字符' : null) ??
      (seen.has(entryNo) ? `凭证流水号与第${seen.get(entryNo)}行重复` : null) ??
      (!/^\d{12}$/.test(regionCode) ? `村代码“${regionCode}”应为12位数字` : null) ??
      (actor.regionCode && !isWithinRegion(regionCode, actor.regionCode) ? '不在本账号管辖范围内' : null) ??
      (!entryDate ? `记账日期“${v.entry_date ?? ''}”无法识别（应为YYYY-MM-DD、YYYY/MM/DD或YYYYMMDD）` : null) ??
      (!direction ? `收支“${v.direction ?? ''}”无法识别（应为 income/expense 或 收入/支出）` : null) ??
      (amountFen === null ? `金额“${v.amount ?? ''}”应为元，最多两位小数` : amountFen <= 0 ? '金额必须大于0' : null) ??
      (!category ? '科目不能为空' : null);
    if (!problem) {
      if (!villages.has(regionCode)) villages.set(regionCode, (await getRegionInScope(db, regionCode, actor.regionCode))?.level === 'village');
      if (!villages.get(regionCode)) problem = `村代码 ${regionCode} 不是已登记的村`;
    }
    if (entryNo && !seen.has(entryNo)) seen.set(entryNo, r.line);
    if (problem) {
      reject(r.line, problem);
      continue;
    }
    const id = v.counterparty_id ? checkCounterpartyId(v.counterparty_id) : null;
    good.push({
      line: r.line,
      entryNo,
      regionCode,
      entryDate: entryDate!,
      direction: direction!,
      amountFen: amountFen!,
      category,
      accountCode: accountForCategory(category),
      counterpartyName: v.counterparty_name || null,
      counterpartyId: id?.value ?? null,
      idProblem: id?.problem ?? null,
      description: v.description || null,
      decisionNo: v.decision_id || null,
      extra: Object.keys(r.extra).length ? r.extra : null,
    });
  }
  const importedAt = new Date().toISOString();
  await audited(db, actor, async (w) => {
    for (const g of good) {
      const outcome = await upsertRow(w, g, { file: opts.fileName ?? 'ledger.csv', importedAt });
      if (typeof outcome === 'string') report[outcome]++;
      else reject(g.line, outcome.reason);
    }
    if (opts.strict && report.rejected.length) throw new StrictImportAbort();
    await w.record({ action: 'books.import', entityType: 'ledger_import', entityId: null, after: { file: opts.fileName ?? 'ledger.csv', read: report.read, created: report.created, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected.length } });
  }).catch((err) => {
    if (!(err instanceof StrictImportAbort)) throw err;
    report.created = report.updated = report.unchanged = 0;
  });
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}

/** jsonb does not keep key order, so attributes are compared key by key. */
function sameAttributes(a: Record<string, string> | null, b: Record<string, string> | null): boolean {
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b ?? {}).length && ka.every((k) => (a ?? {})[k] === (b ?? {})[k]);
}

const SAME_FIELDS = ['regionCode', 'entryDate', 'direction', 'amountFen', 'category', 'accountCode', 'counterpartyName', 'counterpartyId', 'description', 'decisionNo'] as const;

async function upsertRow(w: AuditedTx, g: GoodRow, file: { file: string; importedAt: string }): Promise<'created' | 'updated' | 'unchanged' | { reason: string }> {
  const existing = await repo.lockEntryByNo(w.tx, g.entryNo);
  const sameData = existing && SAME_FIELDS.every((k) => existing[k] === g[k]);
  if (existing && existing.deletedAt) return { reason: '该凭证流水号的凭证已删除' };
  // Entry numbers are unique across the deployment: a number already used by another village is not taken over.
  if (existing && existing.regionCode !== g.regionCode) return { reason: '该凭证流水号已被其他村的凭证使用' };
  // A manual entry keeps the account its accountant chose; its exported row reads back unchanged.
  const sameManual = existing && existing.status === 'final' && SAME_FIELDS.every((k) => k === 'accountCode' || existing[k] === g[k]);
  if (existing && existing.source === 'manual') return sameManual ? 'unchanged' : { reason: '该凭证流水号是平台内录入的凭证，不能被导入覆盖；如有错误请做冲销凭证' };
  // Extra attributes accumulate: a file without a column (e.g. our own export) does not erase them.
  const extra = existing?.extra || g.extra ? { ...((existing?.extra as Record<string, string> | null) ?? {}), ...(g.extra ?? {}) } : null;
  if (sameData && sameAttributes(existing!.extra as Record<string, string> | null, extra)) return 'unchanged';
  const period = periodOf(g.entryDate);
  for (const [village, p] of existing ? [[existing.regionCode, existing.period], [g.regionCode, period]] : [[g.regionCode, period]]) {
    await repo.lockPeriod(w.tx, village!, p!);
    const closing = await repo.getClosing(w.tx, village!, p!);
    if (closing && closing.reopenedAt === null) return { reason: `${p}已结账，不能导入或更改该月的凭证` };
  }
  const large = await checkLargeExpense(w.tx, g, { manual: false });
  const flagReasons = [g.idProblem, large.flagReason].filter((x): x is string => !!x);
  const now = new Date();
  const fields = {
    entryDate: g.entryDate,
    period,
    direction: g.direction,
    amountFen: g.amountFen,
    accountCode: g.accountCode,
    category: g.category,
    counterpartyName: g.counterpartyName,
    counterpartyId: g.counterpartyId,
    description: g.description,
    decisionNo: g.decisionNo,
    decisionId: large.decisionId,
    status: 'final' as const,
    flagged: flagReasons.length > 0,
    flagReason: flagReasons.length ? flagReasons.join('；') : null,
    source: 'import' as const,
    provenance: { file: file.file, line: g.line, importedBy: w.actor.username ?? w.actor.kind, importedAt: file.importedAt },
    extra,
    regionCode: g.regionCode,
    updatedAt: now,
    updatedBy: w.actor.userId,
  };
  const id = existing?.id ?? randomUUID();
  const row = { id, entryNo: g.entryNo, contractId: null, reviewedBy: null, reviewNote: null, reversesEntryId: existing?.reversesEntryId ?? null, reversedByEntryId: existing?.reversedByEntryId ?? null, ...fields };
  if (existing) await repo.updateEntry(w.tx, id, fields);
  else await repo.insertEntry(w.tx, { ...row, createdBy: w.actor.userId });
  await w.record({
    action: existing ? 'books.entry.import_update' : 'books.entry.import',
    entityType: 'ledger_entry',
    entityId: id,
    regionCode: g.regionCode,
    before: existing ? auditableEntry(existing) : undefined,
    after: auditableEntry(row),
  });
  if (large.flagReason) await raiseLargeExpenseAlert(w, { ...g }, large.flagReason);
  return existing ? 'updated' : 'created';
}

/**
 * ledger.csv of the final entries in scope (drafts and entries under review are not books yet).
 * A reversing entry appears as what it is: the opposite direction, amount positive.
 */
export async function exportLedgerCsv(db: DbOrTx, opts: { regionCode?: string; scopeCode?: string | null } = {}): Promise<string> {
  if (opts.regionCode && opts.scopeCode && !isWithinRegion(opts.regionCode, opts.scopeCode)) throw notFound('区划');
  const rows = await repo.entriesForExport(db, { scopeCode: opts.scopeCode ?? null, regionCode: opts.regionCode });
  return formatCsv(
    LEDGER_CSV_COLUMNS,
    rows.map((r) => [r.entryNo, r.regionCode, r.entryDate, r.direction, fenToYuan(r.amountFen), r.category, r.counterpartyName, r.counterpartyId, r.description, r.decisionNo]),
  );
}
