/**
 * Pure helpers of 我家的待遇查询 and the survey (unit-tested in household.test.ts). The contracts'
 * rules are copied here, not imported, to keep zod out of the portal: the test compares them.
 */
import type { THouseholdView } from '@mpw/contracts';
import { yuan } from '../../books';
import { H } from './strings';

/** QUERY_CODE_ALPHABET of the contracts: no 0/O, 1/I/L. */
export const QUERY_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** What is typed → "K7QM-3XHP": upper case, only the alphabet's characters, a dash after the 4th. */
export function formatQueryCodeInput(input: string): string {
  const raw = [...input.toUpperCase()].filter((c) => QUERY_CODE_ALPHABET.includes(c)).join('').slice(0, 8);
  return raw.length > 4 ? `${raw.slice(0, 4)}-${raw.slice(4)}` : raw;
}

export function isQueryCode(v: string): boolean {
  return /^[A-HJKMNP-Z2-9]{4}-?[A-HJKMNP-Z2-9]{4}$/.test(v.trim().toUpperCase());
}

/** The code carried by the card's QR link (`…/household#code=XXXX-XXXX`), or null. */
export function codeFromHash(hash: string): string | null {
  const m = /(?:^#|&)code=([^&]*)/.exec(hash);
  if (!m) return null;
  let raw: string;
  try {
    raw = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  const code = formatQueryCodeInput(raw);
  return isQueryCode(code) ? code : null;
}

export interface VerifyValues {
  idNumber: string;
  name: string;
  queryCode: string;
}
export type VerifyErrors = Partial<Record<keyof VerifyValues, string>>;

/** The same rules as ZHouseholdVerifyRequest, checked before sending. */
export function validateVerify(v: VerifyValues): VerifyErrors {
  const e: VerifyErrors = {};
  if (!/^\d{17}[\dX]$/.test(v.idNumber.trim().toUpperCase())) e.idNumber = H.idInvalid;
  if (!v.name.trim()) e.name = H.nameRequired;
  if (!isQueryCode(v.queryCode)) e.queryCode = H.codeInvalid;
  return e;
}

/** A return path after verifying: only a page of this village. */
export function safeReturn(ret: string | null, villageCode: string): string | null {
  return ret && ret.startsWith(`/v/${villageCode}/`) && !ret.includes('//', 1) ? ret : null;
}

/** "2025-03-01" → "2025年3月". */
export function monthOf(date: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月` : date;
}

type Entitlement = THouseholdView['entitlements'][number];

/** "低保，每月 650.00 元，从 2025年3月起" (or "…，2025年3月至2026年1月"). */
export function entitlementLine(e: Entitlement): string {
  const parts = [e.program];
  if (e.monthlyAmountFen !== null) parts.push(`每月 ${yuan(e.monthlyAmountFen)}`);
  if (e.householdSize !== null && e.householdSize > 0) parts.push(`保障 ${e.householdSize} 人`);
  parts.push(e.isCurrent || !e.endDate ? `从 ${monthOf(e.startDate)}起` : `${monthOf(e.startDate)}至${monthOf(e.endDate)}`);
  return parts.join('，');
}

/** Current entitlements first, then the newest start. */
export function sortEntitlements(list: Entitlement[]): Entitlement[] {
  return [...list].sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent) || b.startDate.localeCompare(a.startDate));
}

type Payment = THouseholdView['payments'][number];

/** Newest first (the server already sends them so; kept stable for equal dates). */
export function sortPayments(list: Payment[]): Payment[] {
  return [...list].sort((a, b) => b.paidDate.localeCompare(a.paidDate));
}

/** Mirrors HOUSEHOLD_PAYMENT_SOURCE_LABELS. */
export const SOURCE_LABELS: Record<Payment['source'], string> = { department: '部门发放', village_books: '村集体支付' };

/** Totals per source, in fen. */
export function totalsBySource(list: Payment[]): Record<Payment['source'], number> {
  const t: Record<Payment['source'], number> = { department: 0, village_books: 0 };
  for (const p of list) t[p.source] += p.amountFen;
  return t;
}

/** "2026-Q4" → "2026年第四季度". */
export function quarterLabel(q: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(q);
  return m ? `${m[1]}年第${'一二三四'[Number(m[2]) - 1]}季度` : q;
}
