import type { TDashboardFigure } from '@mpw/contracts';

/**
 * Figures and links. A link is a console path whose query parameters are the target list's API
 * query keys, which the list page reads from the address and passes on unchanged (docs/dashboards.md,
 * Links; dashboards.links.test.ts checks that each list then counts what its figure counts).
 */
export function consoleLink(path: string, params: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const num = (v: unknown): number => Number(v ?? 0);

export function countFigure(key: string, label: string, value: unknown, link: string | null, unit = '件'): TDashboardFigure {
  return { key, label, value: num(value), unit, link };
}

/** A share in per cent (one decimal), with the counts behind it; null when nothing was counted. */
export function percent(numerator: number, denominator: number): number | null {
  return denominator > 0 ? Math.round((numerator / denominator) * 1000) / 10 : null;
}

export function rateFigure(key: string, label: string, numerator: unknown, denominator: unknown, link: string | null): TDashboardFigure {
  const n = num(numerator);
  const d = num(denominator);
  return { key, label, value: percent(n, d), unit: '%', numerator: n, denominator: d, link };
}

/** The 0–100 satisfaction score: points averaged over every answer (three dimensions per response). */
export function satisfactionScore(points: unknown, responses: unknown): number | null {
  const answers = num(responses) * 3;
  return answers > 0 ? Math.round((num(points) / answers) * 10) / 10 : null;
}

export const WORK_KIND_LABELS: Record<string, string> = {
  matter_step: '事项办理',
  disclosure: '村务公开',
  village_question: '村民提问',
  disclosure_question: '公开事项提问',
  rectification_item: '整改事项',
  rectification_returned: '整改退回重报',
  rectification_answered: '整改待验收',
  alert: '预警待核查',
};

/** Kinds that wait on someone else (the issuer's acceptance, the township's verification), not on the village's own deadline. */
export const WAITING_KINDS = new Set(['rectification_answered', 'alert']);
