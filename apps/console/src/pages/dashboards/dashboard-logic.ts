/** Pure helpers of the dashboard pages (统计分析, 本村待办), unit-tested in node. */
import type { TDashboard, TDashboardFigure } from '@mpw/contracts';

export const DASHBOARD_API = {
  dashboard: '/dashboards',
  workboard: '/dashboards/workboard',
} as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar day in China time (the server's clock for every deadline), YYYY-MM-DD. */
export function chinaDay(now: Date): string {
  const shifted = new Date(now.getTime() + 8 * 3600_000);
  return `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/** The default window: 1 January of this year to today (China time). */
export function yearToDate(now: Date): { from: string; to: string } {
  const to = chinaDay(now);
  return { from: `${to.slice(0, 4)}-01-01`, to };
}

/** A whole calendar year (the last day capped at today for the current year). */
export function wholeYear(year: number, now: Date): { from: string; to: string } {
  const today = chinaDay(now);
  const end = `${year}-12-31`;
  return { from: `${year}-01-01`, to: end < today ? end : today };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The window from the address bar, falling back to year-to-date; a reversed window is swapped. */
export function windowFrom(params: URLSearchParams, now: Date): { from: string; to: string } {
  const def = yearToDate(now);
  const from = DAY.test(params.get('from') ?? '') ? params.get('from')! : def.from;
  const to = DAY.test(params.get('to') ?? '') ? params.get('to')! : def.to;
  return from <= to ? { from, to } : { from: to, to: from };
}

/** A figure's value with its unit: rates to one decimal, counts with thousands separators; null → "—". */
export function figureText(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (unit === '%') return `${(Math.round(value * 10) / 10).toFixed(1)}%`;
  const rounded = Number.isInteger(value) ? value : Math.round(value * 10) / 10;
  return `${rounded.toLocaleString('zh-CN')}${unit && unit !== '%' ? ` ${unit}` : ''}`;
}

/** "12 / 15" for a rate's counts, or null when the figure carries none. */
export function ratioText(f: Pick<TDashboardFigure, 'numerator' | 'denominator'>): string | null {
  if (f.numerator === null || f.numerator === undefined || f.denominator === null || f.denominator === undefined) return null;
  return `${f.numerator} / ${f.denominator}`;
}

/**
 * The figures shown as the 预警按规则 bar chart: the figures of the group whose key names alerts by rule
 * (`alertsByRule`, `alerts_by_rule`, `alertRules` …); failing that, the figures of any group whose keys
 * carry a rule (`alerts.rule.X`, `alertRule:X`).
 */
export function alertRuleFigures(d: Pick<TDashboard, 'groups'>): TDashboardFigure[] {
  const group = d.groups.find((g) => /alert/i.test(g.key) && /rule/i.test(g.key));
  if (group) return group.figures;
  return d.groups.flatMap((g) => g.figures).filter((f) => /alert/i.test(f.key) && /rule/i.test(f.key));
}

/** The groups shown as figure cards: everything but the group drawn as the alerts-by-rule chart. */
export function cardGroups(d: Pick<TDashboard, 'groups'>): TDashboard['groups'] {
  return d.groups.filter((g) => !(/alert/i.test(g.key) && /rule/i.test(g.key)));
}

/** Per column of the heat table: the smallest and largest non-null value. */
export function columnRanges(rows: readonly { values: readonly (number | null)[] }[], columns: number): { min: number; max: number }[] {
  const ranges: { min: number; max: number }[] = [];
  for (let c = 0; c < columns; c++) {
    const vals = rows.map((r) => r.values[c]).filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
    ranges.push(vals.length ? { min: Math.min(...vals), max: Math.max(...vals) } : { min: 0, max: 0 });
  }
  return ranges;
}

/**
 * Background of a heat-table cell by how good it is within its column: `better` says which end is
 * good (rates: higher; overdue and open counts: lower). The best value of the column is green, the
 * worst red, the middle light amber. No data → light grey; a column whose values are all equal
 * (nothing to compare) → neutral.
 */
export function heatCellColour(v: number | null | undefined, range: { min: number; max: number }, better: 'higher' | 'lower'): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '#fafafa';
  const span = range.max - range.min;
  if (span <= 0) return '#ffffff';
  const share = Math.min(1, Math.max(0, (v - range.min) / span));
  const goodness = better === 'higher' ? share : 1 - share;
  // Red (bad) → amber → green (good), light enough for dark text.
  const hue = Math.round(goodness * 120);
  const alpha = 0.12 + 0.33 * Math.abs(goodness - 0.5) * 2;
  return `hsla(${hue}, 70%, 50%, ${alpha.toFixed(2)})`;
}

/** The dashboard of a child region with the same window (heat-table rows, region links). */
export function regionDashboardPath(regionCode: string, win: { from: string; to: string }): string {
  return `/dashboard?${new URLSearchParams({ regionCode, from: win.from, to: win.to }).toString()}`;
}

/** "2026-03" → "3月"; January of a year other than the first month's shows the year ("2027年1月"). */
export function monthLabels(months: readonly string[]): string[] {
  return months.map((m, i) => {
    const [y, mo] = m.split('-');
    const month = `${Number(mo)}月`;
    return i === 0 || mo === '01' ? `${y}年${month}` : month;
  });
}

/** A console path from the server (never an absolute URL to elsewhere). */
export function isConsolePath(link: string | null | undefined): link is string {
  return typeof link === 'string' && link.startsWith('/') && !link.startsWith('//');
}
