/**
 * Pure helpers of the 举报 pages: list filters, the intake request body, the region rule of the intake
 * form, assignment candidates and the printable receipt. No React here (unit-tested in report-logic.test.ts).
 */
import {
  REPORT_LEVEL_ROLES,
  regionLevelOf,
  type TIntakeReportRequest,
  type TReportAssignee,
  type TReportLevel,
  type TReportReceipt,
  type TReportSubjectKind,
  type TRole,
} from '@mpw/contracts';
import type { Query } from '../../api';
import { urlQuery } from '../../hooks';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The calendar day (China time) of a day or a timestamp: staff see the day a report arrived, never its time. */
export function dayOnly(value: string | null | undefined): string {
  if (!value) return '—';
  if (DAY.test(value)) return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether a history entry carries only a day (entries that came from the reporter). */
export function isDayOnly(value: string): boolean {
  return DAY.test(value);
}

/**
 * The filters of the list page, read from the address bar (dashboard links set the received window,
 * progress, conclusion and micro-power ones); the same query serves the list, export.csv and export.xlsx.
 */
export const LIST_FILTERS = ['status', 'category', 'level', 'regionCode', 'overdue', 'mine', 'q', 'receivedFrom', 'receivedTo', 'accepted', 'concluded', 'conclusion', 'microPower'] as const;

export function listQuery(params: URLSearchParams): Query {
  return urlQuery(params, LIST_FILTERS, '', ['overdue', 'mine']);
}

/** Form values of the intake page. */
export interface IntakeValues {
  channel: 'phone' | 'letter' | 'visit';
  category: TIntakeReportRequest['category'];
  regionCode: string;
  subjectName: string;
  subjectPosition: string;
  subjectKind: TReportSubjectKind;
  content: string;
  occurredWhen?: string;
  receivedOn?: string;
  anonymous: boolean;
  reporterName?: string;
  reporterPhone?: string;
  reporterIdNumber?: string;
  reporterAddress?: string;
  wantsProtection?: boolean;
  passphrase?: string;
}

const opt = (v: string | undefined) => {
  const s = v?.trim();
  return s ? s : undefined;
};

/** The POST /reports body: trimmed, empty optional fields left out, and no reporter at all when anonymous. */
export function intakeBody(v: IntakeValues): TIntakeReportRequest {
  const body: TIntakeReportRequest = {
    channel: v.channel,
    category: v.category,
    regionCode: v.regionCode,
    subjectName: v.subjectName.trim(),
    subjectPosition: v.subjectPosition.trim(),
    subjectKind: v.subjectKind,
    content: v.content.trim(),
    anonymous: v.anonymous,
  };
  const occurredWhen = opt(v.occurredWhen);
  if (occurredWhen) body.occurredWhen = occurredWhen;
  const receivedOn = opt(v.receivedOn);
  if (receivedOn) body.receivedOn = receivedOn;
  if (v.passphrase) body.passphrase = v.passphrase;
  if (!v.anonymous) {
    body.reporter = {
      name: (v.reporterName ?? '').trim(),
      phone: (v.reporterPhone ?? '').trim(),
      wantsProtection: !!v.wantsProtection,
    };
    const idNumber = opt(v.reporterIdNumber)?.toUpperCase();
    if (idNumber) body.reporter.idNumber = idNumber;
    const address = opt(v.reporterAddress);
    if (address) body.reporter.address = address;
  }
  return body;
}

/**
 * The place a report concerns must fit who is reported: a village cadre's report names the village (that
 * village is then barred from it); otherwise a village or a township, never the district itself.
 * Returns the message key of the problem, or null.
 */
export function regionProblem(kind: TReportSubjectKind | undefined, regionCode: string | undefined): 'report.regionMustBeVillage' | 'report.regionNotDistrict' | null {
  if (!regionCode || !/^\d{12}$/.test(regionCode)) return null;
  const level = regionLevelOf(regionCode);
  if (kind === 'village_cadre') return level === 'village' ? null : 'report.regionMustBeVillage';
  return level === 'district' ? 'report.regionNotDistrict' : null;
}

/** Assignment candidates as select options: those with a conflict are shown but disabled, with the reason. */
export function assigneeOptions(list: readonly TReportAssignee[]) {
  return [...list]
    .sort((a, b) => Number(!!a.conflict) - Number(!!b.conflict) || a.displayName.localeCompare(b.displayName, 'zh-CN'))
    .map((a) => ({ value: a.userId, label: a.conflict ? `${a.displayName}（${a.conflict}）` : a.displayName, disabled: !!a.conflict, conflict: a.conflict }));
}

/** The handling levels whose handover the user may do: the levels of the report roles they hold. */
export function handoverLevels(roles: readonly TRole[]): TReportLevel[] {
  return (Object.keys(REPORT_LEVEL_ROLES) as TReportLevel[]).filter((level) => roles.includes(REPORT_LEVEL_ROLES[level]));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A one-page receipt for the reporter (number, day, receipt code); nothing about the content or the reporter. */
export function receiptHtml(r: TReportReceipt, text: { title: string; number: string; receivedOn: string; code: string; hint: string }): string {
  const row = (label: string, value: string, big = false) =>
    `<tr><th style="text-align:left;padding:8px 16px 8px 0;font-weight:normal">${escapeHtml(label)}</th><td style="padding:8px 0;${big ? 'font:bold 28px monospace;letter-spacing:2px' : ''}">${escapeHtml(value)}</td></tr>`;
  return [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>${escapeHtml(text.title)}</title></head><body style="font-family:sans-serif;padding:32px">`,
    `<h2>${escapeHtml(text.title)}</h2><table>`,
    row(text.number, r.number),
    row(text.receivedOn, dayOnly(r.receivedOn)),
    row(text.code, r.receiptCode, true),
    `</table><p>${escapeHtml(text.hint)}</p></body></html>`,
  ].join('');
}
