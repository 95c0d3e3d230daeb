import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@mpw/db';
import { accountForCategory, isCalendarDate, isWithinRegion, type TLedgerImportReport } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { notFound } from '../../lib/errors.js';
import { formatCsv, type ColumnSpec, type CsvRow } from '../../lib/csv.js';
import { audited, type AuditEntry, type AuditedTx } from '../audit/audit.log.js';
import { fenToYuan } from '../decisions/decisions.export.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import * as repo from './books.repository.js';
import { checkCounterpartyId, periodOf } from './books.policy.js';
import { auditableEntry } from './books.presenter.js';
import { raiseLargeExpenseAlert } from './books.service.js';
import { LARGE_EXPENSE_THRESHOLD_FEN } from './books.settings.js';
import { once, readRowBatches, SettingOnDates, type ImportInput, type ModuleImportOptions } from './books.import-rows.js';

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
 * Imports ledger.csv (or the same dataset as XLSX or JSON): rows are upserted by entry_id
 * (凭证流水号) as final entries with source 'import' and their provenance (import, file, line,
 * who, when); every bad row is reported with its line and reason; all good rows commit in one
 * transaction, or with `strict` nothing does if any row is bad. A bad counterparty id is kept
 * (evidence) but flagged; a large expense without a passed decision is kept, flagged, and raises
 * UNAPPROVED_LARGE_EXPENSE. Rows of a closed month, of another village or of a manually kept
 * entry are rejected unless they change nothing.
 *
 * The file is read as a stream and written IMPORT_BATCH_ROWS rows at a time: the existing
 * entries of a batch are locked and read with one query, the month locks and closings, the
 * decisions and the large-expense threshold are looked up for the whole batch, and the batch is
 * written with one INSERT and one UPDATE and its audit events in one append.
 */
export async function importLedgerCsv(db: Db, actor: Actor, file: ImportInput, opts: ModuleImportOptions = {}): Promise<TLedgerImportReport> {
  const report: TLedgerImportReport = { read: 0, created: 0, updated: 0, unchanged: 0, rejected: [] };
  const reject = (line: number, reason: string) => report.rejected.push({ line, reason });
  const ctx: LedgerWriteContext = {
    file: opts.fileName ?? 'ledger.csv',
    importId: opts.importId ?? randomUUID(),
    importedAt: new Date().toISOString(),
    threshold: new SettingOnDates(LARGE_EXPENSE_THRESHOLD_FEN),
    villages: opts.villages,
  };
  await audited(
    db,
    actor,
    once(async (w) => {
      const villages = new Map<string, boolean>();
      const seen = new Map<string, number>();
      for await (const rows of readRowBatches(file, LEDGER_COLUMNS, { format: opts.format, batchRows: opts.batchRows })) {
        const good: GoodRow[] = [];
        for (const r of rows) {
          report.read++;
          const g = await checkRow(w, r, { seen, villages });
          if (typeof g === 'string') reject(r.line, g);
          else good.push(g);
        }
        // Strict mode writes on (so that the checks against stored rows report every bad row) and rolls back at the end.
        const outcomes = await writeBatch(w, good, ctx);
        for (const [i, o] of outcomes.entries()) {
          if (typeof o === 'string') report[o]++;
          else reject(good[i]!.line, o.reason);
        }
      }
      if (opts.strict && report.rejected.length) throw new StrictImportAbort();
      await w.record({ action: 'books.import', entityType: 'ledger_import', entityId: ctx.importId, after: { file: ctx.file, read: report.read, created: report.created, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected.length } });
    }),
  ).catch((err) => {
    if (!(err instanceof StrictImportAbort)) throw err;
    report.created = report.updated = report.unchanged = 0;
    opts.villages?.clear();
  });
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}

/** One row's own checks, in the order their reasons are given; the row to write or why it is rejected. */
async function checkRow(w: AuditedTx, r: CsvRow, state: { seen: Map<string, number>; villages: Map<string, boolean> }): Promise<GoodRow | string> {
  const { seen, villages } = state;
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
    (w.actor.regionCode && !isWithinRegion(regionCode, w.actor.regionCode) ? '不在本账号管辖范围内' : null) ??
    (!entryDate ? `记账日期“${v.entry_date ?? ''}”无法识别（应为YYYY-MM-DD、YYYY/MM/DD或YYYYMMDD）` : null) ??
    (!direction ? `收支“${v.direction ?? ''}”无法识别（应为 income/expense 或 收入/支出）` : null) ??
    (amountFen === null ? `金额“${v.amount ?? ''}”应为元，最多两位小数` : amountFen <= 0 ? '金额必须大于0' : null) ??
    (!category ? '科目不能为空' : null);
  if (!problem) {
    if (!villages.has(regionCode)) villages.set(regionCode, (await getRegionInScope(w.tx, regionCode, w.actor.regionCode))?.level === 'village');
    if (!villages.get(regionCode)) problem = `村代码 ${regionCode} 不是已登记的村`;
  }
  if (entryNo && !seen.has(entryNo)) seen.set(entryNo, r.line);
  if (problem) return problem;
  const id = v.counterparty_id ? checkCounterpartyId(v.counterparty_id) : null;
  return {
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
  };
}

/** jsonb does not keep key order, so attributes are compared key by key. */
function sameAttributes(a: Record<string, string> | null, b: Record<string, string> | null): boolean {
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b ?? {}).length && ka.every((k) => (a ?? {})[k] === (b ?? {})[k]);
}

const SAME_FIELDS = ['regionCode', 'entryDate', 'direction', 'amountFen', 'category', 'accountCode', 'counterpartyName', 'counterpartyId', 'description', 'decisionNo'] as const;

interface LedgerWriteContext {
  file: string;
  importId: string;
  importedAt: string;
  /** The large-expense threshold in force on a date (checkLargeExpense's). */
  threshold: SettingOnDates<number>;
  villages?: Set<string>;
}

type RowOutcome = 'created' | 'updated' | 'unchanged' | { reason: string };

/** What a row does to the entry of its number, before the month and decision checks. */
function compare(existing: repo.EntryRow | undefined, g: GoodRow): { outcome: 'unchanged' | { reason: string } } | { extra: Record<string, string> | null } {
  if (existing && existing.deletedAt) return { outcome: { reason: '该凭证流水号的凭证已删除' } };
  // Entry numbers are unique across the deployment: a number already used by another village is not taken over.
  if (existing && existing.regionCode !== g.regionCode) return { outcome: { reason: '该凭证流水号已被其他村的凭证使用' } };
  // A manual entry keeps the account its accountant chose; its exported row reads back unchanged.
  if (existing && existing.source === 'manual') {
    const sameManual = existing.status === 'final' && SAME_FIELDS.every((k) => k === 'accountCode' || existing[k] === g[k]);
    return { outcome: sameManual ? 'unchanged' : { reason: '该凭证流水号是平台内录入的凭证，不能被导入覆盖；如有错误请做冲销凭证' } };
  }
  // Extra attributes accumulate: a file without a column (e.g. our own export) does not erase them.
  const extra = existing?.extra || g.extra ? { ...((existing?.extra as Record<string, string> | null) ?? {}), ...(g.extra ?? {}) } : null;
  const sameData = existing && SAME_FIELDS.every((k) => existing[k] === g[k]);
  if (sameData && sameAttributes(existing.extra as Record<string, string> | null, extra)) return { outcome: 'unchanged' };
  return { extra };
}

/**
 * Writes one batch of checked rows, with the rules of the form's checkLargeExpense (imported
 * rows are evidence: kept and flagged) and the monthly closing; the outcome of each row, in order.
 */
async function writeBatch(w: AuditedTx, good: GoodRow[], ctx: LedgerWriteContext): Promise<RowOutcome[]> {
  if (good.length === 0) return [];
  const existingByNo = new Map((await repo.lockEntriesByNos(w.tx, good.map((g) => g.entryNo))).map((e) => [e.entryNo, e]));
  const outcomes: RowOutcome[] = new Array(good.length);
  const pending: { i: number; g: GoodRow; existing: repo.EntryRow | undefined; extra: Record<string, string> | null }[] = [];
  for (const [i, g] of good.entries()) {
    const existing = existingByNo.get(g.entryNo);
    const c = compare(existing, g);
    if ('outcome' in c) outcomes[i] = c.outcome;
    else pending.push({ i, g, existing, extra: c.extra });
  }
  if (pending.length === 0) return outcomes;

  // A change may neither leave nor enter a closed month.
  const monthsOf = (p: (typeof pending)[number]) => [...(p.existing ? [{ village: p.existing.regionCode, period: p.existing.period }] : []), { village: p.g.regionCode, period: periodOf(p.g.entryDate) }];
  const closed = await repo.lockClosedPeriods(w.tx, pending.flatMap(monthsOf));
  const decisionsOf = await repo.decisionsByNos(
    w.tx,
    [...new Map(pending.filter((p) => p.g.decisionNo).map((p) => [`${p.g.regionCode}/${p.g.decisionNo}`, { village: p.g.regionCode, decisionNo: p.g.decisionNo! }])).values()],
  );

  const inserts: repo.ImportedEntry[] = [];
  const updates: repo.ImportedEntry[] = [];
  const events: AuditEntry[] = [];
  const alerts: { g: GoodRow; reason: string }[] = [];
  for (const { i, g, existing, extra } of pending) {
    const closedMonth = monthsOf({ i, g, existing, extra }).find((m) => closed.has(`${m.village}/${m.period}`));
    if (closedMonth) {
      outcomes[i] = { reason: `${closedMonth.period}已结账，不能导入或更改该月的凭证` };
      continue;
    }
    const decision = g.decisionNo ? decisionsOf.get(`${g.regionCode}/${g.decisionNo}`) : undefined;
    let largeReason: string | null = null;
    if (g.direction === 'expense' && g.amountFen >= (await ctx.threshold.get(w.tx, g.regionCode, g.entryDate))) {
      const passed = decision?.passedOn != null && decision.passedOn <= g.entryDate;
      if (!passed) {
        const why = g.decisionNo ? `决策“${g.decisionNo}”在本村没有${g.entryDate}或之前通过的村民（代表）会议决议` : '没有注明经村民（代表）会议决议通过的决策编号';
        largeReason = `大额支出未经决策：${why}`;
      }
    }
    const flagReasons = [g.idProblem, largeReason].filter((x): x is string => !!x);
    const row: repo.ImportedEntry = {
      id: existing?.id ?? randomUUID(),
      entryNo: g.entryNo,
      entryDate: g.entryDate,
      period: periodOf(g.entryDate),
      direction: g.direction,
      amountFen: g.amountFen,
      accountCode: g.accountCode,
      category: g.category,
      counterpartyName: g.counterpartyName,
      counterpartyId: g.counterpartyId,
      description: g.description,
      decisionNo: g.decisionNo,
      decisionId: decision?.id ?? null,
      flagged: flagReasons.length > 0,
      flagReason: flagReasons.length ? flagReasons.join('；') : null,
      provenance: { importId: ctx.importId, file: ctx.file, line: g.line, importedBy: w.actor.username ?? w.actor.kind, importedAt: ctx.importedAt },
      extra,
      regionCode: g.regionCode,
    };
    const audited = {
      ...row,
      status: 'final' as const,
      source: 'import' as const,
      contractId: null,
      reviewedBy: null,
      reviewNote: null,
      reversesEntryId: existing?.reversesEntryId ?? null,
      reversedByEntryId: existing?.reversedByEntryId ?? null,
    };
    (existing ? updates : inserts).push(row);
    events.push({
      action: existing ? 'books.entry.import_update' : 'books.entry.import',
      entityType: 'ledger_entry',
      entityId: row.id,
      regionCode: g.regionCode,
      before: existing ? auditableEntry(existing) : undefined,
      after: auditableEntry(audited),
    });
    if (largeReason) alerts.push({ g, reason: largeReason });
    ctx.villages?.add(g.regionCode);
    outcomes[i] = existing ? 'updated' : 'created';
  }
  await repo.writeImportedEntries(w.tx, inserts, updates, w.actor.userId);
  await w.recordMany(events);
  for (const a of alerts) await raiseLargeExpenseAlert(w, a.g, a.reason);
  return outcomes;
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
