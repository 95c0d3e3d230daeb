import { describe, expect, it } from 'vitest';
import { accountOptions, currentPeriod, entryActions, todayChina } from './books';
import { fenToYuanText, yuanToFen } from './format';

const all = () => true;
const none = () => false;
const e = (status: 'draft' | 'pending_review' | 'final' | 'rejected', extra: Partial<{ reversedByEntryId: string | null; reversesEntryId: string | null }> = {}) => ({
  status,
  reversedByEntryId: null,
  reversesEntryId: null,
  ...extra,
});

describe('books rules', () => {
  it('offers the actions the status and permissions allow', () => {
    expect(entryActions(e('draft'), all)).toEqual(['submit']);
    expect(entryActions(e('rejected'), all)).toEqual(['submit']);
    expect(entryActions(e('pending_review'), all)).toEqual(['approve', 'reject']);
    expect(entryActions(e('pending_review'), (p) => p === 'books:entry:write')).toEqual([]);
    expect(entryActions(e('final'), all)).toEqual(['reverse']);
    expect(entryActions(e('final', { reversedByEntryId: 'x' }), all)).toEqual([]);
    expect(entryActions(e('final', { reversesEntryId: 'x' }), all)).toEqual([]);
    expect(entryActions(e('draft'), none)).toEqual([]);
  });
  it('lists accounts of the direction first', () => {
    const expense = accountOptions('expense');
    expect(expense[0]?.value).toBe('401');
    expect(expense.some((a) => a.value === '501')).toBe(false);
    expect(expense.some((a) => a.value === '102')).toBe(true);
  });
  it('converts yuan to integer fen without float drift', () => {
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(1234.56)).toBe(123456);
    expect(yuanToFen(19.99)).toBe(1999);
    expect(fenToYuanText(123456)).toBe('1,234.56');
  });
  it('uses China time for the period', () => {
    expect(currentPeriod(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12');
    expect(todayChina(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
  });
});
