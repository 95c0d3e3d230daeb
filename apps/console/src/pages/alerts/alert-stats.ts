/** Pure helpers of the alert statistics pages (heat table, precision), unit-tested in node. */

/** Background of a heat-table cell: white for 0, deepening red with the share of the largest count. */
export function heatColour(n: number, max: number): string {
  if (n <= 0 || max <= 0) return 'transparent';
  const share = Math.min(1, n / max);
  const alpha = 0.12 + 0.6 * share;
  return `rgba(245, 34, 45, ${alpha.toFixed(2)})`;
}

/** 0.8 → "80.0%"; null → "—". */
export function pct(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`;
}

/** A Wilson interval as "37.6% – 96.4%". */
export function interval(low: number | null, high: number | null): string {
  return low === null || high === null ? '—' : `${pct(low)} – ${pct(high)}`;
}
