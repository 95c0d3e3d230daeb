import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { ErrorCode, isWithinRegion } from '@mpw/contracts';
import type { Actor } from './actor.js';
import { AppError, notFound } from './errors.js';
import { chinaDate } from './time.js';

/**
 * Ledgers in Excel (台账导出): one builder for every list's .xlsx export, so each export
 * neutralises text the same way, writes dates as dates and money as yuan, and is sent with
 * the same headers.
 */

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The most rows one export holds; a larger result is refused (400) and the filter must narrow it. */
export const EXPORT_ROW_LIMIT = 50_000;

/** Text a spreadsheet would read as a formula (= + - @, or a leading tab or CR) is kept as text with a leading apostrophe. */
export const cellText = (s: string | null | undefined): string => {
  const v = s ?? '';
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
};

/**
 * How a column's values are written:
 * - text: a string, through the neutraliser (the default);
 * - date: a calendar day, `YYYY-MM-DD` or an instant (then its China date);
 * - datetime: an instant, shown as China wall-clock time to the minute;
 * - money: integer fen, written as yuan with two decimals;
 * - number: a count.
 * A boolean is written 是 / 否 whatever the kind.
 */
export type XlsxKind = 'text' | 'date' | 'datetime' | 'money' | 'number';

export interface XlsxColumn<T> {
  header: string;
  kind?: XlsxKind;
  width?: number;
  /** The row's value; `index` counts from 0 (for a 序号 column). */
  value: (row: T, index: number) => string | number | boolean | null | undefined;
}

/** One sheet, its cells already converted (see `sheet`). */
export interface XlsxSheet {
  name: string;
  headers: string[];
  kinds: XlsxKind[];
  widths: number[];
  rows: ExcelJS.CellValue[][];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const HOUR_MS = 3_600_000;
const NUM_FMT: Partial<Record<XlsxKind, string>> = { date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm', money: '#,##0.00' };

/** A calendar day as a date cell (midnight UTC: Excel dates have no time zone). */
function dayCell(v: string): Date | string {
  const day = DAY.test(v) ? v : Number.isNaN(Date.parse(v)) ? null : chinaDate(new Date(v));
  return day ? new Date(`${day}T00:00:00Z`) : cellText(v);
}

/** An instant as the China wall-clock time it shows, to the second. */
function instantCell(v: string): Date | string {
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) return cellText(v);
  return new Date(Math.floor((ms + 8 * HOUR_MS) / 1000) * 1000);
}

export function toCell(kind: XlsxKind, v: string | number | boolean | null | undefined): ExcelJS.CellValue {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  switch (kind) {
    case 'date':
      return dayCell(String(v));
    case 'datetime':
      return instantCell(String(v));
    case 'money':
      return typeof v === 'number' ? v / 100 : cellText(v);
    case 'number':
      return typeof v === 'number' ? v : cellText(v);
    default:
      return cellText(String(v));
  }
}

/** A sheet of `rows` under Chinese `columns`, every value converted by its column's kind. */
export function sheet<T>(name: string, columns: readonly XlsxColumn<T>[], rows: readonly T[]): XlsxSheet {
  const kinds = columns.map((c) => c.kind ?? 'text');
  return {
    name,
    headers: columns.map((c) => c.header),
    kinds,
    widths: columns.map((c, i) => c.width ?? (kinds[i] === 'text' ? 16 : 12)),
    rows: rows.map((r, n) => columns.map((c, i) => toCell(kinds[i]!, c.value(r, n)))),
  };
}

/** The .xlsx file of one or more sheets: bold frozen header row, date and money formats per column. */
export async function workbook(...sheets: XlsxSheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Micro-Power Watch';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(s.headers);
    ws.getRow(1).font = { bold: true };
    for (const r of s.rows) ws.addRow(r);
    s.kinds.forEach((k, i) => {
      const col = ws.getColumn(i + 1);
      col.width = s.widths[i]!;
      const fmt = NUM_FMT[k];
      if (fmt) {
        col.eachCell((cell, n) => {
          if (n > 1) cell.numFmt = fmt;
        });
      }
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Refuses (400) an export of more than `limit` rows: the filter must narrow it. */
export function checkRowLimit(total: number, limit = EXPORT_ROW_LIMIT): void {
  if (total <= limit) return;
  const message = `符合条件的记录有${total}条，超过单次导出上限${limit}条，请缩小筛选范围（如选择乡镇、村或状态）后再导出`;
  throw new AppError(ErrorCode.VALIDATION_FAILED, { message, details: [{ path: 'regionCode', message }] });
}

/**
 * Every row a list query matches, in the list's order. `page` is the list's own paged query
 * (same filters, same data scope); it is counted first so a result over `limit` is refused
 * before anything is read.
 */
export async function allRows<T>(page: (current: number, pageSize: number) => Promise<{ data: T[]; total: number }>, limit = EXPORT_ROW_LIMIT): Promise<T[]> {
  const probe = await page(1, 1);
  checkRowLimit(probe.total, limit);
  if (probe.total <= probe.data.length) return probe.data;
  return (await page(1, limit)).data;
}

/** A region filter outside the actor's scope is answered 404, as for any record out of scope. */
export function assertRegionInScope(actor: Actor, regionCode: string | undefined): void {
  if (regionCode && actor.regionCode && !isWithinRegion(regionCode, actor.regionCode)) throw notFound('区划');
}

/**
 * Sends a workbook as a download named `<name>-<China date>.xlsx` (Chinese, RFC 5987 `filename*`,
 * with an ASCII `fallback` for old clients), never cached.
 */
export function sendXlsx(reply: FastifyReply, file: { name: string; fallback: string }, body: Buffer) {
  const day = chinaDate();
  return reply
    .type(XLSX_CONTENT_TYPE)
    .header('content-disposition', `attachment; filename="${file.fallback}-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${file.name}-${day}.xlsx`)}`)
    .header('cache-control', 'no-store')
    .send(body);
}

/** The 序号 column every ledger starts with. */
export const serialColumn = <T>(): XlsxColumn<T> => ({ header: '序号', kind: 'number', width: 6, value: (_, i) => i + 1 });
