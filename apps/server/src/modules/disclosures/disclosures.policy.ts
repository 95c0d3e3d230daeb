import type { TDisclosureContent, TDisclosureStatus } from '@mpw/contracts';

// ---- Privacy guard: what may never be posted on a village notice board ----

/**
 * An 18-character resident identity number (GB 11643-1999): 6-digit area code (first digit
 * 1–8), birth date 18xx/19xx/20xx with a real month and day, 3-digit sequence, check digit
 * or X. Not part of a longer digit run.
 */
const ID_NUMBER = /(?<![0-9A-Za-z])[1-8]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
/** A bank card number: 16–19 digits, written together or in groups of four. */
const BANK_CARD = /(?<!\d)(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?!\d)/g;

/** The text with every identity number masked as on the audit log (1101**********1234). */
export function maskIdNumbers(text: string): string {
  return text.replace(ID_NUMBER, (id) => `${id.slice(0, 4)}**********${id.slice(14)}`);
}

export function hasUnmaskedIdNumber(text: string): boolean {
  return new RegExp(ID_NUMBER.source).test(text);
}

export interface PrivacyProblem {
  /** Where, as a path in the request (`content.sections.1.table.rows.2.3`). */
  path: string;
  /** Where, in words a village secretary reads. */
  message: string;
}

function scan(text: string, path: string, place: string): PrivacyProblem | null {
  if (new RegExp(ID_NUMBER.source).test(text)) return { path, message: `${place}含有未遮蔽的身份证号，请遮蔽中间部分（如 1101**********1234）后再公开` };
  if (new RegExp(BANK_CARD.source).test(text)) return { path, message: `${place}含有疑似银行卡号，公开时不得出现银行卡号` };
  return null;
}

/** Every place in a disclosure where an unmasked identity number or a bank card number appears. */
export function privacyProblems(title: string, content: TDisclosureContent): PrivacyProblem[] {
  const found: (PrivacyProblem | null)[] = [scan(title, 'title', '公开标题'), scan(content.summary, 'content.summary', '公开摘要')];
  content.sections.forEach((s, i) => {
    const at = `第${i + 1}节“${s.heading}”`;
    found.push(scan(s.heading, `content.sections.${i}.heading`, `第${i + 1}节的小标题`));
    if (s.text) found.push(scan(s.text, `content.sections.${i}.text`, `${at}的正文`));
    s.table?.columns.forEach((c, k) => found.push(scan(c, `content.sections.${i}.table.columns.${k}`, `${at}表头第${k + 1}列`)));
    s.table?.rows.forEach((row, r) =>
      row.forEach((cell, k) => found.push(scan(cell, `content.sections.${i}.table.rows.${r}.${k}`, `${at}表格第${r + 1}行第${k + 1}列`))),
    );
  });
  for (const [key, value] of Object.entries(content.totals ?? {})) {
    found.push(scan(key, `content.totals.${key}`, `合计项“${key}”`));
    if (typeof value === 'string') found.push(scan(value, `content.totals.${key}`, `合计项“${key}”`));
  }
  return found.filter((p): p is PrivacyProblem => p !== null);
}

// ---- State rules ----

export const canEditDraft = (status: TDisclosureStatus) => status === 'draft';
export const canPublish = (status: TDisclosureStatus) => status === 'draft';
/** A published item is never changed or withdrawn: it is corrected by a new version. */
export const canCorrect = (status: TDisclosureStatus) => status === 'published';

export function isOverdue(item: { status: TDisclosureStatus; dueOn: string | null }, today: string): boolean {
  return item.status === 'draft' && item.dueOn !== null && item.dueOn < today;
}

// ---- Periods and due dates (domain.md, Disclosure) ----

const pad = (n: number) => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day `day` of the month (clamped to its last day), as YYYY-MM-DD. */
function dayOf(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(Math.min(day, lastDayOfMonth(year, month)))}`;
}

/** The month before the one `today` falls in, as YYYY-MM. */
export function previousMonth(today: string): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}

/** The quarter before the one `today` falls in, as YYYY-Qn. */
export function previousQuarter(today: string): string {
  const y = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
}

/** The monthly statement of month M is due on `dueDay` of month M+1. */
export function monthlyDueOn(period: string, dueDay: number): string {
  const y = Number(period.slice(0, 4));
  const m = Number(period.slice(5, 7));
  return m === 12 ? dayOf(y + 1, 1, dueDay) : dayOf(y, m + 1, dueDay);
}

/** Quarterly items of quarter Q are due on `dueDay` of the first month of the next quarter. */
export function quarterlyDueOn(period: string, dueDay: number): string {
  const y = Number(period.slice(0, 4));
  const q = Number(period.slice(6));
  return q === 4 ? dayOf(y + 1, 1, dueDay) : dayOf(y, q * 3 + 1, dueDay);
}

/** Chinese words for a period: 2026年10月, 2026年第3季度. */
export function periodLabel(period: string | null): string {
  if (!period) return '';
  if (/^\d{4}-Q[1-4]$/.test(period)) return `${period.slice(0, 4)}年第${period.slice(6)}季度`;
  return `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
}
