import { accountByCode, hasPermission, type TLedgerDirection, type TLedgerStatus, type TRole } from '@mpw/contracts';

/** Pure rules of the books: identity and credit codes, entry flow, signed amounts. */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 check character of the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Whether an 18-character unified social credit code (GB 32100) has a correct check character. */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(code[i]!) * CREDIT_WEIGHTS[i]!;
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CHARS[check] === code[17];
}

export type CounterpartyIdKind = 'id_number' | 'credit_code';
export interface CounterpartyIdCheck {
  /** Upper-cased, trimmed. */
  value: string;
  kind: CounterpartyIdKind;
  /** null when valid; else a Chinese reason. */
  problem: string | null;
}

/**
 * Classifies a counterparty id: a person's identity number (17 digits + check) or a company's
 * credit code. A value that passes neither check is classed by its shape: digits-only with an
 * optional trailing X is taken as a person's (so it is masked in public), anything else as a code.
 */
export function checkCounterpartyId(raw: string): CounterpartyIdCheck {
  const value = raw.trim().toUpperCase();
  const idShape = /^\d{17}[\dX]$/.test(value);
  if (idShape && idNumberCheckChar(value.slice(0, 17)) === value[17]) return { value, kind: 'id_number', problem: null };
  if (value.length === 18 && isValidCreditCode(value)) return { value, kind: 'credit_code', problem: null };
  if (idShape) return { value, kind: 'id_number', problem: '对方身份证号校验位错误' };
  if (value.length !== 18) return { value, kind: /^\d/.test(value) && /^\d+X?$/.test(value) ? 'id_number' : 'credit_code', problem: '对方证件号应为18位身份证号或统一社会信用代码' };
  return { value, kind: 'credit_code', problem: '对方统一社会信用代码校验位错误' };
}

/** How an identity number appears in public: `3302**********1234`; credit codes stay visible. */
export function publicCounterpartyId(id: string | null): string | null {
  if (!id) return null;
  const c = checkCounterpartyId(id);
  if (c.kind === 'credit_code') return c.value;
  return c.value.length >= 8 ? `${c.value.slice(0, 4)}${'*'.repeat(Math.max(c.value.length - 8, 0))}${c.value.slice(-4)}` : '****';
}

/** The accounting period (YYYY-MM) of an entry date. */
export const periodOf = (date: string) => date.slice(0, 7);

export function shiftPeriod(period: string, months: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + months;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** Whether an account may be used in an entry of this direction. */
export function accountDirectionProblem(accountCode: string, direction: TLedgerDirection): string | null {
  const a = accountByCode(accountCode);
  if (!a) return `未知的会计科目 ${accountCode}`;
  if (a.direction !== 'both' && a.direction !== direction) return `科目“${a.code} ${a.name}”只能用于${a.direction === 'income' ? '收入' : '支出'}`;
  return null;
}

/** State changes of the review flow: which status an action needs. */
export const TRANSITIONS = {
  submit: { from: ['draft', 'rejected'] as TLedgerStatus[], to: 'pending_review' as const },
  approve: { from: ['pending_review'] as TLedgerStatus[], to: 'final' as const },
  reject: { from: ['pending_review'] as TLedgerStatus[], to: 'rejected' as const },
};

export function transitionProblem(action: keyof typeof TRANSITIONS, status: TLedgerStatus): string | null {
  if (TRANSITIONS[action].from.includes(status)) return null;
  const what = { submit: '提交审核', approve: '审核通过', reject: '退回' }[action];
  if (status === 'final') return `凭证已审核定稿，不能再${what}；如有错误请做冲销凭证`;
  return `凭证当前状态不能${what}`;
}

/**
 * What an entry adds to the books: a reversing entry takes back its original, so it counts
 * as a negative amount in the original's direction (totals stay honest for villagers).
 */
export function contribution(e: { direction: TLedgerDirection; amountFen: number; reversesEntryId: string | null }): { direction: TLedgerDirection; fen: number } {
  if (!e.reversesEntryId) return { direction: e.direction, fen: e.amountFen };
  return { direction: e.direction === 'income' ? 'expense' : 'income', fen: -e.amountFen };
}

/** Only district administrators may reopen a closed month (and the system actor, from the command line). */
export const canReopenPeriod = (actor: { kind: string; roles: readonly TRole[] }) => actor.kind === 'system' || hasPermission(actor.roles, 'books:period:reopen');
