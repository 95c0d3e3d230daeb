import { describe, expect, it } from 'vitest';
import {
  HOUSEHOLD_PAYMENT_SOURCE_LABELS,
  QUERY_CODE_ALPHABET as CONTRACT_ALPHABET,
  SATISFACTION_LEVEL_LABELS,
  SATISFACTION_DIMENSION_LABELS,
  ZHouseholdVerifyRequest,
  formatQueryCode,
} from '@mpw/contracts';
import { codeFromHash, entitlementLine, formatQueryCodeInput, isQueryCode, QUERY_CODE_ALPHABET, quarterLabel, safeReturn, sortEntitlements, SOURCE_LABELS, totalsBySource, validateVerify } from './household';
import { H } from './strings';

const ent = (over: Partial<Parameters<typeof entitlementLine>[0]> = {}) => ({
  personName: '张三',
  program: '低保',
  startDate: '2025-03-01',
  endDate: null,
  monthlyAmountFen: 65000,
  householdSize: null,
  isCurrent: true,
  ...over,
});

describe('query code input', () => {
  it('keeps the contracts’ alphabet', () => {
    expect(QUERY_CODE_ALPHABET).toBe(CONTRACT_ALPHABET);
  });
  it('formats what is typed as XXXX-XXXX and drops look-alikes', () => {
    expect(formatQueryCodeInput('k7qm3xhp')).toBe('K7QM-3XHP');
    expect(formatQueryCodeInput('k7q')).toBe('K7Q');
    expect(formatQueryCodeInput('K7QM 3XHP extra')).toBe('K7QM-3XHP');
    expect(formatQueryCodeInput('O0I1L-abcd')).toBe('ABCD');
    expect(formatQueryCodeInput('k7qm3xhp')).toBe(formatQueryCode('k7qm3xhp'));
  });
  it('accepts what the contracts accept', () => {
    const base = { villageCode: '330299101201', idNumber: '33029919800101001X', name: '张三' };
    for (const c of ['K7QM-3XHP', 'k7qm3xhp']) {
      expect(isQueryCode(c)).toBe(true);
      expect(ZHouseholdVerifyRequest.safeParse({ ...base, queryCode: c }).success).toBe(true);
    }
    expect(isQueryCode('K7QM-3XH')).toBe(false);
    expect(validateVerify({ idNumber: '3302991980010100', name: ' ', queryCode: 'K7QM' })).toEqual({ idNumber: H.idInvalid, name: H.nameRequired, queryCode: H.codeInvalid });
    expect(validateVerify({ idNumber: '33029919800101001x', name: '张三', queryCode: 'K7QM-3XHP' })).toEqual({});
  });
  it('reads the code from the card link’s fragment', () => {
    expect(codeFromHash('#code=K7QM-3XHP')).toBe('K7QM-3XHP');
    expect(codeFromHash('#x=1&code=k7qm3xhp')).toBe('K7QM-3XHP');
    expect(codeFromHash('#code=%E4%B8%AD')).toBeNull();
    expect(codeFromHash('#code=%')).toBeNull();
    expect(codeFromHash('')).toBeNull();
  });
});

describe('household view in plain words', () => {
  it('says an entitlement as a sentence', () => {
    expect(entitlementLine(ent())).toBe('低保，每月 650.00 元，从 2025年3月起');
    expect(entitlementLine(ent({ isCurrent: false, endDate: '2026-01-31', monthlyAmountFen: null, householdSize: 3 }))).toBe('低保，保障 3 人，2025年3月至2026年1月');
  });
  it('puts current entitlements first', () => {
    const list = [ent({ program: '旧', isCurrent: false, startDate: '2026-01-01', endDate: '2026-02-01' }), ent({ program: '新' })];
    expect(sortEntitlements(list).map((e) => e.program)).toEqual(['新', '旧']);
  });
  it('totals payments per source with the contracts’ labels', () => {
    expect(SOURCE_LABELS).toEqual(HOUSEHOLD_PAYMENT_SOURCE_LABELS);
    const p = (amountFen: number, source: 'department' | 'village_books') => ({ personName: '张三', item: 'x', amountFen, paidDate: '2026-01-01', source, description: null });
    expect(totalsBySource([p(100, 'department'), p(250, 'village_books'), p(50, 'department')])).toEqual({ department: 150, village_books: 250 });
  });
  it('names quarters and keeps return paths inside the village', () => {
    expect(quarterLabel('2026-Q4')).toBe('2026年第四季度');
    expect(safeReturn('/v/330299101201/survey', '330299101201')).toBe('/v/330299101201/survey');
    expect(safeReturn('/v/330299101202/survey', '330299101201')).toBeNull();
    expect(safeReturn('https://evil.example/', '330299101201')).toBeNull();
    expect(safeReturn('/v/330299101201//evil.example', '330299101201')).toBeNull();
  });
  it('mirrors the survey labels of the contracts', () => {
    expect(Object.fromEntries(H.levels)).toEqual(SATISFACTION_LEVEL_LABELS);
    expect(Object.fromEntries(H.dimensions.map(([k, l]) => [k, l]))).toEqual(SATISFACTION_DIMENSION_LABELS);
  });
});
