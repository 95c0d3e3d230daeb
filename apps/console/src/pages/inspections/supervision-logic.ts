/**
 * Pure helpers of the 监督检查 (inspections) and 整改 (rectification) pages: status colours, list and
 * ledger filters (the same query serves the table and the Excel export), request bodies, the checklist
 * that follows the chosen focus areas, who may be on a team, what the signed-in account may do with a
 * rectification item, and the bar chart of the on-time completion rate (按期完成率).
 * No React here (unit-tested in supervision-logic.test.ts). The server remains the authority on every rule.
 */
import {
  DEFAULT_CHECKLISTS,
  FOCUS_AREAS,
  hasPermission,
  isWithinRegion,
  regionLevelOf,
  type TChecklistArea,
  type TFindingStatus,
  type TFocusArea,
  type TInspectionPlanStatus,
  type TPermission,
  type TProblemSource,
  type TRectificationItem,
  type TRectificationItemStatus,
  type TRectificationNoticeRequest,
  type TRectificationNoticeStatus,
  type TRectificationStatsRow,
  type TRole,
} from '@mpw/contracts';
import type { Query } from '../../api';

export const PLAN_STATUS_COLORS: Record<TInspectionPlanStatus, string> = { draft: 'default', active: 'processing', completed: 'success' };
export const FINDING_STATUS_COLORS: Record<TFindingStatus, string> = { open: 'orange', rectifying: 'blue', resolved: 'green', dismissed: 'default' };
export const ITEM_STATUS_COLORS: Record<TRectificationItemStatus, string> = { open: 'blue', answered: 'gold', returned: 'volcano', closed: 'green', reopened: 'magenta' };
export const NOTICE_STATUS_COLORS: Record<TRectificationNoticeStatus, string> = { open: 'blue', closed: 'green' };

/** Copies the named, non-empty parameters of the address bar into a request query. */
function pick(params: URLSearchParams, keys: readonly string[]): Query {
  const q: Query = {};
  for (const key of keys) {
    const v = params.get(key)?.trim();
    if (v) q[key] = v;
  }
  return q;
}

export const PLAN_FILTERS = ['kind', 'status', 'year', 'q'] as const;
export const FINDING_FILTERS = ['status', 'focusArea', 'sourceType', 'regionCode'] as const;
/** The ledger's filters: the same query goes to GET /rectification/items and to export.xlsx. */
export const LEDGER_FILTERS = ['regionCode', 'status', 'sourceType', 'overdue', 'deadlineFrom', 'deadlineTo', 'closedFrom', 'closedTo', 'timeliness', 'q'] as const;

export function planListQuery(params: URLSearchParams): Query {
  const q = pick(params, PLAN_FILTERS);
  if (q.year !== undefined && !/^\d{4}$/.test(String(q.year))) delete q.year;
  return q;
}

export function findingListQuery(params: URLSearchParams): Query {
  return pick(params, FINDING_FILTERS);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Ledger filters from the address bar: `overdue` only as 'true', dates only as YYYY-MM-DD, a reversed range swapped. */
export function ledgerQuery(params: URLSearchParams): Query {
  const q = pick(params, LEDGER_FILTERS);
  if (q.overdue !== 'true') delete q.overdue;
  for (const [from, to] of [['deadlineFrom', 'deadlineTo'], ['closedFrom', 'closedTo']] as const) {
    if (q[from] !== undefined && !DAY.test(String(q[from]))) delete q[from];
    if (q[to] !== undefined && !DAY.test(String(q[to]))) delete q[to];
    if (q[from] && q[to] && String(q[from]) > String(q[to])) [q[from], q[to]] = [q[to], q[from]];
  }
  return q;
}

/**
 * The checklist of the chosen focus areas, in the order of FOCUS_AREAS: an area already in `current`
 * keeps its (possibly edited) items, a newly chosen one starts from DEFAULT_CHECKLISTS, a dropped one goes.
 */
export function checklistFor(areas: readonly TFocusArea[], current: readonly TChecklistArea[] = []): TChecklistArea[] {
  const chosen = new Set(areas);
  return FOCUS_AREAS.filter((a) => chosen.has(a)).map((area) => current.find((c) => c.area === area) ?? { area, items: DEFAULT_CHECKLISTS[area].map((i) => ({ ...i })) });
}

/** A key for an item added by hand to an area's checklist: `<area prefix>x<n>`, unused in that area (≤ 20 chars). */
export function nextChecklistKey(area: TChecklistArea): string {
  const used = new Set(area.items.map((i) => i.key));
  const prefix = area.area.slice(0, 2);
  for (let n = 1; ; n++) {
    const key = `${prefix}x${n}`;
    if (!used.has(key)) return key;
  }
}

/** Drops empty items (text trimmed) so a half-edited line does not fail the whole plan. */
export function cleanChecklist(list: readonly TChecklistArea[]): TChecklistArea[] {
  return list.map((a) => ({ area: a.area, items: a.items.map((i) => ({ key: i.key, text: i.text.trim() })).filter((i) => i.text) }));
}

/** Only village codes: a township ticked in the scope tree stands for its villages, which the tree lists itself. */
export function onlyVillages(codes: readonly string[]): string[] {
  return [...new Set(codes.filter((c) => /^\d{12}$/.test(c) && regionLevelOf(c) === 'village'))].sort();
}

interface UserLike {
  id: string;
  displayName: string;
  regionName?: string | null;
  roles: readonly TRole[];
  status: string;
  isMachine?: boolean;
}

/** Who may be on an inspection team: active people (no API accounts) whose roles read inspection plans. */
export function teamCandidates<U extends UserLike>(users: readonly U[]): U[] {
  return users.filter((u) => u.status === 'active' && !u.isMachine && hasPermission(u.roles, 'inspection:plan:read'));
}

/** The units a notice may be addressed to from `issuerRegion`: strictly within it, a village or a township. */
export function isResponsibleUnit(issuerRegion: string, code: string): boolean {
  if (!/^\d{12}$/.test(code) || code === issuerRegion || !isWithinRegion(code, issuerRegion)) return false;
  const level = regionLevelOf(code);
  return level === 'village' || level === 'township';
}

/** Form values of the new notice page. */
export interface NoticeValues {
  regionCode: string;
  title: string;
  requirement: string;
  issuedOn?: string;
  deadline: string;
  responsibleName: string;
  responsibleUserId?: string;
  items: { problem?: string; requirement?: string; deadline?: string; responsibleName?: string; sourceType?: TProblemSource; sourceId?: string }[];
}

const opt = (v: string | undefined | null) => {
  const s = v?.trim();
  return s ? s : undefined;
};

/** The POST /rectification/notices body: trimmed; an item's empty deadline or person falls back to the notice's (left out); no id for 'direct'. */
export function noticeBody(v: NoticeValues): TRectificationNoticeRequest {
  const body: TRectificationNoticeRequest = {
    regionCode: v.regionCode,
    title: v.title.trim(),
    requirement: v.requirement.trim(),
    deadline: v.deadline,
    responsibleName: v.responsibleName.trim(),
    items: v.items.map((i) => {
      const sourceType = i.sourceType ?? 'direct';
      const item: TRectificationNoticeRequest['items'][number] = { problem: (i.problem ?? '').trim(), requirement: (i.requirement ?? '').trim(), sourceType };
      const deadline = opt(i.deadline);
      if (deadline && deadline !== v.deadline) item.deadline = deadline;
      const person = opt(i.responsibleName);
      if (person && person !== v.responsibleName.trim()) item.responsibleName = person;
      const sourceId = opt(i.sourceId);
      if (sourceType !== 'direct' && sourceId) item.sourceId = sourceId;
      return item;
    }),
  };
  const issuedOn = opt(v.issuedOn);
  if (issuedOn) body.issuedOn = issuedOn;
  const userId = opt(v.responsibleUserId);
  if (userId) body.responsibleUserId = userId;
  return body;
}

export interface Viewer {
  regionCode: string;
  can: (p: TPermission) => boolean;
}

export interface ItemActions {
  answer: boolean;
  accept: boolean;
  return: boolean;
  reopen: boolean;
}

/**
 * What the viewer may do with an item now (buttons only; the server decides). Answer: the responsible
 * unit itself, while the item waits for measures. Accept / return / reopen: an account of the issuing
 * region or above (the issuer's region lies within the viewer's).
 */
export function itemActions(item: Pick<TRectificationItem, 'status' | 'regionCode' | 'issuerRegionCode'>, viewer: Viewer): ItemActions {
  const answerable = item.status === 'open' || item.status === 'returned' || item.status === 'reopened';
  const decider = viewer.can('rectification:item:decide') && isWithinRegion(item.issuerRegionCode, viewer.regionCode);
  return {
    answer: answerable && viewer.can('rectification:item:answer') && viewer.regionCode === item.regionCode,
    accept: decider && item.status === 'answered',
    return: decider && item.status === 'answered',
    reopen: decider && item.status === 'closed',
  };
}

/** 0.8567 → '85.7%'; null (nothing due) → '—'. */
export function rateText(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The ECharts option (the tooltip is HTML: names are escaped) of the on-time completion chart: one bar per unit (rate in %), lowest first so laggards stand out. */
export function statsChartOption(rows: readonly TRectificationStatsRow[], text: { rate: string; due: string }) {
  const shown = rows.filter((r) => r.due > 0).sort((a, b) => (a.onTimeRate ?? 0) - (b.onTimeRate ?? 0) || (a.regionName ?? a.regionCode).localeCompare(b.regionName ?? b.regionCode, 'zh-CN'));
  return {
    grid: { left: 48, right: 24, top: 32, bottom: 48 },
    tooltip: {
      trigger: 'axis' as const,
      formatter: (params: { dataIndex: number }[]) => {
        const r = shown[params[0]?.dataIndex ?? -1];
        return r ? `${escapeHtml(r.regionName ?? r.regionCode)}<br/>${text.rate}：${rateText(r.onTimeRate)}<br/>${text.due}：${r.due}` : '';
      },
    },
    xAxis: { type: 'category' as const, data: shown.map((r) => r.regionName ?? r.regionCode), axisLabel: { interval: 0, rotate: shown.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value' as const, min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: text.rate,
        type: 'bar' as const,
        barMaxWidth: 40,
        data: shown.map((r) => ({
          value: r.onTimeRate === null ? 0 : Math.round(r.onTimeRate * 1000) / 10,
          itemStyle: { color: (r.onTimeRate ?? 0) >= 0.9 ? '#389e0d' : (r.onTimeRate ?? 0) >= 0.6 ? '#d48806' : '#cf1322' },
        })),
        label: { show: true, position: 'top' as const, formatter: '{c}%' },
      },
    ],
  };
}

/** The China calendar day (UTC+8) of `now`, as the server counts deadlines. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A day `days` after `from` (YYYY-MM-DD). */
export function addDays(from: string, days: number): string {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A source named in the address bar (`?sourceType=alert&sourceId=…`): only the types a record can be taken from. */
export function sourceFromParams(params: URLSearchParams, allowed: readonly TProblemSource[]): { sourceType: TProblemSource; sourceId: string } | null {
  const type = params.get('sourceType') as TProblemSource | null;
  const id = params.get('sourceId')?.trim();
  if (!type || !id || !allowed.includes(type) || type === 'direct' || id.length > 100) return null;
  return { sourceType: type, sourceId: id };
}

/** The first line of a long text, cut to `max` characters (a problem taken from an alert or a report). */
export function firstLine(text: string, max = 200): string {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

