/**
 * Pure helpers of the villagers' pages (户查询码, 村民问政, 村民提问, 满意度测评): the server paths, list
 * filters read from the address bar, quarters in China time, shares and coverage, the create-hearing
 * body and which buttons a viewer sees. No React here (unit-tested in villagers-logic.test.ts).
 */
import { regionLevelOf, type TCreateHearingRequest, type THearing, type THearingCadre, type THearingStatus, type TRatingCounts, type TSatisfactionRow, type TVillageQuestion } from '@mpw/contracts';
import type { Query } from '../../api';
import { urlQuery } from '../../hooks';

/** Staff endpoints of the households and hearings modules (under /api/v1). */
export const VILLAGER_API = {
  households: '/households',
  issueCodes: '/households/codes',
  satisfaction: '/households/satisfaction',
  hearings: '/hearings',
  hearing: (id: string) => `/hearings/${id}`,
  hearingAction: (id: string, action: 'start' | 'close' | 'cancel') => `/hearings/${id}/${action}`,
  cadreReport: (hearingId: string, cadreId: string) => `/hearings/${hearingId}/cadres/${cadreId}/report`,
  ratingComments: (hearingId: string) => `/hearings/${hearingId}/ratings/comments`,
  questions: '/hearings/questions',
  answer: (questionId: string) => `/hearings/questions/${questionId}/answer`,
  hide: (questionId: string) => `/hearings/questions/${questionId}/hide`,
} as const;

/** 户查询码 list: the village (defaults to the header's region), search and code status. */
export function householdQuery(params: URLSearchParams, fallbackRegion: string): Query {
  return urlQuery(params, ['regionCode', 'q', 'codeStatus'], fallbackRegion);
}

export function hearingQuery(params: URLSearchParams, fallbackRegion: string): Query {
  return urlQuery(params, ['regionCode', 'status', 'quarter'], fallbackRegion);
}

/** The village questions list's filters, read from the address bar (dashboard links set them). */
export const QUESTION_FILTERS = ['regionCode', 'status', 'hearingId', 'overdue', 'hidden', 'askedFrom', 'askedTo', 'dueFrom', 'dueTo', 'timeliness'] as const;

export function questionQuery(params: URLSearchParams, fallbackRegion: string): Query {
  return urlQuery(params, QUESTION_FILTERS, fallbackRegion, ['overdue']);
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The quarter (2026-Q4) of an instant, in China time. */
export function quarterOf(date: Date): string {
  const china = new Date(date.getTime() + CHINA_OFFSET_MS);
  return `${china.getUTCFullYear()}-Q${Math.floor(china.getUTCMonth() / 3) + 1}`;
}

/** This quarter and the `count - 1` before it, newest first. */
export function recentQuarters(now: Date, count = 8): string[] {
  const [y, q] = quarterOf(now).split('-Q').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const index = y * 4 + (q - 1) - i;
    out.push(`${Math.floor(index / 4)}-Q${(index % 4) + 1}`);
  }
  return out;
}

/** 2026-Q4 → 2026年第4季度 */
export function quarterLabel(quarter: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  return m ? `${m[1]}年第${m[2]}季度` : quarter;
}

/** A 0–1 share as a whole percentage (null → '—'). */
export function percentText(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${Math.round(share * 100)}%`;
}

/** responses / households, 0–1; null without registered households. */
export function coverage(row: Pick<TSatisfactionRow, 'responses' | 'households'>): number | null {
  return row.households > 0 ? row.responses / row.households : null;
}

/** Below this share of households, or with fewer answers than this, a village's figures are a small sample (样本较少). */
export const LOW_COVERAGE_SHARE = 0.2;
export const LOW_COVERAGE_RESPONSES = 5;

/** Whether a row with answers rests on too few of them to read much into (a row without answers is simply empty). */
export function isLowCoverage(row: Pick<TSatisfactionRow, 'responses' | 'households'>): boolean {
  if (row.responses === 0) return false;
  const c = coverage(row);
  return row.responses < LOW_COVERAGE_RESPONSES || c === null || c < LOW_COVERAGE_SHARE;
}

/** The share of one level among the answers of one dimension (0–1, null with none). */
export function levelShare(counts: { satisfied: number; basically_satisfied: number; dissatisfied: number }, level: keyof typeof counts): number | null {
  const total = counts.satisfied + counts.basically_satisfied + counts.dissatisfied;
  return total > 0 ? counts[level] / total : null;
}

/** 不满意 share at or above this is drawn red (the server's alert threshold is a setting: this only colours). */
export const DISSATISFIED_WARN_SHARE = 0.3;

export function dissatisfiedIsHigh(results: TRatingCounts | null): boolean {
  return !!results && results.dissatisfiedShare !== null && results.dissatisfiedShare >= DISSATISFIED_WARN_SHARE;
}

export interface HearingFormValues {
  regionCode: string;
  title: string;
  quarter: string;
  /** ISO date-time with offset. */
  scheduledAt: string;
  place: string;
  description?: string;
  cadres: { name?: string; position?: string; userId?: string }[];
}

/** The POST /hearings body: trimmed, empty optional fields and blank cadre rows left out. */
export function hearingBody(v: HearingFormValues): TCreateHearingRequest {
  const description = v.description?.trim();
  return {
    regionCode: v.regionCode,
    title: v.title.trim(),
    quarter: v.quarter,
    scheduledAt: v.scheduledAt,
    place: v.place.trim(),
    ...(description ? { description } : {}),
    cadres: v.cadres
      .filter((c) => (c.name ?? '').trim() || (c.position ?? '').trim())
      .map((c) => ({ name: (c.name ?? '').trim(), position: (c.position ?? '').trim(), ...(c.userId ? { userId: c.userId } : {}) })),
  };
}

/** The state changes a manager may make from a status (the server decides; this only offers buttons). */
export function hearingActions(status: THearingStatus): ('start' | 'close' | 'cancel')[] {
  if (status === 'scheduled') return ['start', 'cancel'];
  if (status === 'in_session') return ['close'];
  return [];
}

/** A cadre's report is written by the cadre's own account or by a village manager, while the hearing is not closed or cancelled. */
export function canEditReport(hearing: Pick<THearing, 'status'>, cadre: Pick<THearingCadre, 'userId'>, viewer: { id: string; canManage: boolean }): boolean {
  if (hearing.status === 'cancelled') return false;
  return viewer.canManage || (!!cadre.userId && cadre.userId === viewer.id);
}

/** Answer and hide buttons of a question row. */
export function questionButtons(q: Pick<TVillageQuestion, 'status'>, perms: { answer: boolean; moderate: boolean }): { answer: boolean; hide: boolean } {
  return { answer: perms.answer && q.status === 'open', hide: perms.moderate && q.status !== 'hidden' };
}

/** Whether a code picked in a region picker is a village (codes are 12 digits at every level). */
export function isVillageCode(code: string | undefined | null): boolean {
  return !!code && /^\d{12}$/.test(code) && regionLevelOf(code) === 'village';
}
