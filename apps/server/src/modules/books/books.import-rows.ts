import { Readable } from 'node:stream';
import { AppError, ErrorCode } from '../../lib/errors.js';
import { normalizeHeader, type ColumnSpec, type CsvRow } from '../../lib/csv.js';
import type { DbOrTx } from '@mpw/db';
import { readRecords, UnreadableFileError, type DatasetFormat, type ReadState } from '../datasets/datasets.reader.js';
import { districtOf } from '../settings/settings.service.js';
import type { SettingDefinition } from '../settings/settings.registry.js';
import * as settingsRepo from '../settings/settings.repository.js';

/**
 * Reading the village datasets of shared/spec/data-exchange.md — ledger.csv, contracts.csv,
 * decisions.csv — as a stream, in batches, for the importers of the books, assets and decisions
 * modules. The bytes go through the shared streaming reader of the datasets module (CSV in UTF-8
 * or GB18030, the first sheet of an XLSX workbook, a JSON array of objects), so memory does not
 * grow with the file. A row's line is the CSV line where it starts, the sheet's row number, or the
 * object's position in the JSON array (1-based).
 */

/** A file as it came: bytes (CSV, XLSX or JSON by `format`), CSV text, or a byte stream. */
export type ImportInput = Buffer | string | Readable;

/** Options shared by the three module importers. */
export interface ModuleImportOptions {
  /** Import nothing if any row is bad. */
  strict?: boolean;
  /** The file name as it came (kept in provenance). */
  fileName?: string;
  /** Default csv. */
  format?: DatasetFormat;
  /** The data_imports record this import belongs to (the datasets module's dispatch); a new id otherwise. */
  importId?: string;
  /** Filled with the villages whose rows were inserted or changed (for the follow-up alert sweep). */
  villages?: Set<string>;
  /** Rows read, checked and written together (default IMPORT_BATCH_ROWS). */
  batchRows?: number;
}

/** Rows per batch: read, checked and written together. */
export const IMPORT_BATCH_ROWS = 2000;

/** Splits a buffer into chunks, so the reader sees a byte stream. */
function byteStream(buf: Buffer): Readable {
  const size = 256 * 1024;
  return Readable.from(
    (function* () {
      for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
    })(),
    { objectMode: false },
  );
}

const missingColumnsError = (missing: string[]) =>
  new AppError(ErrorCode.VALIDATION_FAILED, { message: `文件缺少列：${missing.join('、')}`, details: missing.map((c) => ({ path: c, message: '缺少此列' })) });

interface HeaderMap {
  header: string[];
  keys: (string | null)[];
}

/**
 * The rows of a file in batches. Header cells are matched to the columns by English key, Chinese
 * name or alias (spaces, case and full-width forms ignored); values are trimmed; other columns go
 * to `extra` as they came. A file without a required column (or without a header: an empty file)
 * is refused with VALIDATION_FAILED before any row; so is a file the reader cannot read.
 */
export async function* readRowBatches(input: ImportInput, columns: readonly ColumnSpec[], opts: { format?: DatasetFormat; batchRows?: number } = {}): AsyncGenerator<CsvRow[]> {
  const format = opts.format ?? 'csv';
  const batchRows = opts.batchRows ?? IMPORT_BATCH_ROWS;
  const source = typeof input === 'string' ? byteStream(Buffer.from(input, 'utf8')) : Buffer.isBuffer(input) ? byteStream(input) : input;
  const lookup = new Map<string, string>();
  for (const c of columns) for (const name of [c.key, c.zh, ...(c.aliases ?? [])]) lookup.set(normalizeHeader(name), c.key);
  const required = columns.filter((c) => c.required !== false).map((c) => c.key);
  const mapHeader = (header: string[]): HeaderMap => ({ header, keys: header.map((h) => lookup.get(normalizeHeader(h)) ?? null) });
  const check = (h: HeaderMap) => {
    const missing = required.filter((k) => !h.keys.includes(k));
    if (missing.length) throw missingColumnsError(missing);
  };

  let header: HeaderMap | null = null;
  // JSON objects carry their own keys: the header of the last object is kept for the next ones.
  let lastJsonKeys = '';
  let batch: CsvRow[] = [];
  const state: ReadState = { encoding: null };
  try {
    for await (const rec of readRecords(source, format, state)) {
      if (format === 'json') {
        const keys = (rec.header ?? []).join('\u0000');
        if (!header || keys !== lastJsonKeys) {
          const h = mapHeader(rec.header ?? []);
          if (!header) check(h);
          header = h;
          lastJsonKeys = keys;
        }
      } else if (!header) {
        header = mapHeader(rec.cells);
        check(header);
        continue;
      }
      const values: Record<string, string> = {};
      const extra: Record<string, string> = {};
      const h = header;
      rec.cells.forEach((cell, j) => {
        const key = h.keys[j];
        if (key) values[key] = cell.trim();
        else if (h.header[j] !== undefined) extra[h.header[j]!.trim()] = cell;
      });
      batch.push({ line: rec.line, values, extra });
      if (batch.length >= batchRows) {
        yield batch;
        batch = [];
      }
    }
  } catch (err) {
    if (err instanceof UnreadableFileError) throw new AppError(ErrorCode.VALIDATION_FAILED, { message: err.message, details: [{ path: 'file', message: err.message }] });
    throw err;
  }
  if (!header) throw missingColumnsError(required);
  if (batch.length) yield batch;
}

/**
 * Runs an import's transaction work once. The file is read as the work goes, so a transaction
 * the database asks to retry (deadlock, serialisation) could not read it again: it is refused.
 */
export function once<A extends unknown[], T>(work: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  let ran = false;
  return (...args: A) => {
    if (ran) throw new AppError(ErrorCode.CONFLICT, { message: '数据库事务冲突，导入已中止，请重新导入', details: [{ path: 'file', message: '数据库事务冲突' }] });
    ran = true;
    return work(...args);
  };
}

/**
 * A dated setting (e.g. a threshold) for many rows: the batch form of getSetting. Each district's
 * history is read once; the value on a date is the latest entry in force then (by effective
 * date, then by when it was made), or the default.
 */
export class SettingOnDates<T> {
  private histories = new Map<string, { effectiveFrom: string; value: unknown }[]>();

  constructor(private readonly def: SettingDefinition<T>) {}

  async get(db: DbOrTx, regionCode: string, date: string): Promise<T> {
    const district = districtOf(regionCode);
    let history = this.histories.get(district);
    if (!history) {
      // Newest first, as getEffectiveValue orders them.
      history = (await settingsRepo.getHistory(db, district)).filter((h) => h.key === this.def.key);
      this.histories.set(district, history);
    }
    const row = history.find((h) => h.effectiveFrom <= date);
    if (!row) return this.def.defaultValue;
    const parsed = this.def.schema.safeParse(row.value);
    return parsed.success ? parsed.data : this.def.defaultValue;
  }
}
