/** Pure helpers of 公开统计 (no imports: unit-tested in node). */

/** A figure's value in plain words: "12 件", "87.5%", "3.2 分"; no value → null. */
export function valueText(value: number | null | undefined, unit: string): string | null {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  const n = Number.isInteger(value) ? String(value) : (Math.round(value * 10) / 10).toFixed(1);
  if (unit === '%') return `${n}%`;
  return unit ? `${n} ${unit}` : n;
}

/** Bar widths in % of the largest value (a non-zero value is at least 2% wide, so it shows). */
export function monthBarWidths(values: readonly number[]): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (max <= 0 || v <= 0 ? 0 : Math.max(2, Math.round((v / max) * 100))));
}

/** "2026-03" → 3. */
export function monthNumber(month: string): number {
  return Number(month.slice(5, 7));
}

/** The total of a series and its busiest month (the first of equals); null when every month is 0. */
export function seriesSummary(months: readonly string[], values: readonly number[]): { total: number; peakMonth: string | null; peak: number } {
  let total = 0;
  let peak = 0;
  let peakMonth: string | null = null;
  values.forEach((v, i) => {
    total += v;
    if (v > peak) {
      peak = v;
      peakMonth = months[i] ?? null;
    }
  });
  return { total, peakMonth, peak };
}
