/** Pure helpers of the 财务收支 page (unit-tested in books.test.ts). Amounts are integer fen. */

/** The current month `YYYY-MM` in China time. */
export function currentMonth(now: Date = new Date()): string {
  const d = new Date(now.getTime() + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export const isMonth = (p: string | null | undefined): p is string => !!p && /^\d{4}-(0[1-9]|1[0-2])$/.test(p);

/** `2026-01` shifted by `n` months (`-1` → `2025-12`). */
export function shiftMonth(p: string, n: number): string {
  const [y, m] = p.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** "2026-11" → "2026年11月". */
export function monthLabel(p: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(p);
  return m ? `${m[1]}年${Number(m[2])}月` : p;
}

/** Fen → "1,234.50 元". */
export function yuan(fen: number): string {
  return `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
}

/** Bar widths in percent of the largest value (at least 1% for a non-zero value so it stays visible). */
export function barWidths(values: number[]): number[] {
  const max = Math.max(0, ...values.map((v) => Math.abs(v)));
  return values.map((v) => (max === 0 || v === 0 ? 0 : Math.max(1, Math.round((Math.abs(v) / max) * 100))));
}

/** This month compared with an earlier one, in plain words. */
export function compareText(now: number, before: number, what: string): string {
  if (now === before) return `和${what}一样`;
  if (before === 0) return `${what}没有`;
  const diff = now - before;
  const pct = Math.round((Math.abs(diff) / Math.abs(before)) * 100);
  return `比${what}${diff > 0 ? '多' : '少'} ${yuan(Math.abs(diff))}（${pct}%）`;
}
