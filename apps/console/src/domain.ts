/**
 * Shapes the console reads from the power, matters and decisions APIs that the contracts package does
 * not export as types (the matters schemas live in the server module; see
 * apps/server/src/modules/matters/matters.schemas.ts), and the pure rules the pages share. No React here,
 * so that everything is unit-tested in node.
 */
import {
  POWER_CATEGORIES,
  type TDecisionStageView,
  type TFlowStep,
  type TMatterAction,
  type TMatterStatus,
  type TPowerCategory,
  type TPowerItem,
  type TPowerItemContent,
} from '@mpw/contracts';

// ── Power list ─────────────────────────────────────────────────────────────────────────

/** GET /power/items/:id/versions[/:version] (ZPowerItemVersion). */
export interface TPowerItemVersion {
  version: number;
  content: TPowerItemContent;
  changeNote: string | null;
  createdBy: string | null;
  createdAt: string;
}

/** Items grouped by category, in the contracts' category order; unknown categories last. */
export function groupByCategory<T extends { content: { category: string } }>(items: readonly T[]): { category: string; items: T[] }[] {
  const order = new Map<string, number>(POWER_CATEGORIES.map((c, i) => [c, i]));
  const groups = new Map<string, T[]>();
  for (const it of items) {
    const list = groups.get(it.content.category) ?? [];
    list.push(it);
    groups.set(it.content.category, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (order.get(a) ?? 99) - (order.get(b) ?? 99) || a.localeCompare(b))
    .map(([category, list]) => ({ category, items: list }));
}

/**
 * A proposed later version awaiting the district's approval: an active item keeps its version in force
 * while a newer one waits (the item's status stays `active`), so the versions list tells.
 */
export function pendingVersionOf(item: Pick<TPowerItem, 'status' | 'version'>, versions: readonly Pick<TPowerItemVersion, 'version'>[]): number | null {
  const latest = versions.reduce((m, v) => Math.max(m, v.version), 0);
  if (item.status === 'pending_approval') return latest || item.version;
  return latest > item.version ? latest : null;
}

/** The first step of a flow a matter starts at (the one whose role must start it), ignoring conditions. */
export function firstStepRole(content: Pick<TPowerItemContent, 'flow'>): string | null {
  return content.flow.steps[0]?.role ?? null;
}

/** A server validation path ("content.flow.steps.2.id") as an antd form name path. */
export function fieldPath(path: string): (string | number)[] {
  return path
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Form values of the content editor: the content, with each flow step's optional condition as plain text. */
export type StepFormValue = Partial<TFlowStep> & { when?: { amountAtLeastSetting?: string } };
export type ContentFormValue = Omit<Partial<TPowerItemContent>, 'flow'> & { flow?: { steps?: StepFormValue[] } };

const trimList = (xs: unknown): string[] => (Array.isArray(xs) ? xs.map((x) => String(x ?? '').trim()).filter(Boolean) : []);
const str = (x: unknown) => (typeof x === 'string' ? x.trim() : '');

/**
 * The content to send from the editor's values: strings trimmed, empty list rows dropped, each step
 * carrying only the fields of its kind, an empty condition left out. The server validates the rest.
 */
export function contentFromForm(v: ContentFormValue): TPowerItemContent {
  const steps = (v.flow?.steps ?? []).map((s) => {
    const base: Record<string, unknown> = {
      id: str(s.id),
      kind: s.kind,
      name: str(s.name),
      role: s.role,
      deadlineDays: s.deadlineDays,
      materials: trimList(s.materials),
      disclose: str(s.disclose),
    };
    const setting = str(s.when?.amountAtLeastSetting);
    if (setting) base.when = { amountAtLeastSetting: setting };
    const any = s as Record<string, unknown>;
    if (s.kind === 'review') base.canReturn = any.canReturn !== false;
    if (s.kind === 'meeting') base.stage = any.stage;
    if (s.kind === 'notice') base.days = any.days;
    if (s.kind === 'execution') base.requiresVouchers = any.requiresVouchers !== false;
    return base;
  });
  return {
    name: str(v.name),
    category: v.category as TPowerCategory,
    gbClass: str(v.gbClass),
    legalBasis: trimList(v.legalBasis),
    responsibilities: (v.responsibilities ?? []).filter((r) => r && (str(r.subject) || str(r.duty))).map((r) => ({ subject: str(r.subject), duty: str(r.duty) })),
    flow: { steps: steps as TFlowStep[] },
    riskPoints: (v.riskPoints ?? []).filter((r) => r && (str(r.risk) || str(r.prevention))).map((r) => ({ risk: str(r.risk), level: r.level, prevention: str(r.prevention) })),
    disclosure: (v.disclosure ?? []).filter((r) => r && (str(r.what) || str(r.when))).map((r) => ({ what: str(r.what), when: str(r.when) })),
    timeLimitDays: v.timeLimitDays as number,
    materials: trimList(v.materials),
    isService: Boolean(v.isService),
    summary: str(v.summary),
  };
}

/** A blank item for "new local item": one application step, to be filled in. */
export function blankContent(role = 'village_secretary'): TPowerItemContent {
  return {
    name: '',
    category: '其他',
    gbClass: '',
    legalBasis: [''],
    responsibilities: [{ subject: '', duty: '' }],
    flow: { steps: [{ id: 'apply', kind: 'application', name: '', role: role as TFlowStep['role'], deadlineDays: 3, materials: [], disclose: '' }] },
    riskPoints: [],
    disclosure: [],
    timeLimitDays: 10,
    materials: [],
    isService: false,
    summary: '',
  };
}

// ── Matters ────────────────────────────────────────────────────────────────────────────

export type TStepState = 'done' | 'current' | 'pending' | 'skipped';

export interface TMatterStep {
  index: number;
  id: string;
  name: string;
  kind: string;
  role: string;
  state: TStepState;
  deadlineDays: number;
  disclose: string;
}

export interface TMatterSummary {
  id: string;
  matterNo: string;
  title: string;
  itemId: string;
  itemCode: string;
  itemName: string;
  itemVersion: number;
  regionCode: string;
  regionName: string;
  status: TMatterStatus;
  amountFen: number | null;
  currentStepName: string | null;
  currentStepKind: string | null;
  currentStepRole: string | null;
  stepDueOn: string | null;
  isOverdue: boolean;
  createdAt: string;
}

export interface TMatterEvent {
  id: string;
  action: string;
  stepId: string | null;
  stepName: string | null;
  actorName: string | null;
  actorRole: string | null;
  note: string | null;
  data: unknown;
  at: string;
}

export interface TMatterObjection {
  id: string;
  stepId: string;
  content: string;
  raisedByName: string | null;
  raisedAt: string;
  answer: string | null;
  answeredAt: string | null;
  upheld: boolean | null;
}

export interface TMatterDetail extends TMatterSummary {
  applicantName: string | null;
  applicantIdMasked: string | null;
  decisionId: string | null;
  noticeEndsOn: string | null;
  steps: TMatterStep[];
  events: TMatterEvent[];
  objections: TMatterObjection[];
  allowedActions: string[];
}

/** GET /matters/filings. */
export interface TFilingInbox {
  pending: TMatterSummary[];
  recent: { matterId: string; regionCode: string; regionName: string; action: string; note: string | null; at: string; actorName: string | null }[];
  byVillage: { regionCode: string; regionName: string; pending: number; accepted: number; returned: number; averageHoursToDecision: number | null }[];
  /** Matters waiting at a filing step in the reader's scope, all pages; of them overdue. */
  pendingTotal: number;
  pendingOverdue: number;
}

/** Actions whose note is a required reason (the server's NEEDS_NOTE). */
export const REASON_ACTIONS: readonly string[] = ['reject', 'return', 'file_return', 'withdraw'];

export type ActionForm = 'meeting' | 'answer' | 'object' | 'reason' | 'note';

/** Which form the action panel opens for an action. */
export function actionForm(action: string): ActionForm {
  if (action === 'record_meeting') return 'meeting';
  if (action === 'answer_objection') return 'answer';
  if (action === 'object') return 'object';
  if (REASON_ACTIONS.includes(action)) return 'reason';
  return 'note';
}

/** Order of the buttons in the action panel: the step's forward action first, the ending ones last. */
const ACTION_ORDER: readonly TMatterAction[] = [
  'submit', 'approve', 'record_meeting', 'close_notice', 'answer_objection', 'file_accept', 'execute', 'disclose', 'return', 'file_return', 'object', 'reject', 'withdraw',
];

export function sortActions(actions: readonly string[]): string[] {
  const rank = (a: string) => {
    const i = ACTION_ORDER.indexOf(a as TMatterAction);
    return i < 0 ? 99 : i;
  };
  return [...new Set(actions)].sort((a, b) => rank(a) - rank(b));
}

export function isDangerAction(action: string): boolean {
  return action === 'reject' || action === 'withdraw';
}

/** antd Steps status of a matter step. */
export function stepStatus(step: Pick<TMatterStep, 'state'>, matter: { status: string; isOverdue: boolean }): 'wait' | 'process' | 'finish' | 'error' {
  switch (step.state) {
    case 'done':
      return 'finish';
    case 'current':
      // Overdue is an error; a matter paused by an objection is still being worked on (its tag says why).
      return matter.isOverdue ? 'error' : 'process';
    default:
      return 'wait';
  }
}

/**
 * The server's flowchart SVG with each step's group marked with its state for the matter
 * (`mpw-state-done|current|pending|skipped`), so that CSS colours the steps. The SVG groups carry
 * `data-step-id`; unknown ids are left alone.
 */
export function markFlowchartStates(svg: string, steps: readonly Pick<TMatterStep, 'id' | 'state'>[]): string {
  const byId = new Map(steps.map((s) => [s.id, s.state]));
  return svg.replace(/<g class="([^"]*)" data-step-id="([^"]+)"/g, (m, cls: string, id: string) => {
    const state = byId.get(id);
    return state ? `<g class="${cls} mpw-state-${state}" data-step-id="${id}"` : m;
  });
}

/** Mainland resident ID number: 17 digits and a check character (GB 11643). */
export function isValidIdNumber(id: string): boolean {
  const s = id.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(s[i]), 0);
  return '10X98765432'[sum % 11] === s[17];
}

/** Counts of a meeting record, for display: "实到 23/30，赞成 20，反对 2，弃权 1". */
export function meetingCounts(r: Partial<Pick<TDecisionStageView, 'eligible' | 'attendees' | 'votesFor' | 'votesAgainst' | 'abstentions'>>): {
  attendance: string | null;
  votes: string | null;
} {
  const attendance = r.attendees != null ? (r.eligible != null ? `${r.attendees}/${r.eligible}` : String(r.attendees)) : null;
  const parts = [r.votesFor, r.votesAgainst, r.abstentions];
  const votes = parts.some((x) => x != null) ? parts.map((x) => (x == null ? '—' : String(x))).join(' / ') : null;
  return { attendance, votes };
}

/** Hours as "3.5 h" / "2.1 d" style short text (for the filing inbox). */
export function hoursText(h: number | null, units: { h: string; d: string }): string {
  if (h === null || !Number.isFinite(h)) return '—';
  return h >= 48 ? `${(h / 24).toFixed(1)} ${units.d}` : `${h.toFixed(1)} ${units.h}`;
}

// ── Tag colours ────────────────────────────────────────────────────────────────────────

export const ITEM_STATUS_COLOURS: Record<string, string> = { active: 'green', pending_approval: 'gold', rejected: 'red', retired: 'default' };
export const RISK_COLOURS: Record<string, string> = { 高: 'red', 中: 'orange', 低: 'blue' };
export const MATTER_STATUS_COLOURS: Record<string, string> = { running: 'processing', paused: 'warning', completed: 'success', rejected: 'error', withdrawn: 'default' };
export const DECISION_STATUS_COLOURS: Record<string, string> = { in_progress: 'processing', passed: 'green', failed: 'red', completed: 'success' };
/** Alert severities 红/黄/蓝 as antd tag colours. */
export const SEVERITY_COLOURS: Record<string, string> = { red: 'red', yellow: 'gold', blue: 'blue' };
export const ALERT_STATUS_COLOURS: Record<string, string> = { open: 'volcano', confirmed: 'red', dismissed: 'default', closed: 'green' };
/** Colour of a history event in the matter timeline. */
export function eventColour(action: string): string {
  // Explicit colours: antd's named 'blue' follows the theme's (red) primary colour.
  if (action === 'reject' || action === 'withdraw' || action === 'overdue') return '#cf1322';
  if (action === 'return' || action === 'file_return' || action === 'object') return '#fa8c16';
  if (action === 'complete' || action === 'file_accept' || action === 'approve') return '#52c41a';
  return '#1677ff';
}

// ── Meeting records (四议两公开) ───────────────────────────────────────────────────────

/** The form values of a meeting record (ZMeetingRecord / ZRecordDecisionStageRequest). */
export interface MeetingValues {
  body?: string;
  heldOn?: string;
  place?: string;
  chair?: string;
  recorder?: string;
  eligible?: number | null;
  attendees?: number | null;
  votesFor?: number | null;
  votesAgainst?: number | null;
  abstentions?: number | null;
  minutes?: string;
}

/** Today in the browser's time zone, YYYY-MM-DD (meeting dates are calendar days). */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The meeting record without empty fields (InputNumber gives null when cleared). */
export function meetingBody(m: MeetingValues): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'string') {
      if (v.trim()) out[k] = v.trim();
    } else out[k] = v;
  }
  return out;
}

