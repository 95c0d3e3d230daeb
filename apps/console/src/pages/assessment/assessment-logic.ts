/**
 * Pure helpers of the 考核评价, 教育培训 and 监督队伍 pages: server paths, list filters read from the
 * address bar, periods, the live weight sum of a scheme, score and coverage display, request bodies.
 * No React here (unit-tested in assessment-logic.test.ts).
 */
import {
  ASSESSMENT_INDICATOR_KINDS,
  type TAssessmentIndicator,
  type TAssessmentIndicatorKind,
  type TAssessmentResult,
  type TAssessmentScheme,
  type TCreateTrainingRequest,
  type TSupervisionMemberInput,
} from '@mpw/contracts';
import type { Query } from '../../api';
import { urlQuery } from '../../hooks';
import { quarterOf, recentQuarters } from '../villagers/villagers-logic';

/** Staff endpoints of the assessment, training and supervision modules (under /api/v1). */
export const ASSESSMENT_API = {
  schemes: '/assessment/schemes',
  scheme: (id: string) => `/assessment/schemes/${id}`,
  schemeAction: (id: string, action: 'activate' | 'retire') => `/assessment/schemes/${id}/${action}`,
  template: '/assessment/schemes/template',
  compute: (schemeId: string, period: string) => `/assessment/schemes/${schemeId}/periods/${period}/compute`,
  results: (schemeId: string, period: string) => `/assessment/schemes/${schemeId}/periods/${period}/results`,
  resultsExport: (schemeId: string, period: string) => `/assessment/schemes/${schemeId}/periods/${period}/results/export.xlsx`,
  lock: (schemeId: string, period: string) => `/assessment/schemes/${schemeId}/periods/${period}/lock`,
  adjust: (resultId: string) => `/assessment/results/${resultId}/adjust`,
  trainings: '/training',
  training: (id: string) => `/training/${id}`,
  trainingExport: '/training/export.xlsx',
  coverage: '/training/coverage',
  history: (kind: string, id: string) => `/training/people/${kind}/${id}/history`,
  members: '/supervision/members',
  member: (id: string) => `/supervision/members/${id}`,
  replace: (id: string) => `/supervision/members/${id}/replace`,
  structure: '/supervision/structure',
  membersExport: '/supervision/members/export.xlsx',
} as const;

/** A list endpoint may answer a bare array or a page `{ data, total }`: the rows either way. */
export function rowsOf<T>(raw: unknown): T[] {
  if (Array.isArray(raw)) return raw as T[];
  if (raw && typeof raw === 'object' && Array.isArray((raw as { data?: unknown }).data)) return (raw as { data: T[] }).data;
  return [];
}

/** 教育培训 list (and its export): organising unit, kind and date window. */
export function trainingQuery(params: URLSearchParams, fallbackRegion: string): Query {
  return urlQuery(params, ['regionCode', 'kind', 'from', 'to'], fallbackRegion);
}

/** 培训覆盖率: region and window (the same address-bar keys as the list). */
export function coverageQuery(params: URLSearchParams, fallbackRegion: string): Query {
  return urlQuery(params, ['regionCode', 'from', 'to'], fallbackRegion);
}

/** 监督队伍 roster (and its export): village, status, role, only members with a conflict. */
export function rosterQuery(params: URLSearchParams, fallbackRegion: string): Query {
  return urlQuery(params, ['regionCode', 'status', 'role', 'conflictsOnly'], fallbackRegion, ['conflictsOnly']);
}

/** The periods offered for a scheme, newest first: quarters (2026-Q3) or years (2026). */
export function periodsFor(periodKind: TAssessmentScheme['periodKind'], now: Date, count = 8): string[] {
  if (periodKind === 'quarter') return recentQuarters(now, count);
  const year = Number(quarterOf(now).slice(0, 4));
  return Array.from({ length: count }, (_, i) => String(year - i));
}

/** The period a page opens on: the last finished quarter or year (the current one is still running). */
export function defaultPeriod(periodKind: TAssessmentScheme['periodKind'], now: Date): string {
  return periodsFor(periodKind, now, 2)[1]!;
}

/** 2026-Q3 → 2026年第3季度, 2026 → 2026年度 */
export function periodLabel(period: string): string {
  const m = /^(\d{4})(?:-Q([1-4]))?$/.exec(period);
  if (!m) return period;
  return m[2] ? `${m[1]}年第${m[2]}季度` : `${m[1]}年度`;
}

/** The scheme a results page opens on: the one in the address bar, else the first active one, else the first. */
export function pickScheme(schemes: readonly TAssessmentScheme[], wanted: string | null): TAssessmentScheme | undefined {
  return schemes.find((s) => s.id === wanted) ?? schemes.find((s) => s.status === 'active') ?? schemes[0];
}

/** Sum of the weights, rounded to avoid float noise (0.1 + 0.2). */
export function weightSum(indicators: readonly Pick<TAssessmentIndicator, 'weight'>[]): number {
  return Math.round(indicators.reduce((a, i) => a + (Number.isFinite(i.weight) ? i.weight : 0), 0) * 1000) / 1000;
}

export function weightsValid(indicators: readonly Pick<TAssessmentIndicator, 'weight'>[]): boolean {
  return indicators.length > 0 && Math.abs(weightSum(indicators) - 100) < 0.001;
}

/** A key for a new indicator of `kind` that no other indicator of the scheme uses. */
export function newIndicatorKey(kind: TAssessmentIndicatorKind, taken: readonly string[]): string {
  if (!taken.includes(kind)) return kind;
  for (let n = 2; ; n++) if (!taken.includes(`${kind}_${n}`)) return `${kind}_${n}`;
}

/** The indicator kinds not yet in the scheme (offered by 添加指标). */
export function unusedKinds(indicators: readonly Pick<TAssessmentIndicator, 'kind'>[]): TAssessmentIndicatorKind[] {
  const used = new Set(indicators.map((i) => i.kind));
  return ASSESSMENT_INDICATOR_KINDS.filter((k) => !used.has(k));
}

/** Points with at most one decimal: 87.25 → "87.3", 90 → "90". */
export function scoreText(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return '—';
  return String(Math.round(score * 10) / 10);
}

/** Whether the final score was set by hand and differs from the computed one. */
export function isAdjusted(r: Pick<TAssessmentResult, 'adjustedScore' | 'computedScore'>): boolean {
  return r.adjustedScore !== null && Math.abs(r.adjustedScore - r.computedScore) >= 0.05;
}

/** Below this share of indicators with enough records, a score is marked 数据较少. */
export const LOW_COVERAGE = 0.6;

export function coverageIsLow(coverage: number): boolean {
  return coverage < LOW_COVERAGE;
}

/** An indicator's measured value: a rate as a percentage, satisfaction as points. */
export function valueText(item: { kind?: string; category: string; value: number | null }): string {
  if (item.value === null) return '—';
  if (item.category === 'satisfaction' && item.value > 1) return scoreText(item.value);
  return `${Math.round(item.value * 1000) / 10}%`;
}

/** Whether a period's results are locked (every result carries the flag). */
export function periodLocked(results: readonly Pick<TAssessmentResult, 'locked'>[]): boolean {
  return results.length > 0 && results.every((r) => r.locked);
}

export interface AttendeeRow {
  kind: 'user' | 'supervision_member' | 'other';
  userId?: string;
  memberId?: string;
  name: string;
  position?: string;
  regionCode: string;
}

/** The identity of an attendee row, to keep the same person from being listed twice. */
export function attendeeKey(a: AttendeeRow): string {
  if (a.kind === 'user') return `user:${a.userId}`;
  if (a.kind === 'supervision_member') return `member:${a.memberId}`;
  return `other:${a.regionCode}:${a.name.trim()}`;
}

export function addAttendees(list: readonly AttendeeRow[], more: readonly AttendeeRow[]): AttendeeRow[] {
  const seen = new Set(list.map(attendeeKey));
  const out = [...list];
  for (const a of more) {
    const key = attendeeKey(a);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

export interface TrainingFormValues {
  regionCode: string;
  title: string;
  kind: TCreateTrainingRequest['kind'];
  heldOn: string;
  hours: number;
  organiser: string;
  place?: string;
  description?: string;
}

/** The POST/PUT /training body: trimmed, empty optional fields left out. */
export function trainingBody(v: TrainingFormValues, attendees: readonly AttendeeRow[]): TCreateTrainingRequest {
  const place = v.place?.trim();
  const description = v.description?.trim();
  return {
    regionCode: v.regionCode,
    title: v.title.trim(),
    kind: v.kind,
    heldOn: v.heldOn,
    hours: v.hours,
    organiser: v.organiser.trim(),
    ...(place ? { place } : {}),
    ...(description ? { description } : {}),
    attendees: attendees.map((a) => ({
      kind: a.kind,
      ...(a.kind === 'user' && a.userId ? { userId: a.userId } : {}),
      ...(a.kind === 'supervision_member' && a.memberId ? { memberId: a.memberId } : {}),
      name: a.name.trim(),
      ...(a.position?.trim() ? { position: a.position.trim() } : {}),
      regionCode: a.regionCode,
    })),
  };
}

export type MemberFormValues = Omit<TSupervisionMemberInput, 'backgrounds' | 'isPartyMember'> & { backgrounds?: TSupervisionMemberInput['backgrounds']; isPartyMember?: boolean };

/** The member body: trimmed, upper-case X in the identity number, empty optional fields left out. */
export function memberBody(v: MemberFormValues): Partial<TSupervisionMemberInput> {
  const out: Record<string, unknown> = {
    regionCode: v.regionCode,
    name: v.name.trim(),
    role: v.role,
    termStart: v.termStart,
    electedOn: v.electedOn,
    electionRecord: v.electionRecord.trim(),
    backgrounds: v.backgrounds ?? [],
    isPartyMember: !!v.isPartyMember,
  };
  const id = v.idNumber?.trim().toUpperCase();
  if (id) out.idNumber = id;
  if (v.termEnd) out.termEnd = v.termEnd;
  if (v.education) out.education = v.education;
  if (v.phone?.trim()) out.phone = v.phone.trim();
  return out as Partial<TSupervisionMemberInput>;
}

/** The person behind a training history: a console account or a roster member (people typed by hand have none). */
export function historyTarget(a: { kind: string; userId: string | null; memberId: string | null }): { kind: 'user' | 'supervision_member'; id: string } | null {
  if (a.kind === 'user' && a.userId) return { kind: 'user', id: a.userId };
  if (a.kind === 'supervision_member' && a.memberId) return { kind: 'supervision_member', id: a.memberId };
  return null;
}

/** The POST /supervision/members/:id/replace body: the successor (if any) serves in the leaving member's village. */
export function replaceBody(v: { reason: string; leftOn: string; successor?: Omit<MemberFormValues, 'regionCode'> | null }): {
  reason: string;
  leftOn: string;
  successor?: Partial<Omit<TSupervisionMemberInput, 'regionCode'>>;
} {
  const out: { reason: string; leftOn: string; successor?: Partial<Omit<TSupervisionMemberInput, 'regionCode'>> } = { reason: v.reason.trim(), leftOn: v.leftOn };
  if (v.successor) {
    const successor = memberBody({ ...v.successor, regionCode: '' });
    delete successor.regionCode;
    out.successor = successor;
  }
  return out;
}

/** Only console paths are followed from an explanation (`/…`, never `//…` or an absolute URL). */
export function isConsolePath(link: string | null | undefined): link is string {
  return !!link && link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\');
}

/** Today's date in China time (YYYY-MM-DD), the default of date fields. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
