import { parse } from 'csv-parse/sync';
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
  /** 1-based line number in the file (the header is line 1). */
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
  const records: string[][] = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true });
  if (records.length === 0) return { rows: [], missingColumns: columns.filter((c) => c.required !== false).map((c) => c.key) };
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
    return { line: i + 2, values, extra };
  });
  return { rows, missingColumns };
}
