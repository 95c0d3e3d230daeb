import { CsvError, parse } from 'csv-parse/sync';
import { AppError, ErrorCode } from './errors.js';
import iconv from 'iconv-lite';

/** UTF-8 (with or without BOM) or GB18030, as department exports arrive (shared/spec/data-exchange.md). */
export function decodeText(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    return utf8.decode(buf);
  } catch {
    return iconv.decode(buf, 'gb18030');
  }
}

/** Header matching ignores surrounding spaces, letter case and full-width/half-width forms. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/[\u3000\s]+/g, '')
    .toLowerCase();
}

export interface ColumnSpec {
  key: string;
  zh: string;
  aliases?: string[];
  required?: boolean;
}

export interface CsvRow {
  /** 1-based line number in the file where the row starts (blank lines and quoted line breaks counted). */
  line: number;
  values: Record<string, string>;
  extra: Record<string, string>;
}

export interface ParsedCsv {
  rows: CsvRow[];
  missingColumns: string[];
}

export function parseCsv(input: Buffer | string, columns: ColumnSpec[]): ParsedCsv {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeText(input);
  // Line endings are normalised so that csv-parse counts lines correctly (it miscounts CRLF inside quotes).
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text.replace(/\r\n?/g, '\n'), { relax_column_count: true, skip_empty_lines: true, bom: true, info: true }) as unknown as typeof parsed;
  } catch (err) {
    // A malformed file is the uploader's mistake (400), not a server error.
    if (!(err instanceof CsvError)) throw err;
    throw new AppError(ErrorCode.VALIDATION_FAILED, { message: `文件不是有效的CSV（第${err.lines ?? '?'}行附近）：${err.message}`, details: [{ path: 'file', message: err.message }] });
  }
  if (parsed.length === 0) return { rows: [], missingColumns: columns.filter((c) => c.required !== false).map((c) => c.key) };
  const records = parsed.map((p) => p.record);
  // info.lines is the line a record ends on; blank lines and quoted line breaks make it differ from the record index.
  const startLine = (i: number) => parsed[i]!.info.lines - records[i]!.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
  const header = records[0]!;
  const lookup = new Map<string, string>();
  for (const c of columns) for (const name of [c.key, c.zh, ...(c.aliases ?? [])]) lookup.set(normalizeHeader(name), c.key);
  const mapped = header.map((h) => lookup.get(normalizeHeader(h)) ?? null);
  const missingColumns = columns.filter((c) => c.required !== false && !mapped.includes(c.key)).map((c) => c.key);
  const rows: CsvRow[] = records.slice(1).map((rec, i) => {
    const values: Record<string, string> = {};
    const extra: Record<string, string> = {};
    rec.forEach((cell, j) => {
      const key = mapped[j];
      if (key) values[key] = cell.trim();
      else if (header[j] !== undefined) extra[header[j]!.trim()] = cell;
    });
    return { line: startLine(i + 1), values, extra };
  });
  return { rows, missingColumns };
}

export type CsvCell = string | number | null | undefined;

/**
 * One CSV field, RFC 4180: quoted when it holds a comma, quote or line break (and when it
 * has surrounding spaces, which some readers would trim); inner quotes doubled.
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV file: header first, CRLF after every record (RFC 4180), UTF-8 without BOM. */
export function formatCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  let out = `${header.map(csvField).join(',')}\r\n`;
  for (const row of rows) out += `${row.map(csvField).join(',')}\r\n`;
  return out;
}

