import { describe, expect, it } from 'vitest';
import { barWidths, compareText, currentMonth, isMonth, monthLabel, shiftMonth, yuan } from './books';

describe('books helpers', () => {
  it('shifts months across years', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-06', -12)).toBe('2025-06');
  });
  it('takes the month in China time', () => {
    expect(currentMonth(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12');
    expect(currentMonth(new Date('2026-11-30T15:00:00Z'))).toBe('2026-11');
  });
  it('checks and labels months', () => {
    expect(isMonth('2026-11')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth(null)).toBe(false);
    expect(monthLabel('2026-03')).toBe('2026年3月');
  });
  it('formats fen as yuan', () => {
    expect(yuan(123450)).toBe('1,234.50 元');
    expect(yuan(5)).toBe('0.05 元');
  });
  it('scales bars to the largest value', () => {
    expect(barWidths([100, 50, 0])).toEqual([100, 50, 0]);
    expect(barWidths([0, 0])).toEqual([0, 0]);
    expect(barWidths([10000, 1])).toEqual([100, 1]);
  });
  it('compares in plain words', () => {
    expect(compareText(200, 100, '上月')).toBe('比上月多 1.00 元（100%）');
    expect(compareText(50, 100, '上月')).toBe('比上月少 0.50 元（50%）');
    expect(compareText(100, 100, '上月')).toBe('和上月一样');
    expect(compareText(100, 0, '去年同月')).toBe('去年同月没有');
  });
});
