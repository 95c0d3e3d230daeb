/**
 * Pure helpers of the 案件 pages: list filters, the progress steps, the action buttons and where each
 * one posts, the sanctions editor (category → measure, yuan → fen), the new-case prefill from a clue
 * and the anonymity check of a typical case. No React here (unit-tested in case-logic.test.ts).
 */
import {
  CASE_STATUSES,
  PROBLEM_SOURCES,
  SANCTION_CATEGORIES,
  SANCTION_MEASURE_LABELS,
  parentCodeOf,
  type TCaseDetail,
  type TCaseRequest,
  type TCaseStatus,
  type TProblemSource,
  type TSanctionCategory,
  type TSanctionRequest,
} from '@mpw/contracts';
import type { Query } from '../../api';
import { urlQuery } from '../../hooks';

export type TCaseAction = TCaseDetail['actions'][number];

// ---- List ----

/** The filters of the case list, read from the address bar (dashboard links set the date windows and the sanction ones). */
export const CASE_LIST_FILTERS = [
  'status', 'kind', 'regionCode', 'sourceType', 'faultTolerance', 'q',
  'createdFrom', 'createdTo', 'filedFrom', 'filedTo', 'executedFrom', 'executedTo', 'sanction', 'sanctionFrom', 'sanctionTo',
] as const;

export function caseListQuery(params: URLSearchParams): Query {
  const q = urlQuery(params, CASE_LIST_FILTERS, '');
  // The decision window narrows a sanction category; left over without one it would be refused.
  if (!q.sanction) {
    delete q.sanctionFrom;
    delete q.sanctionTo;
  }
  return q;
}

// ---- Progress ----

/** The main track of a case (初核 → 立案 → 调查 → 审理 → 处理决定 → 执行完毕); 初核了结 ends it after the first step. */
export const CASE_TRACK: readonly TCaseStatus[] = CASE_STATUSES.filter((s) => s !== 'closed_unfiled');

export interface CaseSteps {
  steps: TCaseStatus[];
  /** Index of the current step. */
  current: number;
  /** The case has reached its end (executed, or closed without filing). */
  finished: boolean;
}

export function caseSteps(status: TCaseStatus): CaseSteps {
  if (status === 'closed_unfiled') return { steps: ['preliminary', 'closed_unfiled'], current: 1, finished: true };
  const steps = [...CASE_TRACK];
  return { steps, current: steps.indexOf(status), finished: status === 'executed' };
}

// ---- Actions ----

/** Button order on the detail page: the next step of the flow first, then side actions. */
export const ACTION_ORDER: readonly TCaseAction[] = [
  'file',
  'close_unfiled',
  'investigate',
  'review',
  'decide',
  'execute',
  'note',
  'propose_tolerance',
  'decide_tolerance',
  'add_accountability',
  'draft_typical',
  'decide_typical',
  'publish_typical',
  'withdraw_typical',
];

const PRIMARY: ReadonlySet<TCaseAction> = new Set(['file', 'investigate', 'review', 'decide', 'execute', 'decide_tolerance', 'decide_typical', 'publish_typical']);
const DANGER: ReadonlySet<TCaseAction> = new Set(['close_unfiled', 'withdraw_typical']);

export interface ActionButton {
  key: TCaseAction;
  /** i18n key of the label: `case.action.<key>`. */
  labelKey: `case.action.${TCaseAction}`;
  primary: boolean;
  danger: boolean;
}

/** The buttons of the actions the server allows now (unknown values are ignored), in `ACTION_ORDER`. */
export function actionButtons(actions: readonly string[]): ActionButton[] {
  const allowed = new Set(actions);
  return ACTION_ORDER.filter((a) => allowed.has(a)).map((key) => ({ key, labelKey: `case.action.${key}`, primary: PRIMARY.has(key), danger: DANGER.has(key) }));
}

/** The endpoint (under /api/v1) an action posts to. Typical-case actions need the typical case's id. */
export function actionPath(action: TCaseAction, caseId: string, typicalId?: string | null): string {
  const c = `/cases/${caseId}`;
  const typical = (verb: string) => {
    if (!typicalId) throw new Error(`${action} needs a typical case`);
    return `/cases/typical/${typicalId}/${verb}`;
  };
  switch (action) {
    case 'file': return `${c}/file`;
    case 'close_unfiled': return `${c}/close-unfiled`;
    case 'investigate': return `${c}/investigate`;
    case 'review': return `${c}/review`;
    case 'decide': return `${c}/decide`;
    case 'execute': return `${c}/execute`;
    case 'note': return `${c}/notes`;
    case 'propose_tolerance': return `${c}/tolerance`;
    case 'decide_tolerance': return `${c}/tolerance/decide`;
    case 'add_accountability': return `${c}/accountability`;
    case 'draft_typical': return `${c}/typical`;
    case 'decide_typical': return typical('decide');
    case 'publish_typical': return typical('publish');
    case 'withdraw_typical': return typical('withdraw');
  }
}

// ---- Sanctions editor ----

export interface MeasureOption {
  value: string;
  label: string;
}

/** The measures of a category, as the contracts list them (党纪: mildest first; 政务: 政务处分法 art. 7). */
export function measureOptions(category: TSanctionCategory | null | undefined): MeasureOption[] {
  if (!category) return [];
  return Object.entries(SANCTION_MEASURE_LABELS[category]).map(([value, label]) => ({ value, label }));
}

/** Judicial transfer and recovery have one measure each: the editor picks it without asking. */
export function defaultMeasure(category: TSanctionCategory): string | undefined {
  const options = measureOptions(category);
  return options.length === 1 ? options[0]!.value : undefined;
}

/** Yuan as typed (a number, or text such as "1,234.5") → integer fen without float drift; null when not a positive amount with at most 2 decimals. */
export function yuanToFen(yuan: number | string | null | undefined): number | null {
  if (yuan === null || yuan === undefined) return null;
  const text = (typeof yuan === 'number' ? (Number.isFinite(yuan) ? yuan.toFixed(2) : '') : yuan).replace(/[,，\s]/g, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return fen > 0 && Number.isSafeInteger(fen) ? fen : null;
}

/** One row of the sanctions editor (the form's values). */
export interface SanctionRow {
  category?: TSanctionCategory;
  measure?: string;
  /** Recovery only: yuan. */
  amountYuan?: number | string | null;
  note?: string;
}

/** The editor's rows as the request's `sanctions`: empty rows dropped, a recovery's yuan in fen, notes trimmed. */
export function sanctionsBody(rows: readonly SanctionRow[] | undefined): TSanctionRequest[] {
  const out: TSanctionRequest[] = [];
  for (const r of rows ?? []) {
    if (!r?.category) continue;
    const measure = r.measure ?? defaultMeasure(r.category);
    if (!measure) continue;
    const s: TSanctionRequest = { category: r.category, measure };
    if (r.category === 'recovery') {
      const fen = yuanToFen(r.amountYuan);
      if (fen !== null) s.amountFen = fen;
    }
    const note = r.note?.trim();
    if (note) s.note = note;
    out.push(s);
  }
  return out;
}

/** The recovered total (fen) of the editor's rows, shown under the table before saving. */
export function recoveryTotalFen(rows: readonly SanctionRow[] | undefined): number {
  return sanctionsBody(rows).reduce((sum, s) => sum + (s.category === 'recovery' ? (s.amountFen ?? 0) : 0), 0);
}

export const SANCTION_CATEGORY_ORDER: readonly TSanctionCategory[] = SANCTION_CATEGORIES;

// ---- New case ----

export interface CaseFormValues {
  title: string;
  sourceType: TProblemSource;
  sourceId?: string;
  regionCode?: string;
  subjectName: string;
  subjectPosition: string;
  subjectIdNumber?: string;
  summary: string;
  handlingRegionCode?: string;
}

/** `/cases/new?sourceType=report&sourceId=<id>`: the clue the form starts from (an unknown type is ignored). */
export function cluePrefill(params: URLSearchParams): { sourceType: TProblemSource; sourceId?: string } {
  const type = params.get('sourceType') ?? '';
  const id = params.get('sourceId')?.trim() ?? '';
  if (!(PROBLEM_SOURCES as readonly string[]).includes(type) || type === 'direct') return { sourceType: 'direct' };
  return id ? { sourceType: type as TProblemSource, sourceId: id } : { sourceType: type as TProblemSource };
}

/** What a report gives the form: the place, the reported person and the content as the clue. */
export function prefillFromReport(r: { number: string; regionCode: string; subjectName: string; subjectPosition: string; content: string; subjectIdNumber?: string | null }): Partial<CaseFormValues> {
  return {
    title: `${r.subjectName}${r.subjectPosition}问题线索（举报${r.number}）`.slice(0, 100),
    regionCode: r.regionCode,
    subjectName: r.subjectName,
    subjectPosition: r.subjectPosition,
    summary: r.content.slice(0, 5000),
    ...(r.subjectIdNumber ? { subjectIdNumber: r.subjectIdNumber } : {}),
  };
}

/** What an alert gives the form: the place and its plain summary. The person is not known from an alert. */
export function prefillFromAlert(a: { regionCode: string; summary: string; regionName?: string | null }): Partial<CaseFormValues> {
  return { title: `${a.regionName ?? ''}预警问题线索`.slice(0, 100), regionCode: a.regionCode, summary: a.summary.slice(0, 5000) };
}

/** Only fields the user has not typed are filled in. */
export function mergePrefill(current: Partial<CaseFormValues>, prefill: Partial<CaseFormValues>): Partial<CaseFormValues> {
  const out: Partial<CaseFormValues> = {};
  for (const [k, v] of Object.entries(prefill) as [keyof CaseFormValues, string][]) {
    const have = current[k];
    if (have === undefined || have === null || (typeof have === 'string' && have.trim() === '')) (out as Record<string, string>)[k] = v;
  }
  return out;
}

/** The form's values as POST /cases wants them: trimmed, optional fields left out when empty, no id for a direct clue. */
export function caseRequestBody(v: CaseFormValues): TCaseRequest {
  const body: TCaseRequest = {
    title: v.title.trim(),
    sourceType: v.sourceType,
    subjectName: v.subjectName.trim(),
    subjectPosition: v.subjectPosition.trim(),
    summary: v.summary.trim(),
  };
  if (v.sourceType !== 'direct' && v.sourceId?.trim()) body.sourceId = v.sourceId.trim();
  if (v.regionCode) body.regionCode = v.regionCode;
  const id = v.subjectIdNumber?.trim().toUpperCase();
  if (id) body.subjectIdNumber = id;
  if (v.handlingRegionCode) body.handlingRegionCode = v.handlingRegionCode;
  return body;
}

/** The levels that may handle a case of this account: its own region and each region above it (a township may pass a case up to the district). */
export function handlingLevels(actorRegion: string): string[] {
  const out: string[] = [];
  for (let c: string | null = actorRegion; c; c = parentCodeOf(c)) out.push(c);
  return out;
}

/** The console page of a case's source record, when it has one. */
export function sourcePath(sourceType: TProblemSource, sourceId: string | null): string | null {
  if (!sourceId) return null;
  switch (sourceType) {
    case 'alert': return `/alerts/${sourceId}`;
    case 'report': return `/reports/${sourceId}`;
    case 'matter': return `/matters/${sourceId}`;
    case 'disclosure': return `/disclosures/${sourceId}`;
    case 'finding': return `/inspections/findings/${sourceId}`;
    case 'direct': return null;
  }
}

// ---- Typical cases ----

/**
 * Why a typical case's text is not anonymous, or null: it names a person of the case (the full name, or
 * the given name of a name of three characters or more), or carries an 18-digit identity number or an
 * 11-digit mobile number. The server refuses the same (cases.policy.ts); this answers in the form.
 */
export function personalDataProblem(text: string, names: readonly (string | null | undefined)[]): 'name' | 'idNumber' | 'phone' | null {
  const compact = text.replace(/\s+/g, '');
  for (const name of names) {
    const n = (name ?? '').replace(/\s+/g, '');
    if (!n) continue;
    const tokens = n.length >= 3 ? [n, n.slice(1)] : [n];
    if (tokens.some((t) => compact.includes(t))) return 'name';
  }
  if (/(?<![0-9])\d{17}[\dXx](?![0-9])/.test(text)) return 'idNumber';
  if (/(?<![0-9])1[3-9]\d{9}(?![0-9])/.test(text)) return 'phone';
  return null;
}
