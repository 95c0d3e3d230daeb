/**
 * Pure helpers of 我要提问 and 村民问政: the order of the sessions, times in China time, the shares
 * drawn as bars, the way to the verification page and back. No React here (tested in node).
 */
import type { THearing, TRatingCounts, TSatisfactionLevel } from '@mpw/contracts';

/** Open sessions first (正在问政, then 即将召开 soonest first), then closed (newest first), cancelled last. */
const STATUS_RANK: Record<string, number> = { in_session: 0, scheduled: 1, closed: 2, cancelled: 3 };

export function sortHearings<T extends Pick<THearing, 'status' | 'scheduledAt'>>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => {
    const r = (STATUS_RANK[a.status] ?? 9) - (STATUS_RANK[b.status] ?? 9);
    if (r !== 0) return r;
    const ta = Date.parse(a.scheduledAt);
    const tb = Date.parse(b.scheduledAt);
    return a.status === 'scheduled' || a.status === 'in_session' ? ta - tb : tb - ta;
  });
}

export const isOpenHearing = (status: string) => status === 'scheduled' || status === 'in_session';

/** "2026-12-09T06:30:00Z" → "2026年12月9日 14:30" (China time, UTC+8, no daylight saving). */
export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + 8 * 3600_000);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hh}:${mm}`;
}

/** Whole percentages of each level (the bars' widths); 0 everywhere without ratings. */
export function levelShares(c: TRatingCounts): Record<TSatisfactionLevel, number> {
  const total = c.total || c.satisfied + c.basically_satisfied + c.dissatisfied;
  const pct = (n: number) => (total > 0 ? Math.round((n * 100) / total) : 0);
  return { satisfied: pct(c.satisfied), basically_satisfied: pct(c.basically_satisfied), dissatisfied: pct(c.dissatisfied) };
}

/**
 * The household page verifies and then sends the villager back to a path inside the portal (without
 * the /portal base), named by this query parameter (pages/household honours `return`, as the survey does).
 */
export const RETURN_PARAM = 'return';

/** /v/<code>/household?return=/v/<code>/hearings/<id> */
export function verifyLink(code: string, next: string): string {
  return `/v/${code}/household?${RETURN_PARAM}=${encodeURIComponent(next)}`;
}
